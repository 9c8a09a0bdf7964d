using Alyx.Coordination.Redis;

namespace Alyx.Cli.Common;

/// <summary>Validates <c>--cluster</c>.</summary>
public static class ClusterName
{
    /// <summary>Returns the cluster's Redis keys.</summary>
    /// <exception cref="CliException">The name is invalid; the message names it and the allowed characters.</exception>
    public static ClusterKeys Keys(string cluster)
    {
        try
        {
            return new ClusterKeys(cluster);
        }
        catch (ArgumentException exception)
        {
            throw new CliException(ExitCodes.InvalidInput, "--cluster: " + exception.Message.Split(" (Parameter", 2)[0], exception);
        }
    }
}
