using System.Text.Json.Nodes;
using Alyx.Cli.Common;
using Alyx.Cli.Dev;
using Alyx.Cli.Requests;
using Alyx.Coordination.Redis;
using Alyx.Coordination.State;
using Alyx.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Alyx.Cli.Tests.Requests;

public sealed class RequestHandlerTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();

    // (id >> 22) % 2 == 1: the guild lives on shard 1 of two.
    private static readonly string GuildOnShardOne = ((1UL << 22) * 3).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private RequestSettings Settings(string cluster, int? shard = null, string? guild = null, bool all = false, string data = "{}") =>
        new(cluster, redis.Configuration, "alyx.ping", shard, guild, all, data, TimeSpan.FromSeconds(10), Json: true);

    [Fact]
    public async Task Request_NoTarget_FailsWithInvalidInput()
    {
        var exitCode = await new RequestHandler(_output, _error).RunAsync(Settings("default"), CancellationToken.None);

        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Contains("exactly one of --shard K, --guild G and --all", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_BadJson_FailsWithInvalidInput()
    {
        var exitCode = await new RequestHandler(_output, _error).RunAsync(Settings("default", all: true, data: "{oops"), CancellationToken.None);

        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Single(_error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("bad route!", false)]
    [InlineData("bad route!", true)]
    [InlineData(null, false)]
    public async Task Request_InvalidRoute_FailsWithOneLine(string? route, bool all)
    {
        route ??= new string('a', 129);
        var settings = Settings("default", shard: all ? null : 0, all: all) with { Route = route };

        var exitCode = await new RequestHandler(_output, _error).RunAsync(settings, CancellationToken.None);

        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Single(_error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"--route '{route}' is invalid", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_AllOnRunningCluster_ReturnsOneResultPerShard()
    {
        var cluster = RedisFixture.NewClusterName("request");
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var dev = new DevCommandHandler(new StringWriter(), new StringWriter(), NullLoggerFactory.Instance).RunAsync(
            new DevSettings(cluster, "2", 2, 40, "in-process", redis.Configuration, 300, null, 0, Json: true, null), stop.Token);
        await WaitForReadyAsync(cluster, 2, stop.Token);

        var exitCode = await new RequestHandler(_output, _error).RunAsync(Settings(cluster, all: true), CancellationToken.None);
        var single = new StringWriter();
        var singleExit = await new RequestHandler(single, _error).RunAsync(Settings(cluster, shard: 1), CancellationToken.None);
        var byGuild = new StringWriter();
        var guildExit = await new RequestHandler(byGuild, _error).RunAsync(Settings(cluster, guild: GuildOnShardOne) with { Json = false }, CancellationToken.None);
        await stop.CancelAsync();
        await dev;

        var results = JsonNode.Parse(_output.ToString())!["results"]!.AsArray();
        Assert.True(exitCode == ExitCodes.Success, _error.ToString());
        Assert.Equal(2, results.Count);
        Assert.All(results, result => Assert.Equal("ok", (string?)result!["status"]));
        Assert.Equal(ExitCodes.Success, singleExit);
        Assert.Equal(1, (int?)JsonNode.Parse(single.ToString())!["results"]![0]!["shard"]);
        Assert.Equal(ExitCodes.Success, guildExit);
        Assert.StartsWith($"shard 1 (guild {GuildOnShardOne})  ok", byGuild.ToString(), StringComparison.Ordinal);
    }

    private async Task WaitForReadyAsync(string cluster, int count, CancellationToken cancellationToken)
    {
        var store = new RedisClusterStateStore(redis.Connection, new ClusterKeys(cluster));
        await using var watch = await store.WatchAsync(cancellationToken);
        while (true)
        {
            var status = await store.ReadStatusAsync(cancellationToken);
            if (status is not null && status.ShardCount == count && status.Shards.All(shard => shard.Phase == ShardPhase.Ready))
            {
                return;
            }

            await watch.ReadAsync(cancellationToken);
        }
    }
}
