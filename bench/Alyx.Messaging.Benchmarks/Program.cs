using Alyx.Messaging.Benchmarks;
using BenchmarkDotNet.Running;

// Needs the services of run.sh (Redis, moto_server, fauxqs on loopback); run.sh starts them and then this program.
BenchmarkSwitcher.FromAssembly(typeof(MessengerBenchmarks).Assembly).Run(args, new BenchmarkConfig());
