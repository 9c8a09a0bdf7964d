using Alyx.Coordination.Messaging;
using Microsoft.Extensions.Logging.Testing;

namespace Alyx.Coordination.Tests.Messaging;

/// <summary>
/// Messengers of one test: shards of a static route table, the orchestrator and a client, each over its own
/// transport instance (a networked transport) or the one shared instance (in-memory), all stopped at the end.
/// </summary>
public sealed class MessagingTestCluster(Func<IMessageTransport> newTransport, CountingPayloadStore payloadStore, int shardCount)
    : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _owned = [];

    public StaticRouteTable Routes { get; } = new(shardCount);

    public CountingPayloadStore PayloadStore => payloadStore;

    public FakeLogger<Messenger> Logger { get; } = new();

    /// <summary>A transport for the test itself, to put raw bytes on an inbox.</summary>
    public IMessageTransport RawTransport => _rawTransport ??= Own(newTransport());

    private IMessageTransport? _rawTransport;

    public static MessengerOptions TestOptions() => new()
    {
        DefaultTimeout = TimeSpan.FromSeconds(30),
        MaxHandlerAttempts = 2,
        HandlerRetryDelay = TimeSpan.FromMilliseconds(10),
    };

    public Task<Messenger> StartShardAsync(int shardId, Action<MessengerOptions>? configure = null, Action<Messenger>? beforeStart = null) =>
        StartAsync(MessengerEndpoint.ForShard(Routes.Current.Epoch, shardId, $"task-{shardId}"), configure, beforeStart);

    public Task<Messenger> StartOrchestratorAsync() => StartAsync(MessengerEndpoint.ForOrchestrator("orchestrator-task"), null);

    public Task<Messenger> StartClientAsync() => StartAsync(MessengerEndpoint.ForClient(Guid.NewGuid().ToString("N")[..12]), null);

    public async Task<Messenger> StartAsync(MessengerEndpoint endpoint, Action<MessengerOptions>? configure, Action<Messenger>? beforeStart = null)
    {
        var options = TestOptions();
        configure?.Invoke(options);
        var messenger = new Messenger(endpoint, Own(newTransport()), Routes, payloadStore, options, TimeProvider.System, Logger);
        _owned.Add(messenger);
        beforeStart?.Invoke(messenger);
        await messenger.StartAsync(CancellationToken.None);
        return messenger;
    }

    public async ValueTask DisposeAsync()
    {
        // Messengers first, all at once (an SQS subscription waits for its long poll to end), then the transports.
        await Task.WhenAll(_owned.OfType<Messenger>().Select(messenger => messenger.DisposeAsync().AsTask()));
        foreach (var transport in _owned.Where(owned => owned is not Messenger))
        {
            await transport.DisposeAsync();
        }
    }

    private T Own<T>(T disposable)
        where T : IAsyncDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }
}
