using Alyx.Coordination.Events;
using Microsoft.Extensions.Time.Testing;

namespace Alyx.Coordination.Tests.Events;

public sealed class InMemoryEventLogTests : EventLogContractTests
{
    protected override IEventLog CreateLog(EventLogOptions options) => new InMemoryEventLog(options, TimeProvider.System);

    [Fact]
    public async Task Append_ClockStandsStill_IdsStillGrow()
    {
        var log = new InMemoryEventLog(new EventLogOptions(), new FakeTimeProvider());

        var first = await log.AppendAsync(new OperatorEvent(OperatorEventTypes.ShardReady, "Ready", "Shard 0 is ready."), CancellationToken.None);
        var second = await log.AppendAsync(new OperatorEvent(OperatorEventTypes.ShardReady, "Ready", "Shard 1 is ready."), CancellationToken.None);

        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(second, Assert.Single(await log.ReadAsync(first.Id, 10, CancellationToken.None)));
    }
}
