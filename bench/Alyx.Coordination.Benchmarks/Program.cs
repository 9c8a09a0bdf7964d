using Alyx.Coordination.Benchmarks;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// `roundtrips` prints Redis commands per operation; anything else goes to BenchmarkDotNet (for example --filter '*').
if (args is ["roundtrips"])
{
    await RoundTrips.RunAsync();
    return;
}

// In-process keeps the run light on small machines; the benchmarks measure network round trips, not JIT tiers.
var config = DefaultConfig.Instance.AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
BenchmarkSwitcher.FromAssembly(typeof(LeaseBenchmarks).Assembly).Run(args, config);
