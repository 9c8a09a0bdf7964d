using System.Text.Json.Nodes;
using Alyx.Cdk;
using Alyx.TestSupport;
using Amazon.CDK;
using Amazon.CDK.Assertions;

namespace Alyx.Cdk.Tests.Stack;

/// <summary>
/// Synthesizes three stacks once for every stack test, because one synthesis takes seconds. "Default" has the
/// defaults: shard count auto, a created token secret and ECR images. "Variant" has three shards, an existing token
/// secret, another registry and no Redis replica. "Assets" has no image settings, so its images build from the
/// Dockerfiles. The templates land in <c>$ALYX_TEST_WORK/cdk.out</c>, where scripts/test runs cfn-lint on them.
/// </summary>
public sealed class SynthesizedStacks
{
    public const string ShardImage = "123456789012.dkr.ecr.us-east-1.amazonaws.com/alyx-shard:1.2.3";
    public const string OrchestratorImage = "123456789012.dkr.ecr.us-east-1.amazonaws.com/alyx-orchestrator:1.2.3";

    public SynthesizedStacks()
    {
        OutputDirectory = Path.Combine(TestServices.Require("ALYX_TEST_WORK", "a work folder"), "cdk.out");
        var app = new App(new AppProps { Outdir = OutputDirectory });
        var defaults = new AlyxStack(app, "Default", new AlyxStackProps { ShardImage = ShardImage, OrchestratorImage = OrchestratorImage });
        var variant = new AlyxStack(app, "Variant", new AlyxStackProps
        {
            Cluster = "prod",
            QueuePrefix = "bot",
            ShardCount = 3,
            TokenSecretName = "bots/prod-token",
            ShardImage = "ghcr.io/example/alyx-shard:2.0",
            OrchestratorImage = "ghcr.io/example/alyx-orchestrator:2.0",
            RedisReplicas = 0,
            LogRetentionDays = 7,
        });
        _ = new AlyxStack(app, "Assets", new AlyxStackProps { Cluster = "assets", RepositoryRoot = Containers.RepositoryLayout.Root });
        var assembly = app.Synth();

        Default = Template.FromStack(defaults);
        Variant = Template.FromStack(variant);
        DefaultJson = new TemplateJson(JsonNode.Parse(File.ReadAllText(Path.Combine(OutputDirectory, defaults.TemplateFile)))!.AsObject());
        VariantJson = new TemplateJson(JsonNode.Parse(File.ReadAllText(Path.Combine(OutputDirectory, variant.TemplateFile)))!.AsObject());
        AssetsManifest = JsonNode.Parse(File.ReadAllText(Path.Combine(assembly.Directory, "Assets.assets.json")))!.AsObject();
    }

    public string OutputDirectory { get; }

    public Template Default { get; }

    public Template Variant { get; }

    public TemplateJson DefaultJson { get; }

    public TemplateJson VariantJson { get; }

    /// <summary>The asset manifest of the stack without image settings, which lists the Docker images to build.</summary>
    public JsonObject AssetsManifest { get; }
}

[CollectionDefinition(Name)]
public sealed class SynthesizedStacksGroup : ICollectionFixture<SynthesizedStacks>
{
    public const string Name = "Synthesized stacks";
}
