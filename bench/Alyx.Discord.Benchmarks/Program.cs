using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Alyx.Discord.Benchmarks.GatewayDecodeBenchmarks).Assembly).Run(args);
