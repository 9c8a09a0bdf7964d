using System.CommandLine;

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
        Assert.Contains("RouteCheckInterval (00:00:00) must be positive.", error.ToString(), StringComparison.Ordinal);
    }
}
