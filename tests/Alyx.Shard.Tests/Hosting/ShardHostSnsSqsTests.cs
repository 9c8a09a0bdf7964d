using Alyx.Abstractions.Messaging;
using Alyx.Aws.Configuration;
using Alyx.Coordination.Messaging;
using Alyx.Coordination.Routes;
using Alyx.Shard.Routes;
using Alyx.Shard.Tests.Support;
using Alyx.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Alyx.Shard.Tests.Hosting;

/// <summary>
/// Shard host processes with <c>ALYX_TRANSPORT=sns-sqs</c> on moto_server: the routes are created first, as the
/// orchestrator creates them, then the hosts reply to cross-shard broadcasts and to a client's request over the bus topic.
/// </summary>
public sealed class ShardHostSnsSqsTests
{
    private static readonly TimeSpan Step = ShardTestCluster.StepTimeout;

    [Fact]
    public async Task SnsSqsTransport_TwoShards_AnswerBroadcastAndRequest()
    {
        await using var cluster = await ShardTestCluster.StartAsync(nameof(SnsSqsTransport_TwoShards_AnswerBroadcastAndRequest), shardCount: 2);
        var prefix = "s" + Guid.NewGuid().ToString("N")[..12];
        var aws = AwsClientOptions.ForEndpoint(TestServices.MotoEndpoint, "us-east-1", "test", "test") with { MaxAttempts = 2 };
        using var sqs = AwsSdkClients.CreateSqs(aws);
        using var sns = new Aws.Sns.SnsClient(aws);
        var topicArn = await sns.CreateTopicAsync($"{prefix}-bus");
        var routes = new SqsRouteProvisioner(sqs, sns, new SqsRouteOptions { Cluster = cluster.Cluster, QueuePrefix = prefix, BusTopicArn = topicArn },
            NullLogger<SqsRouteProvisioner>.Instance);
        await routes.EnsureShardSetAsync(0, 2, CancellationToken.None);
        ShardProcess StartHost(int shardId)
        {
            var environment = cluster.Environment(shardId, "Alyx.Samples.Ping", "Alyx.Samples.GuildStats");
            environment["ALYX_TRANSPORT"] = "sns-sqs";
            environment["ALYX_BUS_TOPIC_ARN"] = topicArn;
            environment["ALYX_QUEUE_PREFIX"] = prefix;
            environment["AWS_ENDPOINT_URL"] = TestServices.MotoEndpoint.ToString();
            return cluster.StartHost($"host-{shardId}", environment);
        }

        var shard0 = StartHost(0);
        var shard1 = StartHost(1);
        await shard0.WaitForLineAsync("Plugin guild-stats", Step);
        await shard1.WaitForLineAsync("Plugin guild-stats", Step);
        var diagnostics = () => shard0.Output + "\n---\n" + shard1.Output;

        cluster.EmitMessage(cluster.GuildOf(0), 7101, "!guilds");
        await cluster.WaitForReplyAsync("guilds across 2 of 2 shards", diagnostics);
        var ping = await PingAsync(sqs, sns, prefix, cluster.Cluster, topicArn, shardId: 1);

        Assert.Equal(1, ping.ShardId);
        Assert.Equal(2, ping.ShardCount);
    }

    private static async Task<PingReply> PingAsync(Amazon.SQS.IAmazonSQS sqs, Aws.Sns.ISnsClient sns, string prefix, string cluster, string topicArn, int shardId)
    {
        var options = new SqsTransportOptions { NamePrefix = prefix, Cluster = cluster, BusTopicArn = topicArn, ReceiveWaitTime = TimeSpan.FromSeconds(1) };
        await using var transport = new SqsMessageTransport(sqs, sns, options, NullLogger<SqsMessageTransport>.Instance);
        await using var client = new Messenger(
            MessengerEndpoint.ForClient("test-" + Guid.NewGuid().ToString("N")[..8]), transport, new StaticRouteTable(2), new MissingPayloadStore(),
            new MessengerOptions(), TimeProvider.System, NullLogger<Messenger>.Instance);
        await client.StartAsync(CancellationToken.None);
        return await client.RequestAsync<PingRequest, PingReply>(MessageTarget.Shard(shardId), PingRoute.Name, new PingRequest(), Step);
    }
}
