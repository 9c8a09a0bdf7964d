using Alyx.Coordination.Heartbeats;
using Microsoft.Extensions.Time.Testing;

namespace Alyx.Coordination.Tests.Heartbeats;

public sealed class InMemoryHeartbeatStoreTests : HeartbeatStoreContractTests
{
    private readonly FakeTimeProvider _time = new();

    protected override IHeartbeatStore CreateStore() => new InMemoryHeartbeatStore(_time);

    protected override Task AdvanceAsync(TimeSpan duration)
    {
        _time.Advance(duration);
        return Task.CompletedTask;
    }
}
