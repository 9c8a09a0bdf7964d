namespace Alyx.Shard.Tests.Hosting;

/// <summary>
/// Runs the tests that count this process's inotify instances alone, so hosts that other tests build at the same time
/// do not change the count.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class InotifyCountGroup
{
    /// <summary>The collection name.</summary>
    public const string Name = "inotify count";
}
