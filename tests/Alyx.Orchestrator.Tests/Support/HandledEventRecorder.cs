using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Alyx.Abstractions.Plugins;
using Alyx.Abstractions.Plugins.Events;
using Microsoft.Extensions.Hosting;

namespace Alyx.Orchestrator.Tests.Support;

/// <summary>
/// A test plugin shared by every in-process shard host of a test: it records the message id of each MESSAGE_CREATE
/// that a host hands to its plugins, with the host's shard set and shard id.
/// </summary>
public sealed class HandledEventRecorder
{
    private readonly ConcurrentQueue<(ulong MessageId, long ShardSet, int ShardId)> _handled = new();
    private readonly Lock _gate = new();
    private readonly List<(int Count, TaskCompletionSource Reached)> _waiters = [];

    /// <summary>Every handled message, in the order the hosts handled them.</summary>
    public IReadOnlyList<(ulong MessageId, long ShardSet, int ShardId)> Handled => [.. _handled];

    /// <summary>Adds the recorder to a shard host.</summary>
    public void AddTo(HostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddAlyxPlugin(new RecorderPlugin(this), builder.Configuration);
    }

    /// <summary>Waits until at least <paramref name="count"/> messages were handled; fails after the timeout with the count reached.</summary>
    public async Task WaitForCountAsync(int count, TimeSpan timeout)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_handled.Count >= count)
            {
                return;
            }

            _waiters.Add((count, reached));
        }

        try
        {
            await reached.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{_handled.Count} of {count} messages were handled within {timeout}.");
        }
    }

    private void Record(ulong messageId, long shardSet, int shardId)
    {
        lock (_gate)
        {
            _handled.Enqueue((messageId, shardSet, shardId));
            foreach (var waiter in _waiters.Where(waiter => _handled.Count >= waiter.Count).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Reached.TrySetResult();
            }
        }
    }

    private sealed class RecorderPlugin(HandledEventRecorder recorder) : AlyxPlugin
    {
        public override string Name => "handled-event-recorder";

        public override void ConfigureEvents(IPluginEvents events) => events.OnDispatch("MESSAGE_CREATE", Handle);

        private ValueTask Handle(DispatchEvent dispatch, IPluginContext context, CancellationToken cancellationToken)
        {
            using var json = JsonDocument.Parse(dispatch.Utf8Json);
            var id = ulong.Parse(json.RootElement.GetProperty("id").GetString()!, CultureInfo.InvariantCulture);
            recorder.Record(id, context.Shard.ShardSet, context.Shard.ShardId);
            return ValueTask.CompletedTask;
        }
    }
}
