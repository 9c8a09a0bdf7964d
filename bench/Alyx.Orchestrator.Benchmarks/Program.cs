using Alyx.Orchestrator.Benchmarks;
using Alyx.Orchestrator.Benchmarks.Boot;
using BenchmarkDotNet.Running;

// `boot` measures one boot of a cluster against the emulator, `roundtrips` the Redis cost of a reconcile pass;
// anything else goes to BenchmarkDotNet.
if (args is ["boot", .. var bootArgs])
{
    return await BootProfile.RunAsync(bootArgs);
}

if (args is ["roundtrips", .. var tripArgs])
{
    return await ReconcileRoundTrips.RunAsync(tripArgs);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
