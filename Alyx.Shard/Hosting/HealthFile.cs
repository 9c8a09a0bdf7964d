namespace Alyx.Shard.Hosting;

/// <summary>
/// A file whose modification time shows that the process is alive and doing its work. A container health check reads
/// its age (the Dockerfiles run <c>find FILE -mmin -1</c>), which costs far less than starting a probe process.
/// </summary>
/// <param name="path">The file to touch; created on the first touch. Its folder must exist.</param>
public sealed class HealthFile(string path)
{
    /// <summary>The file path.</summary>
    public string Path { get; } = path;

    /// <summary>Creates the file or sets its modification time to now.</summary>
    /// <exception cref="IOException">The file could not be created or changed.</exception>
    /// <exception cref="UnauthorizedAccessException">The process may not write the file.</exception>
    public void Touch()
    {
        // Wall-clock time on purpose: the check compares it with the wall clock, not with a test's fake time.
        using (File.Open(Path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite))
        {
        }

        File.SetLastWriteTimeUtc(Path, DateTime.UtcNow);
    }
}
