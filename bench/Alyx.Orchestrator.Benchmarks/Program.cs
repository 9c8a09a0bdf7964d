using Alyx.Orchestrator.Benchmarks.Boot;
using BenchmarkDotNet.Running;

// `boot` measures one boot of a cluster against the emulator; anything else goes to BenchmarkDotNet.
if (args is ["boot", .. var bootArgs])
{
    return await BootProfile.RunAsync(bootArgs);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
