using StackExchange.Redis;

namespace Alyx.TestSupport;

/// <summary>
/// One connection to the test Redis server per test class. Each test should use its own cluster name
/// (<see cref="NewClusterName"/>) so tests never see each other's keys.
/// </summary>
public sealed class RedisFixture : IAsyncLifetime
{
    private ConnectionMultiplexer? _connection;

    /// <summary>The open connection; available after xunit called <see cref="InitializeAsync"/>.</summary>
    public ConnectionMultiplexer Connection =>
        _connection ?? throw new InvalidOperationException("The Redis fixture is not initialized yet.");

    /// <summary>The configuration string of the test server, for code that opens its own connections.</summary>
    public string Configuration { get; } = TestServices.RedisEndpoint;

    /// <summary>Returns a cluster name that no other test uses.</summary>
    public static string NewClusterName(string test) => $"{test[..Math.Min(test.Length, 30)]}-{Guid.NewGuid():N}";

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _connection = await ConnectionMultiplexer.ConnectAsync(Configuration + ",abortConnect=false,connectTimeout=5000");
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }
}
