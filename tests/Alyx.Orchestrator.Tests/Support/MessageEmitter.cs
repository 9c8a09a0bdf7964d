using System.Globalization;
using Alyx.Testing.Emulator;

namespace Alyx.Orchestrator.Tests.Support;

/// <summary>
/// A steady stream of MESSAGE_CREATE events from the emulator, round-robin over its guilds, each with a fresh
/// snowflake id made from the current time. It records every id it emitted and how many sessions received it.
/// </summary>
public sealed class MessageEmitter : IAsyncDisposable
{
    private readonly DiscordEmulator _emulator;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(ulong MessageId, int Sessions)> _emitted = [];
    private readonly Lock _gate = new();
    private readonly Task _run;

    private MessageEmitter(DiscordEmulator emulator, TimeSpan interval)
    {
        _emulator = emulator;
        _run = RunAsync(interval);
    }

    /// <summary>Every emitted message id with the number of sessions that received it.</summary>
    public IReadOnlyList<(ulong MessageId, int Sessions)> Emitted
    {
        get
        {
            lock (_gate)
            {
                return [.. _emitted];
            }
        }
    }

    /// <summary>Starts emitting one message every <paramref name="interval"/>.</summary>
    public static MessageEmitter Start(DiscordEmulator emulator, TimeSpan interval) => new(emulator, interval);

    /// <summary>Stops emitting and waits for the emitter.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run;
        _stop.Dispose();
    }

    private async Task RunAsync(TimeSpan interval)
    {
        using var timer = new PeriodicTimer(interval);
        var increment = 0UL;
        var guild = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                var guildId = _emulator.GuildIds[guild++ % _emulator.GuildIds.Count];
                var milliseconds = (ulong)(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - GuildIdGenerator.DiscordEpochMilliseconds);
                var id = (milliseconds << 22) | (increment++ & 0xFFF);
                var json = string.Create(CultureInfo.InvariantCulture,
                    $$$"""{"id":"{{{id}}}","channel_id":"{{{guildId}}}","guild_id":"{{{guildId}}}","content":"m","author":{"id":"7","username":"tester","bot":false}}""");
                var sessions = _emulator.EmitDispatch(guildId, "MESSAGE_CREATE", json);
                lock (_gate)
                {
                    _emitted.Add((id, sessions));
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Disposal stops the stream.
        }
    }
}
