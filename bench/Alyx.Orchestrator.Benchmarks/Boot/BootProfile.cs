using System.Diagnostics;
using System.Globalization;
using Alyx.Abstractions.Sharding;
using Alyx.Coordination.Identify;
using Alyx.Coordination.State;
using Alyx.Orchestrator.Hosting;
using Alyx.Orchestrator.Launchers;
using Alyx.Orchestrator.Reconcile;
using Alyx.Shard.Coordination;
using Alyx.Testing.Emulator;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Alyx.Orchestrator.Benchmarks.Boot;

/// <summary>
/// Boots N shards at identify concurrency C against the Discord emulator with in-process shard hosts, and prints when
/// each step happened, counted from the orchestrator's start: leader lease, launch, shard lease, identify grant,
/// IDENTIFY sent and READY. The boot time runs from the orchestrator's start to the last READY a host received. The
/// status column adds the delay until the orchestrator's status showed every shard Ready.
/// </summary>
internal static class BootProfile
{
    private const int LeaseAcquired = 1111;
    private const int Launched = 8206;
    private const int ShardLeaseHeld = 7005;
    private const int Granted = 1202;
    private const int Identified = 3106;
    private const int StateChanged = 3100;
    private const int SlotMissed = 1206;
    private const int GrantExpired = 3109;

    public static async Task<int> RunAsync(string[] args)
    {
        var settings = BootSettings.Parse(args);
        Console.WriteLine(settings.Describe());
        Console.WriteLine();
        Console.WriteLine("| run | leader | first launch | last launch | last shard lease | first IDENTIFY | last IDENTIFY | last READY (boot) | status all Ready | limit | ratio | identifies | violations | slots missed | wake lateness p50 / max | send to arrival p50 / max | smallest gap in a bucket |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (var run = 1; run <= settings.Runs; run++)
        {
            await RunOnceAsync(settings, run);
        }

        return 0;
    }

    private static async Task RunOnceAsync(BootSettings settings, int run)
    {
        var window = TimeSpan.FromMilliseconds(settings.WindowMs);
        var clock = new Stopwatch();
        var recorder = new BootEventRecorder(clock, LeaseAcquired, Launched, ShardLeaseHeld, Granted, Identified, StateChanged, SlotMissed, GrantExpired);
        using var loggerFactory = LoggerFactory.Create(builder => builder.AddProvider(recorder).SetMinimumLevel(LogLevel.Debug));
        var token = "bench-" + Guid.NewGuid().ToString("N");
        await using var emulator = await DiscordEmulator.StartAsync(new DiscordEmulatorOptions
        {
            Shards = settings.Shards,
            MaxConcurrency = settings.Concurrency,
            Guilds = settings.Guilds,
            IdentifyWindow = window,
            Token = token,
            HeartbeatInterval = TimeSpan.FromSeconds(5),
            RestRateLimit = 1000,
        });

        var cluster = "boot" + Guid.NewGuid().ToString("N")[..8];
        var hostSettings = new ShardHostSettings
        {
            Token = token,
            RestUrl = emulator.RestUri,
            Redis = settings.Redis ?? "in-memory",
            IdentifyWindow = TimeSpan.FromMilliseconds(settings.HostWindowMs),
            IdentifyMargin = TimeSpan.FromMilliseconds(settings.MarginMs),
            LeaseTimeToLive = TimeSpan.FromSeconds(3),
            LeaseRenewInterval = TimeSpan.FromMilliseconds(800),
            LeaseSafetyMargin = TimeSpan.FromSeconds(1),
            StatusInterval = TimeSpan.FromMilliseconds(500),
            DrainTimeout = TimeSpan.FromSeconds(2),
            ShutdownTimeout = TimeSpan.FromSeconds(5),
        };
        var options = new OrchestratorOptions
        {
            Cluster = cluster,
            ResyncInterval = TimeSpan.FromSeconds(5),
            ProgressInterval = TimeSpan.FromMilliseconds(250),
            HeartbeatTimeout = TimeSpan.FromSeconds(3),
            IdentifyWindow = hostSettings.IdentifyWindow + hostSettings.IdentifyMargin,
        };

        void AddRecorder(Microsoft.Extensions.Hosting.HostApplicationBuilder builder)
        {
            builder.Logging.AddProvider(recorder);
            builder.Logging.SetMinimumLevel(LogLevel.Debug);

            // The host's appsettings.json filters Debug out; the recorder needs the gateway's IDENTIFY log.
            builder.Logging.AddFilter<BootEventRecorder>(null, LogLevel.Debug);
        }

        ConnectionMultiplexer? redis = null;
        OrchestratorHost host;
        if (settings.Redis is { } endpoints)
        {
            redis = await ConnectionMultiplexer.ConnectAsync(endpoints);
            host = OrchestratorHost.Create(redis, options, hostSettings, LauncherKind.InProcess, "bench", TimeProvider.System, loggerFactory, AddRecorder);
        }
        else
        {
            // The emulator started above has seen no IDENTIFY yet, so the gate need not hold its first budget.
            var gateOptions = new IdentifyGateOptions { Window = hostSettings.IdentifyWindow, Margin = hostSettings.IdentifyMargin, HoldFirstBudget = false };
            var coordination = new InMemoryShardCoordinationProvider(gateOptions, TimeProvider.System, loggerFactory);
            host = OrchestratorHost.CreateInMemory(coordination, options, hostSettings, "bench", TimeProvider.System, loggerFactory, AddRecorder);
        }

        await host.State.WriteSpecAsync(new ClusterSpec(settings.Shards, null, ReshardStrategy.Rolling, null), null, CancellationToken.None);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(settings.TimeoutSeconds));
        var startedAt = DateTimeOffset.UtcNow;
        clock.Start();
        var runner = host.Runner.RunAsync(stop.Token);
        TimeSpan? statusReady = null;
        while (!stop.IsCancellationRequested && statusReady is null)
        {
            await Task.Delay(20, CancellationToken.None);
            var status = await host.State.ReadStatusAsync(CancellationToken.None);
            if (status is { ShardCount: > 0 } && status.Shards.All(shard => shard.Phase == ShardPhase.Ready))
            {
                statusReady = clock.Elapsed;
            }
        }

        await stop.CancelAsync();
        await runner;
        var stats = emulator.GetStats();
        await host.DisposeAsync();
        redis?.Dispose();

        var events = recorder.Events.ToList();
        var accepted = stats.Identifies.Where(identify => identify.Accepted).ToList();
        var ready = FirstPerShard(events.Where(e => e.EventId == StateChanged && e.Values.GetValueOrDefault("Current") == "Ready"));
        var boot = ready.Count == settings.Shards ? ready.Values.Max() : (TimeSpan?)null;
        var limit = (ShardMath.IdentifyWindowsToBoot(settings.Shards, settings.Concurrency) - 1) * window.TotalSeconds;
        Console.WriteLine(string.Join(" | ", new[]
        {
            $"| {run}",
            Seconds(events.Where(e => e.EventId == LeaseAcquired && e.Values.GetValueOrDefault("LeaseName") == "leader").Select(e => e.At).FirstOrDefault()),
            Seconds(events.Where(e => e.EventId == Launched).Select(e => e.At).DefaultIfEmpty().Min()),
            Seconds(events.Where(e => e.EventId == Launched).Select(e => e.At).DefaultIfEmpty().Max()),
            Seconds(events.Where(e => e.EventId == ShardLeaseHeld).Select(e => e.At).DefaultIfEmpty().Max()),
            Seconds(accepted.Select(identify => identify.Time - startedAt).DefaultIfEmpty().Min()),
            Seconds(accepted.Select(identify => identify.Time - startedAt).DefaultIfEmpty().Max()),
            boot is { } b ? Seconds(b) : $"{ready.Count}/{settings.Shards} Ready",
            statusReady is { } s ? Seconds(s) : "never",
            limit.ToString("0.0 s", CultureInfo.InvariantCulture),
            boot is { } value && limit > 0 ? (value.TotalSeconds / limit).ToString("0.00", CultureInfo.InvariantCulture) : "n/a",
            stats.Identifies.Count(identify => identify.Accepted).ToString(CultureInfo.InvariantCulture),
            stats.IdentifyViolations.ToString(CultureInfo.InvariantCulture),
            events.Count(e => e.EventId is SlotMissed or GrantExpired).ToString(CultureInfo.InvariantCulture),
            Lateness(events.Where(e => e.EventId == Granted)),
            ArrivalLag(events, accepted, startedAt),
            SmallestGap(accepted, settings.Concurrency) + " |",
        }));
        foreach (var rejected in stats.Identifies.Where(identify => !identify.Accepted))
        {
            Console.Error.WriteLine($"run {run}: shard {rejected.Shard} IDENTIFY rejected at {(rejected.Time - startedAt).TotalSeconds:0.000} s: {rejected.Reason}");
        }
    }

    /// <summary>How late after their slot start the gate's waiters woke (an upper bound, from the gate's grant log).</summary>
    private static string Lateness(IEnumerable<BootEvent> grants)
    {
        var late = grants.Select(e => double.Parse(e.Values["LateMs"], CultureInfo.InvariantCulture)).Order().ToList();
        return late.Count == 0 ? "n/a" : $"{late[late.Count / 2]:0.0} / {late[^1]:0.0} ms";
    }

    /// <summary>
    /// Time from a host's IDENTIFY log line (right after the send) to the emulator's arrival stamp for the same shard:
    /// the receiving side's scheduling delay, which the gate's margin must also cover.
    /// </summary>
    private static string ArrivalLag(List<BootEvent> events, List<IdentifyAttempt> accepted, DateTimeOffset startedAt)
    {
        var sent = FirstPerShard(events.Where(e => e.EventId == Identified && e.Values.GetValueOrDefault("Kind") == "IDENTIFY"));
        var lags = accepted.Where(identify => sent.ContainsKey(identify.Shard))
            .Select(identify => (identify.Time - startedAt - sent[identify.Shard]).TotalMilliseconds)
            .Order()
            .ToList();
        return lags.Count == 0 ? "n/a" : $"{lags[lags.Count / 2]:0.0} / {lags[^1]:0.0} ms";
    }

    /// <summary>The smallest time between two accepted IDENTIFYs of one bucket, as the emulator saw them arrive.</summary>
    private static string SmallestGap(List<IdentifyAttempt> accepted, int concurrency)
    {
        var gaps = accepted.GroupBy(identify => identify.Shard % concurrency)
            .SelectMany(bucket => bucket.OrderBy(identify => identify.Time).Zip(bucket.OrderBy(identify => identify.Time).Skip(1), (a, b) => b.Time - a.Time))
            .ToList();
        return gaps.Count == 0 ? "n/a" : gaps.Min().TotalMilliseconds.ToString("0 ms", CultureInfo.InvariantCulture);
    }

    private static Dictionary<int, TimeSpan> FirstPerShard(IEnumerable<BootEvent> events) =>
        events.GroupBy(e => int.Parse(e.Values["ShardId"], CultureInfo.InvariantCulture))
            .ToDictionary(group => group.Key, group => group.Min(e => e.At));

    private static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.00 s", CultureInfo.InvariantCulture);
}
