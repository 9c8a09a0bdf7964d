using Amazon.CDK;
using Amazon.CDK.AWS.ECS;

namespace Alyx.Cdk.Compute;

/// <summary>
/// The container health check both Alyx images share: the process touches <see cref="Path"/> while it works, and the
/// check passes while the file is less than a minute old. Dockerfile.shard and Dockerfile.orchestrator run the same check.
/// </summary>
internal static class HealthFile
{
    /// <summary>The file the hosts touch (<c>ALYX_HEALTH_FILE</c>), on the writable /tmp volume.</summary>
    public const string Path = "/tmp/alyx-health";

    /// <summary>Returns the ECS health check; <paramref name="startPeriod"/> covers the time before the first touch.</summary>
    public static Amazon.CDK.AWS.ECS.HealthCheck Check(Duration startPeriod) => new()
    {
        Command = ["CMD-SHELL", "test -n \"$(find \"$ALYX_HEALTH_FILE\" -mmin -1 2>/dev/null)\""],
        Interval = Duration.Seconds(30),
        Timeout = Duration.Seconds(5),
        Retries = 3,
        StartPeriod = startPeriod,
    };

    /// <summary>
    /// Mounts a task volume at /tmp, the only writable path under a read-only root file system, for the runtime's
    /// scratch files and the health file.
    /// </summary>
    public static void AddScratchVolume(TaskDefinition taskDefinition, ContainerDefinition container)
    {
        taskDefinition.AddVolume(new Amazon.CDK.AWS.ECS.Volume { Name = "tmp" });
        container.AddMountPoints(new MountPoint { ContainerPath = "/tmp", SourceVolume = "tmp", ReadOnly = false });
    }
}
