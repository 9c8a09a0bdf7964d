using Alyx.Coordination.State;

namespace Alyx.Coordination.Tests.State;

public sealed class InMemoryClusterStateStoreTests : ClusterStateStoreContractTests
{
    protected override IClusterStateStore CreateStore() => new InMemoryClusterStateStore();
}
