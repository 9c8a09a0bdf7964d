using System.Text.Json.Nodes;

namespace Alyx.Cdk.Tests.Stack;

[Collection(SynthesizedStacksGroup.Name)]
public sealed class ImageAssetTests(SynthesizedStacks stacks)
{
    [Fact]
    public void NoImageSettings_Images_BuildFromDockerfiles()
    {
        var images = DockerImages();

        var dockerfiles = images.Select(image => (string?)image["source"]!["dockerFile"]).Order();

        Assert.Equal(["Dockerfile.orchestrator", "Dockerfile.shard"], dockerfiles);
    }

    [Fact]
    public void NoImageSettings_Images_TargetLinuxAmd64()
    {
        var images = DockerImages();

        Assert.All(images, image => Assert.Equal("linux/amd64", (string?)image["source"]!["platform"]));
    }

    [Fact]
    public void NoImageSettings_BuildContext_SkipsOutput()
    {
        var context = Path.Combine(stacks.OutputDirectory, (string)DockerImages()[0]["source"]!["directory"]!);

        var folders = Directory.EnumerateDirectories(context, "*", SearchOption.AllDirectories).Select(Path.GetFileName).ToHashSet();

        Assert.True(File.Exists(Path.Combine(context, "Dockerfile.shard")));
        Assert.True(File.Exists(Path.Combine(context, "Alyx.Shard", "Alyx.Shard.csproj")));
        Assert.DoesNotContain("bin", folders);
        Assert.DoesNotContain("obj", folders);
        Assert.DoesNotContain("node_modules", folders);
    }

    private List<JsonObject> DockerImages() =>
        [.. stacks.AssetsManifest["dockerImages"]!.AsObject().Select(pair => pair.Value!.AsObject())];
}
