using System.Text.RegularExpressions;

namespace Alyx.Coordination.Redis;

/// <summary>
/// Builds the Redis keys of one cluster. Every key has the form <c>{prefix}{CLUSTER}:...</c> with the default prefix
/// <c>alyx:</c>, and the braces form a Redis Cluster hash tag, so all keys of a cluster land in one slot and a Lua
/// script may touch any of them.
/// </summary>
public sealed partial class ClusterKeys
{
    /// <summary>The key prefix used when none is configured.</summary>
    public const string DefaultPrefix = "alyx:";

    /// <summary>
    /// Creates the key builder for a cluster.
    /// </summary>
    /// <param name="cluster">1 to 64 characters of letters, digits, '-', '_' or '.'.</param>
    /// <param name="prefix">Text put before every key, such as <c>alyx:</c> or <c>staging:alyx:</c>.</param>
    /// <exception cref="ArgumentException">The cluster name or the prefix is invalid.</exception>
    public ClusterKeys(string cluster, string prefix = DefaultPrefix)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(prefix);
        if (!ClusterNamePattern().IsMatch(cluster))
        {
            throw new ArgumentException(
                $"Cluster name '{cluster}' is invalid: use 1 to 64 letters, digits, '-', '_' or '.'.", nameof(cluster));
        }

        if (prefix.Contains('{', StringComparison.Ordinal) || prefix.Contains('}', StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"Key prefix '{prefix}' is invalid: braces would change the Redis Cluster hash tag; remove them.", nameof(prefix));
        }

        Cluster = cluster;
        Root = $"{prefix}{{{cluster}}}:";
    }

    /// <summary>The cluster name.</summary>
    public string Cluster { get; }

    /// <summary>The text every key of this cluster starts with, such as <c>alyx:{default}:</c>.</summary>
    public string Root { get; }

    /// <summary>Returns the key for the given path parts, joined with ':' after <see cref="Root"/>.</summary>
    public string For(params ReadOnlySpan<string> parts) => Root + string.Join(':', parts);

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex ClusterNamePattern();
}
