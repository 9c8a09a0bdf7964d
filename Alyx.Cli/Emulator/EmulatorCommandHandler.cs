using System.Text.Json;
using Alyx.Testing.Emulator;

namespace Alyx.Cli.Emulator;

/// <summary>Runs <c>alyx emulator</c>: validates the options, starts the emulator, prints its addresses and waits for cancellation.</summary>
public sealed class EmulatorCommandHandler(TextWriter output, TextWriter error)
{
    /// <summary>Runs the emulator until <paramref name="cancellationToken"/> fires; returns one of <see cref="EmulatorExitCodes"/>.</summary>
    public async Task<int> RunAsync(EmulatorSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var failures = Validate(settings);
        if (failures.Count > 0)
        {
            foreach (var failure in failures)
            {
                await error.WriteLineAsync($"alyx emulator: {failure}");
            }

            return EmulatorExitCodes.InvalidOption;
        }

        var options = new DiscordEmulatorOptions
        {
            Port = settings.Port,
            Shards = settings.Shards,
            MaxConcurrency = settings.MaxConcurrency,
            Guilds = settings.Guilds,
            IdentifyWindow = TimeSpan.FromMilliseconds(settings.IdentifyWindowMs),
            SessionStartLimit = settings.SessionStartLimit,
            Token = settings.Token,
            HeartbeatInterval = TimeSpan.FromMilliseconds(settings.HeartbeatIntervalMs),
        };

        DiscordEmulator emulator;
        try
        {
            emulator = await DiscordEmulator.StartAsync(options, cancellationToken: cancellationToken);
        }
        catch (IOException ex)
        {
            // Kestrel reports a port it cannot bind, such as one in use, as an IOException.
            await error.WriteLineAsync($"alyx emulator: cannot listen on 127.0.0.1:{settings.Port}: {ex.Message} Choose another --port or 0 for a free one.");
            return EmulatorExitCodes.StartFailed;
        }

        await using (emulator)
        {
            await output.WriteLineAsync(settings.Json ? Json(emulator) : Text(emulator));
            await output.FlushAsync(cancellationToken);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C or SIGTERM: the normal way to stop.
            }
        }

        await output.WriteLineAsync("Discord emulator stopped.");
        return EmulatorExitCodes.Success;
    }

    /// <summary>Returns one line per invalid option, named as on the command line.</summary>
    public static IReadOnlyList<string> Validate(EmulatorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var failures = new List<string>();
        if (settings.Port is < 0 or > 65535)
        {
            failures.Add($"--port is {settings.Port}: use 0 for a free port or a port from 1 to 65535.");
        }

        if (settings.Shards is < 1 or > DiscordEmulatorOptions.MaxShards)
        {
            failures.Add($"--shards is {settings.Shards}: it must be from 1 to {DiscordEmulatorOptions.MaxShards}.");
        }

        if (settings.MaxConcurrency is < 1 or > DiscordEmulatorOptions.MaxMaxConcurrency)
        {
            failures.Add($"--max-concurrency is {settings.MaxConcurrency}: it must be from 1 to {DiscordEmulatorOptions.MaxMaxConcurrency}.");
        }

        if (settings.Guilds is < 0 or > DiscordEmulatorOptions.MaxGuilds)
        {
            failures.Add($"--guilds is {settings.Guilds}: it must be from 0 to {DiscordEmulatorOptions.MaxGuilds}.");
        }

        if (settings.IdentifyWindowMs < 0)
        {
            failures.Add($"--identify-window-ms is {settings.IdentifyWindowMs}: it must be 0 or more.");
        }

        if (settings.SessionStartLimit < 0)
        {
            failures.Add($"--session-start-limit is {settings.SessionStartLimit}: it must be 0 or more.");
        }

        if (string.IsNullOrWhiteSpace(settings.Token))
        {
            failures.Add("--token is empty: give the token clients must send.");
        }

        if (settings.HeartbeatIntervalMs < 50)
        {
            failures.Add($"--heartbeat-interval-ms is {settings.HeartbeatIntervalMs}: it must be at least 50.");
        }

        // --shards is the count that /gateway/bot recommends, so it must fit Discord's 2,500 guilds per session. Otherwise
        // a client that follows the recommendation gets close code 4011 on every shard. The emulator's own options allow
        // the mismatch on purpose, because tests use it to provoke 4011.
        var guildsPerShard = new DiscordEmulatorOptions().MaxGuildsPerSession;
        if (settings.Shards >= 1 && settings.Guilds <= DiscordEmulatorOptions.MaxGuilds && settings.Guilds > (long)settings.Shards * guildsPerShard)
        {
            var needed = (settings.Guilds + guildsPerShard - 1) / guildsPerShard;
            failures.Add(
                $"--guilds is {settings.Guilds} but --shards is {settings.Shards}: a shard holds at most {guildsPerShard} guilds, so use --shards {needed} or more.");
        }

        return failures;
    }

    private static string Text(DiscordEmulator emulator) =>
        $"Discord emulator listening on 127.0.0.1:{emulator.Port}: REST {emulator.RestUri}, gateway {emulator.GatewayUri}, stats {emulator.BaseUri}_emulator/stats. Press Ctrl+C to stop.";

    private static string Json(DiscordEmulator emulator) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["port"] = emulator.Port,
        ["rest"] = emulator.RestUri.ToString(),
        ["gateway"] = emulator.GatewayUri.ToString(),
        ["stats"] = $"{emulator.BaseUri}_emulator/stats",
    });
}
