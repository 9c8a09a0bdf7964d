using Alyx.Shard.Hosting;
using Microsoft.Extensions.Hosting;

namespace Alyx.Shard.Tests.Hosting;

/// <summary>
/// Shard hosts must not watch their configuration files. Each watcher takes one inotify instance, and Linux limits
/// those per user (fs.inotify.max_user_instances, 128 by default), so in-process hosts would run out after a hundred
/// or so shards.
/// </summary>
[Collection(InotifyCountGroup.Name)]
public sealed class ShardHostFileWatchTests
{
    private const int Hosts = 40;

    [Fact]
    public void Build_ManyHosts_AddsNoInotifyInstances()
    {
        var hosts = new List<IHost>();
        var before = CountInotifyInstances();

        try
        {
            for (var shard = 0; shard < Hosts; shard++)
            {
                var variables = new Dictionary<string, string>
                {
                    ["ALYX_CLUSTER"] = "inotify",
                    ["ALYX_SHARD_SET"] = "1",
                    ["ALYX_SHARD_ID"] = shard.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["ALYX_SHARD_COUNT"] = Hosts.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["ALYX_TOKEN"] = "test-token",
                };
                hosts.Add(ShardHostBuilder.Create([], name => variables.GetValueOrDefault(name)).Build());
            }

            var after = CountInotifyInstances();

            // The margin leaves room for a watcher that the test runner itself opens meanwhile; one per host would add Hosts.
            Assert.True(after - before < Hosts / 4, $"{Hosts} hosts added {after - before} inotify instances ({before} before, {after} after).");
        }
        finally
        {
            foreach (var host in hosts)
            {
                host.Dispose();
            }
        }
    }

    /// <summary>Counts this process's open inotify instances: file descriptors that link to anon_inode:inotify.</summary>
    internal static int CountInotifyInstances()
    {
        var count = 0;
        foreach (var descriptor in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            try
            {
                if (new FileInfo(descriptor).LinkTarget == "anon_inode:inotify")
                {
                    count++;
                }
            }
            catch (IOException)
            {
                // The descriptor closed between listing and reading it.
            }
        }

        return count;
    }
}
