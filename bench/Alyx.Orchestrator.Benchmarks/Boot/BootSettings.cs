using System.Globalization;

namespace Alyx.Orchestrator.Benchmarks.Boot;

/// <summary>Options of the boot profile: <c>--shards N --concurrency C --window-ms W</c> and the optional ones below.</summary>
internal sealed record BootSettings(
    int Shards, int Concurrency, int WindowMs, int HostWindowMs, int MarginMs, int Guilds, string? Redis, int Runs, int TimeoutSeconds)
{
    public static BootSettings Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i]] = args[i + 1];
        }

        int Number(string name, int fallback) =>
            values.TryGetValue(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

        var window = Number("--window-ms", 500);
        return new BootSettings(
            Number("--shards", 16),
            Number("--concurrency", 1),
            window,
            Number("--host-window-ms", window),
            Number("--margin-ms", 25),
            Number("--guilds", 640),
            values.GetValueOrDefault("--redis"),
            Number("--runs", 1),
            Number("--timeout-seconds", 90));
    }

    public string Describe() =>
        $"N={Shards} C={Concurrency} emulator window {WindowMs} ms, host window {HostWindowMs} ms + margin {MarginMs} ms, "
        + $"{Guilds} guilds, {(Redis is null ? "in-memory coordination" : "Redis " + Redis)}, {Runs} run(s)";
}
