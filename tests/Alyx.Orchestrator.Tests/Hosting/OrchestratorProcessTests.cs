using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Alyx.Coordination.State;
using Alyx.Orchestrator.Tests.Ecs;
using Alyx.Testing.Emulator;
using Alyx.TestSupport;

namespace Alyx.Orchestrator.Tests.Hosting;

/// <summary>
/// The Alyx.Orchestrator executable as ECS runs it: configured by environment variables only, against moto_server,
/// real Redis and the Discord emulator, stopped with SIGTERM.
/// </summary>
public sealed class OrchestratorProcessTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Executable_EcsFromEnvironment_LaunchesAndStopsOnSigterm()
    {
        using var ecs = await MotoEcsCluster.CreateAsync();
        await using var emulator = await DiscordEmulator.StartAsync(new DiscordEmulatorOptions { Shards = 1 });
        var cluster = RedisFixture.NewClusterName(nameof(Executable_EcsFromEnvironment_LaunchesAndStopsOnSigterm));
        await new RedisClusterStateStore(redis.Connection, new(cluster)).WriteSpecAsync(new ClusterSpec(2, null, ReshardStrategy.Rolling, null), null, CancellationToken.None);
        var launched = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var lines = new List<string>();
        var launches = 0;
        using var process = Start(new Dictionary<string, string>
        {
            ["ALYX_CLUSTER"] = cluster,
            ["ALYX_REDIS"] = TestServices.RedisEndpoint,
            ["DISCORD_TOKEN"] = emulator.Options.Token,
            ["ALYX_DISCORD_REST_URL"] = emulator.RestUri.ToString(),
            ["ALYX_ECS_CLUSTER"] = ecs.Name,
            ["ALYX_TASK_DEFINITION"] = ecs.Family,
            ["ALYX_SUBNETS"] = "subnet-a,subnet-b",
            ["ALYX_SECURITY_GROUPS"] = "sg-1",
            ["AWS_ENDPOINT_URL"] = TestServices.MotoEndpoint.ToString(),

            // moto runs no shard host, so no heartbeat ever comes; a long grace keeps the tasks in place.
            ["ALYX_Orchestrator__StartGracePeriod"] = "00:30:00",
            ["ALYX_Orchestrator__ProgressInterval"] = "00:00:00.200",
            ["ALYX_Ecs__PollInterval"] = "00:00:00.500",
        });
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is null)
            {
                return;
            }

            lock (lines)
            {
                lines.Add(line.Data);
            }

            if (line.Data.Contains("\"EventId\":8131", StringComparison.Ordinal) && Interlocked.Increment(ref launches) == 2)
            {
                launched.TrySetResult();
            }
        };
        process.BeginOutputReadLine();

        await launched.Task.WaitAsync(Timeout);
        var live = await ecs.LiveTasksAsync();
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var exitTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(exitTimeout.Token);
        var after = await ecs.LiveTasksAsync();

        Assert.Equal(0, process.ExitCode);
        Assert.Equal(2, live.Count);
        Assert.Equal(live.Select(task => task.TaskArn).Order(), after.Select(task => task.TaskArn).Order());
        lock (lines)
        {
            Assert.All(lines, line => Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(line).RootElement.ValueKind));
        }
    }

    [Fact]
    public async Task Executable_KilledAfterRunTask_RestartAdoptsTask()
    {
        using var ecs = await MotoEcsCluster.CreateAsync();
        await using var emulator = await DiscordEmulator.StartAsync(new DiscordEmulatorOptions { Shards = 1 });
        var cluster = RedisFixture.NewClusterName(nameof(Executable_KilledAfterRunTask_RestartAdoptsTask));
        await new RedisClusterStateStore(redis.Connection, new(cluster)).WriteSpecAsync(new ClusterSpec(4, null, ReshardStrategy.Rolling, null), null, CancellationToken.None);
        var environment = new Dictionary<string, string>
        {
            ["ALYX_CLUSTER"] = cluster,
            ["ALYX_REDIS"] = TestServices.RedisEndpoint,
            ["DISCORD_TOKEN"] = emulator.Options.Token,
            ["ALYX_DISCORD_REST_URL"] = emulator.RestUri.ToString(),
            ["ALYX_ECS_CLUSTER"] = ecs.Name,
            ["ALYX_TASK_DEFINITION"] = ecs.Family,
            ["ALYX_SUBNETS"] = "subnet-a",
            ["ALYX_SECURITY_GROUPS"] = "sg-1",
            ["AWS_ENDPOINT_URL"] = TestServices.MotoEndpoint.ToString(),
            ["ALYX_Orchestrator__StartGracePeriod"] = "00:30:00",
            ["ALYX_Orchestrator__ProgressInterval"] = "00:00:00.200",
            ["ALYX_Ecs__PollInterval"] = "00:00:00.500",

            // A short leader lease lets the restarted process take over soon after the kill.
            ["ALYX_ShardHost__LeaseTimeToLive"] = "00:00:03",
            ["ALYX_ShardHost__LeaseRenewInterval"] = "00:00:01",
            ["ALYX_ShardHost__LeaseSafetyMargin"] = "00:00:01",
        };

        // One launch at a time and one RunTask per 5 s, so the kill lands before a second RunTask can go out.
        var slow = new Dictionary<string, string>(environment)
        {
            ["ALYX_Orchestrator__MaxConcurrentActions"] = "1",
            ["ALYX_Ecs__LaunchesPerSecond"] = "0.2",
            ["ALYX_Ecs__LaunchBurst"] = "1",
        };
        using (var first = Start(slow))
        {
            await WaitForLaunchesAsync(first, 1);
            first.Kill();
            await first.WaitForExitAsync();
        }

        var afterKill = await ecs.AllTasksAsync();
        using var second = Start(environment);
        await WaitForLaunchesAsync(second, 3);
        var all = await ecs.AllTasksAsync();
        second.Kill();

        var survivor = Assert.Single(afterKill);
        Assert.Equal(4, all.Count);
        Assert.Contains(all, task => task.TaskArn == survivor.TaskArn);
        Assert.All(all, task => Assert.NotEqual("STOPPED", task.LastStatus));
        Assert.Equal(4, all.Select(task => task.Tags.Single(tag => tag.Key == "alyx:shard").Value).Distinct().Count());
    }

    [Fact]
    public async Task Executable_LeaderAndStandby_TouchHealthFilesAndWriteGauges()
    {
        using var ecs = await MotoEcsCluster.CreateAsync();
        await using var emulator = await DiscordEmulator.StartAsync(new DiscordEmulatorOptions { Shards = 1 });
        var cluster = RedisFixture.NewClusterName(nameof(Executable_LeaderAndStandby_TouchHealthFilesAndWriteGauges));
        await new RedisClusterStateStore(redis.Connection, new(cluster)).WriteSpecAsync(new ClusterSpec(2, null, ReshardStrategy.Rolling, null), null, CancellationToken.None);
        var folder = Path.Combine(TestServices.Require("ALYX_TEST_WORK", "a work folder"), cluster);
        Directory.CreateDirectory(folder);
        var healthFiles = new[] { Path.Combine(folder, "first-health"), Path.Combine(folder, "second-health") };
        var gauges = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        var processes = new List<Process>();
        try
        {
            foreach (var healthFile in healthFiles)
            {
                var process = Start(new Dictionary<string, string>
                {
                    ["ALYX_CLUSTER"] = cluster,
                    ["ALYX_REDIS"] = TestServices.RedisEndpoint,
                    ["DISCORD_TOKEN"] = emulator.Options.Token,
                    ["ALYX_DISCORD_REST_URL"] = emulator.RestUri.ToString(),
                    ["ALYX_ECS_CLUSTER"] = ecs.Name,
                    ["ALYX_TASK_DEFINITION"] = ecs.Family,
                    ["ALYX_SUBNETS"] = "subnet-a",
                    ["ALYX_SECURITY_GROUPS"] = "sg-1",
                    ["AWS_ENDPOINT_URL"] = TestServices.MotoEndpoint.ToString(),
                    ["ALYX_METRICS"] = "true",
                    ["ALYX_HEALTH_FILE"] = healthFile,
                    ["ALYX_Orchestrator__StartGracePeriod"] = "00:30:00",
                    ["ALYX_Orchestrator__ResyncInterval"] = "00:00:01",
                    ["ALYX_Ecs__PollInterval"] = "00:00:00.500",

                    // A short lease makes the standby ask Redis for the leader lease about once a second.
                    ["ALYX_ShardHost__LeaseTimeToLive"] = "00:00:03",
                    ["ALYX_ShardHost__LeaseRenewInterval"] = "00:00:01",
                    ["ALYX_ShardHost__LeaseSafetyMargin"] = "00:00:01",
                });
                processes.Add(process);
                process.OutputDataReceived += (_, line) =>
                {
                    if (line.Data is not null && line.Data.Contains("\"ShardsDesired\"", StringComparison.Ordinal))
                    {
                        gauges.TrySetResult(JsonDocument.Parse(line.Data).RootElement.Clone());
                    }
                };
                process.BeginOutputReadLine();
            }

            var emf = await gauges.Task.WaitAsync(Timeout);
            var firstTouches = await Task.WhenAll(healthFiles.Select(file => WaitForTouchAsync(file, DateTime.MinValue)));
            var laterTouches = await Task.WhenAll(healthFiles.Select((file, index) => WaitForTouchAsync(file, firstTouches[index])));

            var directive = emf.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0];
            Assert.Equal("Alyx", directive.GetProperty("Namespace").GetString());
            Assert.Equal(["Cluster"], directive.GetProperty("Dimensions")[0].EnumerateArray().Select(name => name.GetString()));
            Assert.Equal(cluster, emf.GetProperty("Cluster").GetString());
            Assert.Equal(2, emf.GetProperty("ShardsDesired").GetDouble());
            Assert.Equal(0, emf.GetProperty("ShardsReady").GetDouble());
            Assert.All(healthFiles.Select((_, index) => laterTouches[index] > firstTouches[index]), Assert.True);
        }
        finally
        {
            foreach (var process in processes)
            {
                process.Kill();
                await process.WaitForExitAsync();
                process.Dispose();
            }
        }
    }

    [Fact]
    public async Task Executable_MissingSettings_ExitsWithEveryFailure()
    {
        using var process = Start(new Dictionary<string, string> { ["ALYX_LAUNCHER"] = "ecs" });
        var error = process.StandardError.ReadToEndAsync();

        using var exitTimeout = new CancellationTokenSource(Timeout);
        await process.WaitForExitAsync(exitTimeout.Token);
        var text = await error;

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("DISCORD_TOKEN is missing", text, StringComparison.Ordinal);
        Assert.Contains("--subnets (ALYX_SUBNETS) is required with --launcher ecs", text, StringComparison.Ordinal);
        Assert.Contains("--task-definition (ALYX_TASK_DEFINITION) is required", text, StringComparison.Ordinal);
    }

    // Waits for the launcher's "Launched ECS task" log lines (event id 8131) on the process's standard output.
    private static async Task WaitForLaunchesAsync(Process process, int count)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var launches = 0;
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is not null && line.Data.Contains("\"EventId\":8131", StringComparison.Ordinal) && Interlocked.Increment(ref launches) == count)
            {
                reached.TrySetResult();
            }
        };
        process.BeginOutputReadLine();
        await reached.Task.WaitAsync(Timeout);
    }

    // Polls the file's modification time until it is later than the given one; the health check itself polls too.
    private static async Task<DateTime> WaitForTouchAsync(string path, DateTime after)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        while (true)
        {
            if (File.Exists(path) && File.GetLastWriteTimeUtc(path) is var touched && touched > after)
            {
                return touched;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), timeout.Token);
        }
    }

    private static Process Start(Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Alyx.Orchestrator.dll")])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        // Only what the test sets: no DISCORD_TOKEN or ALYX_ variable of the machine leaks in.
        foreach (var name in start.Environment.Keys.Where(name => name.StartsWith("ALYX_", StringComparison.Ordinal) || name == "DISCORD_TOKEN").ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
    }
}
