using Alyx.Coordination.Leases;
using Microsoft.Extensions.Time.Testing;

namespace Alyx.Coordination.Tests.Leases;

public sealed class InMemoryLeaseStoreTests : LeaseStoreContractTests
{
    private readonly FakeTimeProvider _time = new();

    protected override ILeaseStore CreateStore() => new InMemoryLeaseStore(_time);

    protected override Task AdvanceAsync(TimeSpan duration)
    {
        _time.Advance(duration);
        return Task.CompletedTask;
    }
}
