using Alyx.Coordination.Events;
using Alyx.Coordination.Tests.Support;

namespace Alyx.Coordination.Tests.Events;

/// <summary>The behaviour every <see cref="IEventLog"/> must have.</summary>
public abstract class EventLogContractTests
{
    protected abstract IEventLog CreateLog(EventLogOptions options);

    private static OperatorEvent Launched(int shardId) =>
        new(OperatorEventTypes.TaskLaunched, "ShardMissing", $"Launched a task for shard {shardId}.", 3, shardId, $"task-{shardId}");

    [Fact]
    public async Task Append_ThenRead_RoundTrips()
    {
        var log = CreateLog(new EventLogOptions());
        var before = DateTimeOffset.UtcNow.AddMinutes(-1);

        var appended = await log.AppendAsync(Launched(7), CancellationToken.None);
        var read = await log.ReadAsync(null, 10, CancellationToken.None);

        var stored = Assert.Single(read);
        Assert.NotEmpty(appended.Id);
        Assert.Equal(appended, stored);
        Assert.Equal(Launched(7) with { Id = stored.Id, Timestamp = stored.Timestamp }, stored);
        Assert.True(stored.Timestamp > before);
    }

    [Fact]
    public async Task Append_OptionalFieldsMissing_ReadsBackAsNull()
    {
        var log = CreateLog(new EventLogOptions());

        await log.AppendAsync(new OperatorEvent(OperatorEventTypes.AlarmReceived, "ShardUnhealthy", "Alarm alyx-latency fired."), CancellationToken.None);
        var stored = Assert.Single(await log.ReadAsync(null, 10, CancellationToken.None));

        Assert.Null(stored.ShardSetEpoch);
        Assert.Null(stored.ShardId);
        Assert.Null(stored.TaskId);
    }

    [Fact]
    public async Task AppendOnce_SameKeyTwice_StoresOneEvent()
    {
        var log = CreateLog(new EventLogOptions());

        var first = await log.AppendOnceAsync(Launched(1), "launch:1", CancellationToken.None);
        var second = await log.AppendOnceAsync(Launched(2), "launch:1", CancellationToken.None);
        var read = await log.ReadAsync(null, 10, CancellationToken.None);

        var stored = Assert.Single(read);
        Assert.NotNull(first);
        Assert.Null(second);
        Assert.Equal(first, stored);
        Assert.Equal(1, stored.ShardId);
    }

    [Fact]
    public async Task AppendOnce_KeyOfTrimmedEvent_StaysUsed()
    {
        var log = CreateLog(new EventLogOptions { MaxLength = 1 });
        await log.AppendOnceAsync(Launched(1), "launch:1", CancellationToken.None);
        await log.AppendAsync(Launched(2), CancellationToken.None);

        var again = await log.AppendOnceAsync(Launched(1), "launch:1", CancellationToken.None);
        var other = await log.AppendOnceAsync(Launched(3), "launch:3", CancellationToken.None);
        var read = await log.ReadAsync(null, 10, CancellationToken.None);

        Assert.Null(again);
        Assert.NotNull(other);
        Assert.Equal([3], read.Select(e => e.ShardId));
    }

    [Fact]
    public async Task Read_AfterId_ReturnsLaterEvents()
    {
        var log = CreateLog(new EventLogOptions());
        var first = await log.AppendAsync(Launched(0), CancellationToken.None);
        await log.AppendAsync(Launched(1), CancellationToken.None);
        await log.AppendAsync(Launched(2), CancellationToken.None);

        var later = await log.ReadAsync(first.Id, 10, CancellationToken.None);

        Assert.Equal([1, 2], later.Select(e => e.ShardId));
    }

    [Fact]
    public async Task Append_PastMaxLength_TrimsOldest()
    {
        var log = CreateLog(new EventLogOptions { MaxLength = 3 });

        for (var shard = 0; shard < 5; shard++)
        {
            await log.AppendAsync(Launched(shard), CancellationToken.None);
        }

        var all = await log.ReadAsync(null, 100, CancellationToken.None);

        Assert.Equal([2, 3, 4], all.Select(e => e.ShardId));
    }

    [Fact]
    public async Task ReadLatest_ReturnsNewestOldestFirst()
    {
        var log = CreateLog(new EventLogOptions());
        for (var shard = 0; shard < 4; shard++)
        {
            await log.AppendAsync(Launched(shard), CancellationToken.None);
        }

        var latest = await log.ReadLatestAsync(2, CancellationToken.None);

        Assert.Equal([2, 3], latest.Select(e => e.ShardId));
    }

    [Fact]
    public async Task Follow_NewAppends_YieldsBacklogThenNewEvents()
    {
        var log = CreateLog(new EventLogOptions { FollowPollInterval = TimeSpan.FromMinutes(5) });
        await log.AppendAsync(Launched(0), CancellationToken.None);
        using var stop = new CancellationTokenSource(Signals.Timeout);
        var seen = new List<int?>();
        var gotBacklog = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var follower = Task.Run(async () =>
        {
            await foreach (var operatorEvent in log.FollowAsync(null, stop.Token))
            {
                seen.Add(operatorEvent.ShardId);
                gotBacklog.TrySetResult();
                if (seen.Count == 3)
                {
                    return;
                }
            }
        });
        await gotBacklog.Task.WaitAsync(Signals.Timeout);
        await log.AppendAsync(Launched(1), CancellationToken.None);
        await log.AppendAsync(Launched(2), CancellationToken.None);
        await follower.WaitAsync(Signals.Timeout);

        // The poll interval is five minutes, so only the append notification can have woken the follower in time.
        Assert.Equal([0, 1, 2], seen);
    }
}
