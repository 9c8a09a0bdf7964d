using System.Diagnostics;
using Alyx.Coordination.Probe;

// Each output line starts with the monotonic timestamp (Stopwatch ticks, CLOCK_MONOTONIC on Linux, shared by every
// process on the machine), so the test can order lines against its own clock.
return args.Length > 0 ? args[0] switch
{
    "lease" => await LeaseProbe.RunAsync(args[1..]),
    "gate" => await GateProbe.RunAsync(args[1..]),
    _ => Usage(),
} : Usage();

static int Usage()
{
    Console.Error.WriteLine("usage: probe lease <redis> <cluster> <lease> <ttl-ms> <renew-ms> <margin-ms>");
    Console.Error.WriteLine("       probe gate <redis> <cluster> <window-ms> <shard,shard,...> <margin-ms>");
    _ = Stopwatch.Frequency;
    return 2;
}
