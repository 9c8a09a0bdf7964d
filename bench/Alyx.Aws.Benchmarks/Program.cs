using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Alyx.Aws.Benchmarks.ClientRequestBenchmarks).Assembly).Run(args);
