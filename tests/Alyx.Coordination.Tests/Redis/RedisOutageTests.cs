using Alyx.Coordination.Identify;
using Alyx.Coordination.Leases;
using Alyx.Coordination.Redis;
using Alyx.Coordination.Tests.Support;
using Alyx.TestSupport;
using StackExchange.Redis;

namespace Alyx.Coordination.Tests.Redis;

/// <summary>What callers see when Redis goes away: typed errors, and lease holders that stop by their deadline.</summary>
public sealed class RedisOutageTests : IAsyncLifetime
{
    private static readonly LeaseOptions Leases = new()
    {
        TimeToLive = TimeSpan.FromMilliseconds(1500),
        RenewInterval = TimeSpan.FromMilliseconds(400),
        SafetyMargin = TimeSpan.FromMilliseconds(300),
    };

    private PrivateRedisServer _server = null!; // Set in InitializeAsync, which xunit runs before each test.
    private ConnectionMultiplexer _connection = null!; // Set in InitializeAsync.
    private readonly ClusterKeys _keys = new("outage");

    public async Task InitializeAsync()
    {
        _server = await PrivateRedisServer.StartAsync();
        _connection = await RedisConnectionFactory.ConnectAsync(
            new RedisCoordinationOptions { Endpoints = _server.Endpoint, CommandTimeout = TimeSpan.FromMilliseconds(300) },
            CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _connection.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Handle_RedisStopped_LostByDeadline()
    {
        var manager = new LeaseManager(new RedisLeaseStore(_connection, _keys, TimeSpan.Zero), Leases, TimeProvider.System);
        var (handle, _) = await manager.TryAcquireAsync("shard:0:0", "task-a", CancellationToken.None);
        Assert.NotNull(handle);

        await _server.StopAsync();
        await Signals.WhenCancelledAsync(handle.Lost);

        Assert.Equal(LeaseLossReason.DeadlinePassed, handle.LossReason);
        Assert.False(handle.IsHeld);
    }

    [Fact]
    public async Task Stores_RedisStopped_ThrowTypedError()
    {
        var leases = new RedisLeaseStore(_connection, _keys, TimeSpan.Zero);
        var gate = new RedisIdentifyGate(_connection, _keys, new IdentifyGateOptions(), TimeProvider.System);

        await _server.StopAsync();
        var leaseError = await Assert.ThrowsAsync<CoordinationUnavailableException>(
            () => leases.TryAcquireAsync("shard:0:0", "task-a", TimeSpan.FromSeconds(1), CancellationToken.None));
        var gateError = await Assert.ThrowsAsync<CoordinationUnavailableException>(
            () => gate.WaitForTurnAsync(0, CancellationToken.None).AsTask());

        Assert.Equal("lease acquire", leaseError.Operation);
        Assert.Equal("identify reserve", gateError.Operation);
        Assert.Contains("Redis", leaseError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_RedisDown_CommandsThrowTypedError()
    {
        await _server.StopAsync();
        await using var connection = await RedisConnectionFactory.ConnectAsync(
            new RedisCoordinationOptions { Endpoints = _server.Endpoint, ConnectTimeout = TimeSpan.FromMilliseconds(300) }, CancellationToken.None);
        var events = new Alyx.Coordination.Events.RedisEventLog(connection, _keys, new(), TimeProvider.System);

        var error = await Assert.ThrowsAsync<CoordinationUnavailableException>(() => events.ReadLatestAsync(10, CancellationToken.None));

        Assert.False(connection.IsConnected);
        Assert.Equal("event read latest", error.Operation);
    }
}
