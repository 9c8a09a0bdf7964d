using System.CommandLine;
using Alyx.Cli.Tests.Support;

namespace Alyx.Cli.Tests;

public sealed class OrchestratorCommandTests
{
    [Fact]
    public async Task Run_EcsWithoutNetwork_ListsEveryMissingOption()
    {
        var error = new StringWriter();
        var configuration = new InvocationConfiguration { Output = new StringWriter(), Error = error };

        var exitCode = await AlyxRootCommand.Create()
            .Parse(["orchestrator", "run", "--launcher", "ecs", "--ecs-cluster", "alyx", "--redis", "127.0.0.1:1"])
            .InvokeAsync(configuration);

        var text = error.ToString();
        Assert.Equal(2, exitCode);
        Assert.Contains("--task-definition (ALYX_TASK_DEFINITION) is required with --launcher ecs", text, StringComparison.Ordinal);
        Assert.Contains("--subnets (ALYX_SUBNETS) is required with --launcher ecs: pass the private subnet ids, as in --subnets subnet-a,subnet-b.", text, StringComparison.Ordinal);
        Assert.Contains("--security-groups (ALYX_SECURITY_GROUPS) is required", text, StringComparison.Ordinal);
        Assert.DoesNotContain("--ecs-cluster (ALYX_ECS_CLUSTER)", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_SnsSqsWithoutTopic_NamesTopicOption()
    {
        var error = new StringWriter();
        var configuration = new InvocationConfiguration { Output = new StringWriter(), Error = error };

        var exitCode = await AlyxRootCommand.Create()
            .Parse(["orchestrator", "run", "--launcher", "in-process", "--transport", "sns-sqs", "--assign-public-ip", "--redis", "127.0.0.1:1"])
            .InvokeAsync(configuration);

        Assert.Equal(2, exitCode);
        Assert.Contains("--bus-topic-arn (ALYX_BUS_TOPIC_ARN) is required with --transport sns-sqs", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ZeroRouteCheckInterval_NamesSetting()
    {
        var error = new StringWriter();
        var configuration = new InvocationConfiguration { Output = new StringWriter(), Error = error };

        var exitCode = await AlyxRootCommand.Create()
            .Parse(["orchestrator", "run", "--launcher", "in-process", "--redis", "127.0.0.1:1", "--route-check-interval", "0"])
            .InvokeAsync(configuration);

        Assert.Equal(2, exitCode);
        Assert.Contains("ALYX_ROUTE_CHECK_INTERVAL (00:00:00) must be positive.", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ALYX_Orchestrator__ResyncInterval", "banana", "use a time span as [d.]hh:mm:ss[.fff]")]
    [InlineData("ALYX_Orchestrator__MaxConcurrentActions", "many", "use a whole number")]
    [InlineData("ALYX_ASSIGN_PUBLIC_IP", "maybe", "use true or false")]
    public async Task Run_UnconvertibleVariable_NamesVariableInOneLine(string variable, string value, string acceptedForm)
    {
        await using var alyx = AlyxProcess.Start(
            new Dictionary<string, string> { [variable] = value },
            "orchestrator", "run", "--launcher", "in-process", "--redis", "127.0.0.1:1");

        var exitCode = await alyx.WaitForExitAsync();

        Assert.Equal(2, exitCode);
        var line = Assert.Single(alyx.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"{variable} '{value}' is invalid: {acceptedForm}", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", alyx.Output + alyx.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_NegativeLaunchRate_NamesVariableAndDefault()
    {
        var environment = new Dictionary<string, string> { ["ALYX_Ecs__LaunchesPerSecond"] = "-3", ["DISCORD_TOKEN"] = "token" };
        await using var alyx = AlyxProcess.Start(
            environment,
            "orchestrator", "run", "--launcher", "ecs", "--ecs-cluster", "alyx", "--task-definition", "alyx-shard:1",
            "--subnets", "subnet-a", "--security-groups", "sg-a", "--redis", "127.0.0.1:1");

        var exitCode = await alyx.WaitForExitAsync();

        Assert.Equal(2, exitCode);
        Assert.Contains(
            "ALYX_Ecs__LaunchesPerSecond (-3) must be positive. Set a valid value, or unset ALYX_Ecs__LaunchesPerSecond for the default 5.",
            alyx.Error,
            StringComparison.Ordinal);
    }
}
