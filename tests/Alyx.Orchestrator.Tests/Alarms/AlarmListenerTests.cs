using System.Threading.Channels;
using Alyx.Coordination.Events;
using Alyx.Coordination.Redis;
using Alyx.Coordination.State;
using Alyx.Orchestrator.Alarms;
using Alyx.Orchestrator.Reconcile;
using Alyx.TestSupport;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Logging.Abstractions;

namespace Alyx.Orchestrator.Tests.Alarms;

/// <summary>
/// The alarm listener on a moto_server SQS queue and the test Redis: real CloudWatch notification bodies in, restart
/// requests, spec writes and events out. Each test has its own queue and cluster.
/// </summary>
public sealed class AlarmListenerTests(RedisFixture redis) : IClassFixture<RedisFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly string _cluster = RedisFixture.NewClusterName(nameof(AlarmListenerTests));
    private readonly Channel<AlarmDecision> _decisions = Channel.CreateUnbounded<AlarmDecision>();
    private readonly CancellationTokenSource _stop = new();
    private AmazonSQSClient? _sqs;
    private string _queueUrl = "";
    private AlarmListener? _listener;
    private Task _run = Task.CompletedTask;

    private ClusterKeys Keys => new(_cluster);

    private RedisClusterStateStore State => new(redis.Connection, Keys);

    private RestartRequests Restarts => new(redis.Connection, Keys);

    public async Task InitializeAsync()
    {
        _sqs = new AmazonSQSClient(new BasicAWSCredentials("test", "test"), new AmazonSQSConfig
        {
            ServiceURL = TestServices.MotoEndpoint.ToString(),
            AuthenticationRegion = "us-east-1",
            MaxErrorRetry = 1,
            Timeout = TimeSpan.FromSeconds(30),
        });
        _queueUrl = (await _sqs.CreateQueueAsync("alarms-" + Guid.NewGuid().ToString("N"))).QueueUrl;
        await State.WriteSpecAsync(new ClusterSpec(4, null, ReshardStrategy.Rolling, null), null, CancellationToken.None);
        await State.WriteStatusAsync(new ClusterStatus(1, 1, 4, [], [], DateTimeOffset.UtcNow), 1, CancellationToken.None);

        var options = new AlarmOptions { QueueUrl = _queueUrl, ReceiveWaitTime = TimeSpan.FromSeconds(1) };
        options.Rules.Add(new AlarmRule { Match = "shard-unhealthy-*", Action = "restart-shard" });
        options.Rules.Add(new AlarmRule { Match = "GatewayLatency", MatchOn = AlarmRuleFields.MetricName, Action = "restart-shard" });
        options.Rules.Add(new AlarmRule { Match = "guilds-per-shard-high", Action = "reshard-recommended" });
        options.Rules.Add(new AlarmRule { Match = "note-*", Action = "record" });
        _listener = new AlarmListener(
            _sqs, options, _cluster, State, Restarts, new AlarmCooldowns(redis.Connection, Keys),
            new RedisEventLog(redis.Connection, Keys, new EventLogOptions(), TimeProvider.System), NullLogger<AlarmListener>.Instance);
        _listener.Decided += (_, decision) => _decisions.Writer.TryWrite(decision);
        _run = Task.Run(() => _listener.RunAsync(null, _stop.Token));
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run;
        _stop.Dispose();
        _sqs?.Dispose();
    }

    [Fact]
    public async Task SingleMetricInSnsEnvelope_RestartShard_RequestsRestartOfNamedShard()
    {
        var alarm = AlarmMessages.SingleMetric("shard-unhealthy-2", "ALARM", "Guilds", ("Cluster", _cluster), ("ShardId", "2"));

        var decision = await SendAndDecideAsync(AlarmMessages.InSnsEnvelope(alarm, "shard-unhealthy-2"));

        Assert.Equal("RestartRequested", decision.Reason);
        Assert.Equal([2], await Restarts.TakeAllAsync());
        var recorded = Assert.Single(await AlarmEventsAsync());
        Assert.Equal("RestartRequested", recorded.Reason);
        Assert.Equal(2, recorded.ShardId);
        Assert.Contains("shard-unhealthy-2", recorded.Message, StringComparison.Ordinal);
        Assert.Equal(0, await MessagesLeftAsync());
    }

    [Fact]
    public async Task MetricMathRaw_RestartShard_TakesShardFromMetricStat()
    {
        var alarm = AlarmMessages.MetricMath("latency-smoothed", "ALARM", "GatewayLatency", ("Cluster", _cluster), ("ShardId", "1"));

        var decision = await SendAndDecideAsync(alarm);

        Assert.Equal("RestartRequested", decision.Reason);
        Assert.Equal([1], await Restarts.TakeAllAsync());
    }

    [Fact]
    public async Task ReshardAlarm_InSnsEnvelope_SetsSpecToAuto()
    {
        var before = await State.ReadSpecAsync(CancellationToken.None);
        var alarm = AlarmMessages.SingleMetric("guilds-per-shard-high", "ALARM", "Guilds", ("Cluster", _cluster));

        var decision = await SendAndDecideAsync(AlarmMessages.InSnsEnvelope(alarm, "guilds-per-shard-high"));

        var after = await State.ReadSpecAsync(CancellationToken.None);
        Assert.Equal("ReshardRequested", decision.Reason);
        Assert.Null(after!.ShardCount);
        Assert.Equal(before!.Generation + 1, after.Generation);
        var events = await new RedisEventLog(redis.Connection, Keys, new EventLogOptions(), TimeProvider.System).ReadAsync(null, 100, CancellationToken.None);
        Assert.Contains(events, e => e.Type == OperatorEventTypes.ScaleRequested && e.Reason == "AlarmReshard");
    }

    [Fact]
    public async Task Malformed_Notifications_AreDeletedAndCounted()
    {
        await _sqs!.SendMessageAsync(_queueUrl, "this is not JSON");
        await _sqs.SendMessageAsync(_queueUrl, "{\"Type\":\"Notification\",\"Message\":\"{broken\"}");
        await _sqs.SendMessageAsync(_queueUrl, "{\"Type\":\"SubscriptionConfirmation\",\"Message\":\"You have chosen to subscribe\"}");

        var decision = await SendAndDecideAsync(AlarmMessages.SingleMetric("note-disk", "ALARM", "Guilds"));

        Assert.Equal("Recorded", decision.Reason);
        await WaitUntilAsync(() => _listener!.Statistics.Malformed == 3, "three malformed messages are counted");
        Assert.Equal(0, await MessagesLeftAsync());
    }

    [Fact]
    public async Task FlappingAlarm_WithinCooldown_RestartsOnce()
    {
        string Alarm(string state) => AlarmMessages.SingleMetric("shard-unhealthy-3", state, "Guilds", ("ShardId", "3"));

        var first = await SendAndDecideAsync(Alarm("ALARM"));
        var ok = await SendAndDecideAsync(Alarm("OK"));
        var second = await SendAndDecideAsync(Alarm("ALARM"));
        var third = await SendAndDecideAsync(AlarmMessages.InSnsEnvelope(Alarm("ALARM"), "shard-unhealthy-3"));

        Assert.Equal("RestartRequested", first.Reason);
        Assert.Equal("NotInAlarm", ok.Reason);
        Assert.Equal("CooldownActive", second.Reason);
        Assert.Equal("CooldownActive", third.Reason);
        Assert.Equal([3], await Restarts.TakeAllAsync());
        Assert.Equal(4, (await AlarmEventsAsync()).Count);
    }

    [Fact]
    public async Task RestartAlarms_TwoShardsWithinCooldown_RestartBoth()
    {
        var first = await SendAndDecideAsync(AlarmMessages.SingleMetric("shard-unhealthy-a", "ALARM", "Guilds", ("ShardId", "0")));
        var second = await SendAndDecideAsync(AlarmMessages.SingleMetric("shard-unhealthy-b", "ALARM", "Guilds", ("ShardId", "1")));

        Assert.Equal("RestartRequested", first.Reason);
        Assert.Equal("RestartRequested", second.Reason);
        Assert.Equal([0, 1], (await Restarts.TakeAllAsync()).Order());
    }

    [Theory]
    [InlineData("other-cluster", "3", "OtherCluster")]
    [InlineData(null, "9", "UnknownShard")]
    [InlineData(null, null, "NoShardDimension")]
    public async Task RestartAlarm_NotActionable_IsOnlyRecorded(string? cluster, string? shard, string expectedReason)
    {
        var dimensions = new List<(string, string)>();
        if (cluster is not null)
        {
            dimensions.Add(("Cluster", cluster));
        }

        if (shard is not null)
        {
            dimensions.Add(("ShardId", shard));
        }

        var decision = await SendAndDecideAsync(AlarmMessages.SingleMetric("shard-unhealthy-x", "ALARM", "Guilds", [.. dimensions]));

        Assert.Equal(expectedReason, decision.Reason);
        Assert.False(decision.Acted);
        Assert.Empty(await Restarts.TakeAllAsync());
    }

    [Fact]
    public async Task UnmatchedAlarm_IsRecordedWithoutAction()
    {
        var decision = await SendAndDecideAsync(AlarmMessages.SingleMetric("billing", "ALARM", "EstimatedCharges"));

        Assert.Equal("NoMatchingRule", decision.Reason);
        Assert.Equal(AlarmAction.Record, decision.Action);
        Assert.Equal(1, _listener!.Statistics.NotActed);
    }

    private async Task<AlarmDecision> SendAndDecideAsync(string body)
    {
        await _sqs!.SendMessageAsync(_queueUrl, body);
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            return await _decisions.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"No alarm decision within {Patience.TotalSeconds} s; statistics: {_listener!.Statistics.Received} received, {_listener.Statistics.Malformed} malformed.");
        }
    }

    private async Task<List<OperatorEvent>> AlarmEventsAsync() =>
        [.. (await new RedisEventLog(redis.Connection, Keys, new EventLogOptions(), TimeProvider.System).ReadAsync(null, 100, CancellationToken.None))
            .Where(e => e.Type == OperatorEventTypes.AlarmReceived)];

    private async Task<int> MessagesLeftAsync()
    {
        var attributes = await _sqs!.GetQueueAttributesAsync(new GetQueueAttributesRequest(_queueUrl, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]));
        return attributes.ApproximateNumberOfMessages + attributes.ApproximateNumberOfMessagesNotVisible;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string description)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out after {Patience.TotalSeconds} s waiting until {description}.");
            await Task.Delay(20);
        }
    }
}
