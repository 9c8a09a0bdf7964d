using Alyx.Orchestrator.Hosting;
using Alyx.Orchestrator.Launchers;
using Microsoft.Extensions.Configuration;

namespace Alyx.Orchestrator.Tests.Hosting;

public sealed class OrchestratorSettingsTests
{
    [Fact]
    public void Validate_CompleteEcsSettings_HasNoFailures()
    {
        var settings = EcsSettings();

        var failures = settings.Validate();

        Assert.Empty(failures);
        Assert.Equal(LauncherKind.Ecs, settings.LauncherKind);
    }

    [Fact]
    public void Validate_EcsWithoutNetwork_NamesEveryMissingSetting()
    {
        var settings = new OrchestratorSettings { Token = "token", Launcher = "ecs" };

        var failures = settings.Validate();

        Assert.Equal(4, failures.Count);
        Assert.Contains("--ecs-cluster (ALYX_ECS_CLUSTER) is required with --launcher ecs", failures[0], StringComparison.Ordinal);
        Assert.Contains("--task-definition (ALYX_TASK_DEFINITION) is required with --launcher ecs", failures[1], StringComparison.Ordinal);
        Assert.Equal("--subnets (ALYX_SUBNETS) is required with --launcher ecs: pass the private subnet ids, as in --subnets subnet-a,subnet-b.", failures[2]);
        Assert.Contains("--security-groups (ALYX_SECURITY_GROUPS) is required", failures[3], StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BadValues_NameOptionAndFix()
    {
        var settings = EcsSettings();
        settings.Token = null;
        settings.Launcher = "kubernetes";
        settings.Transport = "sns-sqs";
        settings.LogFormat = "xml";
        settings.DiscordRestUrl = "discord.com";

        var failures = settings.Validate();

        Assert.Contains(failures, failure => failure.StartsWith("DISCORD_TOKEN is missing", StringComparison.Ordinal));
        Assert.Contains(failures, failure => failure.Contains("--launcher (ALYX_LAUNCHER) 'kubernetes' is invalid: use in-process, process or ecs.", StringComparison.Ordinal));
        Assert.Contains(failures, failure => failure.StartsWith("--bus-topic-arn (ALYX_BUS_TOPIC_ARN) is required with --transport sns-sqs", StringComparison.Ordinal));
        Assert.Contains(failures, failure => failure.StartsWith("--log-format (ALYX_LOG_FORMAT) 'xml' is invalid", StringComparison.Ordinal));
        Assert.Contains(failures, failure => failure.StartsWith("--discord-api (ALYX_DISCORD_REST_URL) 'discord.com'", StringComparison.Ordinal));
        Assert.Equal(5, failures.Count);
    }

    [Fact]
    public void Validate_TooManySubnets_NamesLimit()
    {
        var settings = EcsSettings();
        settings.Subnets = string.Join(",", Enumerable.Range(0, 17).Select(i => $"subnet-{i}"));

        var failure = Assert.Single(settings.Validate());

        Assert.Equal("--subnets (ALYX_SUBNETS) lists 17 subnets: ECS takes at most 16.", failure);
    }

    [Fact]
    public void Configuration_ShortVariable_WinsOverPrefixedAndFile()
    {
        var variables = new Dictionary<string, string?>
        {
            ["ALYX_CLUSTER"] = "from-short",
            ["ALYX_SUBNETS"] = " subnet-a , subnet-b ",
            ["ALYX_ASSIGN_PUBLIC_IP"] = "true",
            ["DISCORD_TOKEN"] = "secret",
        };
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Orchestrator:Cluster"] = "from-file", ["Orchestrator:ResyncInterval"] = "00:00:30" })
            .AddInMemoryCollection(OrchestratorConfiguration.ShortVariableEntries(name => variables.GetValueOrDefault(name)))
            .Build();

        var settings = OrchestratorConfiguration.BindSettings(configuration, new OrchestratorSettings());
        var options = OrchestratorConfiguration.BindOptions(configuration, settings);
        var ecs = OrchestratorConfiguration.BindEcs(configuration, settings);

        Assert.Equal("from-short", settings.Cluster);
        Assert.Equal("secret", settings.Token);
        Assert.True(settings.AssignPublicIp);
        Assert.Equal("from-short", options.Cluster);
        Assert.Equal(TimeSpan.FromSeconds(30), options.ResyncInterval);
        Assert.Equal(["subnet-a", "subnet-b"], ecs.Subnets);
        Assert.True(ecs.AssignPublicIp);
    }

    [Fact]
    public void Configuration_MetricsAndHealthFile_BindFromShortVariables()
    {
        var folder = Path.GetTempPath();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(OrchestratorConfiguration.ShortVariableEntries(name => name switch
            {
                "ALYX_METRICS" => "true",
                "ALYX_HEALTH_FILE" => Path.Combine(folder, "alyx-health"),
                _ => null,
            }))
            .Build();

        var settings = OrchestratorConfiguration.BindSettings(configuration, new OrchestratorSettings());

        Assert.True(settings.Metrics);
        Assert.Equal(Path.Combine(folder, "alyx-health"), settings.HealthFile);
    }

    [Fact]
    public void Configuration_RouteCheckInterval_BindsFromShortVariable()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(OrchestratorConfiguration.ShortVariableEntries(name => name == "ALYX_ROUTE_CHECK_INTERVAL" ? "00:00:45" : null))
            .Build();

        var options = OrchestratorConfiguration.BindOptions(configuration, OrchestratorConfiguration.BindSettings(configuration, new OrchestratorSettings()));

        Assert.Equal(TimeSpan.FromSeconds(45), options.RouteCheckInterval);
        Assert.Empty(options.Validate());
    }

    [Fact]
    public void Validate_RouteCheckIntervalOfDays_NamesFormat()
    {
        // A bare 300 parses as 300 days.
        var options = new Alyx.Orchestrator.Reconcile.OrchestratorOptions { RouteCheckInterval = TimeSpan.Parse("300", System.Globalization.CultureInfo.InvariantCulture) };

        var failure = Assert.Single(options.Validate());

        Assert.Equal("RouteCheckInterval (300.00:00:00) must be at most 1 day; write durations as hh:mm:ss, such as 00:05:00.", failure);
    }

    [Fact]
    public void Validate_HealthFileInMissingFolder_NamesVariable()
    {
        var settings = EcsSettings();
        settings.HealthFile = Path.Combine(Path.GetTempPath(), "alyx-missing-" + Guid.NewGuid().ToString("N"), "health");

        var failure = Assert.Single(settings.Validate());

        Assert.StartsWith($"ALYX_HEALTH_FILE '{settings.HealthFile}' is in a folder that does not exist", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Configuration_BadBoolean_ThrowsNamingValue()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(OrchestratorConfiguration.ShortVariableEntries(name => name == "ALYX_ASSIGN_PUBLIC_IP" ? "maybe" : null))
            .Build();

        var failure = Assert.Throws<InvalidOperationException>(() => OrchestratorConfiguration.BindSettings(configuration, new OrchestratorSettings()));

        Assert.Contains("AssignPublicIp", failure.Message, StringComparison.Ordinal);
    }

    private static OrchestratorSettings EcsSettings() => new()
    {
        Token = "token",
        Launcher = "ecs",
        EcsCluster = "alyx",
        TaskDefinition = "alyx-shard:3",
        Subnets = "subnet-a,subnet-b",
        SecurityGroups = "sg-1",
    };
}
