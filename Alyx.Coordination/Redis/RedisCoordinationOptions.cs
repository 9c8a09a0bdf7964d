namespace Alyx.Coordination.Redis;

/// <summary>
/// How the coordination layer connects to Redis. Bind it from configuration and check it with
/// <see cref="RedisCoordinationOptionsValidator"/> at start.
/// </summary>
public sealed class RedisCoordinationOptions
{
    /// <summary>
    /// The Redis address in a form <see cref="RedisAddress"/> parses: <c>host:port</c> (comma-separated for several),
    /// <c>redis://[user:password@]host:port[/database]</c>, <c>rediss://</c> for TLS, or a StackExchange.Redis
    /// configuration string. Default <c>127.0.0.1:6379</c>. It may contain a password: never log it.
    /// </summary>
    public string Endpoints { get; set; } = "127.0.0.1:6379";

    /// <summary>The cluster name, the part inside the braces of every key. Default <c>default</c>.</summary>
    public string Cluster { get; set; } = "default";

    /// <summary>Text put before every key, before the cluster's hash tag. Default <c>alyx:</c>.</summary>
    public string KeyPrefix { get; set; } = ClusterKeys.DefaultPrefix;

    /// <summary>Connect with TLS. Default false; ElastiCache with in-transit encryption needs true. A <c>rediss://</c> address turns TLS on by itself.</summary>
    public bool UseTls { get; set; }

    /// <summary>Host name the server certificate must match when <see cref="UseTls"/> is set. Default: the endpoint host.</summary>
    public string? TlsHost { get; set; }

    /// <summary>ACL user name (Redis 6 and later). Default: none, which keeps the user of <see cref="Endpoints"/> or else means the <c>default</c> user.</summary>
    public string? User { get; set; }

    /// <summary>Password or ACL secret. Default: none, which keeps the password of <see cref="Endpoints"/>, if any. Never logged.</summary>
    public string? Password { get; set; }

    /// <summary>Time allowed to open a connection. Default 5 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Time allowed for one command, after which it fails with <see cref="CoordinationUnavailableException"/>.
    /// Default 2 s. Keep it well below the lease renew interval, so a slow renew fails before the lease deadline.
    /// </summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Logical database number. Default 0, which keeps the database of <see cref="Endpoints"/>, if any; Redis Cluster supports only 0.</summary>
    public int Database { get; set; }

    /// <summary>Builds the key builder for <see cref="Cluster"/> and <see cref="KeyPrefix"/>.</summary>
    public ClusterKeys CreateKeys() => new(Cluster, KeyPrefix);
}
