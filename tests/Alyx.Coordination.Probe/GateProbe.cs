using System.Globalization;
using Alyx.Coordination.Identify;
using Alyx.Coordination.Redis;

namespace Alyx.Coordination.Probe;

/// <summary>
/// Connects to the cluster's identify gate, prints <c>ready</c>, waits for <c>go</c> on standard input, then waits at
/// the gate for all its shards at once and prints one <c>grant</c> line per shard.
/// </summary>
internal static class GateProbe
{
    public static async Task<int> RunAsync(string[] args)
    {
        var (endpoint, cluster) = (args[0], args[1]);
        var window = TimeSpan.FromMilliseconds(int.Parse(args[2], CultureInfo.InvariantCulture));
        var shards = args[3].Split(',').Select(shard => int.Parse(shard, CultureInfo.InvariantCulture)).ToArray();
        var margin = TimeSpan.FromMilliseconds(int.Parse(args[4], CultureInfo.InvariantCulture));
        await using var connection = await RedisConnectionFactory.ConnectAsync(
            new RedisCoordinationOptions { Endpoints = endpoint, Cluster = cluster }, CancellationToken.None);
        var gate = new RedisIdentifyGate(connection, new ClusterKeys(cluster), new IdentifyGateOptions { Window = window, Margin = margin, Reserve = 0 }, TimeProvider.System);
        using var give = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        // Reading the budget once loads the client's code paths, so the first reservation is not slowed by JIT.
        _ = await gate.GetBudgetAsync(give.Token);
        ProbeOutput.Write("ready");
        if (await Console.In.ReadLineAsync(give.Token) != "go")
        {
            return 3;
        }

        await Task.WhenAll(shards.Select(async shard =>
        {
            var grant = await gate.WaitForTurnAsync(shard, give.Token);
            var returnedAt = DateTimeOffset.UtcNow;
            ProbeOutput.Write(string.Create(CultureInfo.InvariantCulture,
                $"grant {grant.ShardId} {grant.Bucket} {grant.GrantedAt.ToUnixTimeMilliseconds()} {returnedAt.ToUnixTimeMilliseconds()}"));
        }));
        ProbeOutput.Write("done");
        return 0;
    }
}
