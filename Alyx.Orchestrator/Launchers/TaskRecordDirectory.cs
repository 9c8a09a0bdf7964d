using System.Globalization;

namespace Alyx.Orchestrator.Launchers;

/// <summary>
/// One file per running local task (<c>{taskId}.task</c>: process id, set, shard, count, start time), so an
/// orchestrator that restarts on the same machine finds the shard hosts its predecessor started.
/// </summary>
public sealed class TaskRecordDirectory(string path)
{
    /// <summary>The folder.</summary>
    public string Path { get; } = path ?? throw new ArgumentNullException(nameof(path));

    /// <summary>Records a started task.</summary>
    public void Write(ShardTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        Directory.CreateDirectory(Path);
        var text = string.Join(' ',
            task.ProcessId?.ToString(CultureInfo.InvariantCulture) ?? "0",
            task.ShardSet.ToString(CultureInfo.InvariantCulture),
            task.ShardId.ToString(CultureInfo.InvariantCulture),
            task.ShardCount.ToString(CultureInfo.InvariantCulture),
            task.StartedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        File.WriteAllText(FileOf(task.TaskId), text);
    }

    /// <summary>Deletes the record of a task that ended.</summary>
    public void Delete(string taskId) => File.Delete(FileOf(taskId));

    /// <summary>Reads every record; unreadable files are skipped.</summary>
    public IReadOnlyList<ShardTask> ReadAll()
    {
        if (!Directory.Exists(Path))
        {
            return [];
        }

        var tasks = new List<ShardTask>();
        foreach (var file in Directory.EnumerateFiles(Path, "*.task"))
        {
            // A task that ends while this loop runs deletes its record between the listing and the read.
            if (ReadOrNull(file) is not { } text)
            {
                continue;
            }

            var parts = text.Split(' ');
            if (parts.Length == 5
                && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var pid)
                && long.TryParse(parts[1], CultureInfo.InvariantCulture, out var set)
                && int.TryParse(parts[2], CultureInfo.InvariantCulture, out var shard)
                && int.TryParse(parts[3], CultureInfo.InvariantCulture, out var count)
                && long.TryParse(parts[4], CultureInfo.InvariantCulture, out var started))
            {
                var taskId = System.IO.Path.GetFileNameWithoutExtension(file);
                tasks.Add(new ShardTask(taskId, set, shard, count, DateTimeOffset.FromUnixTimeMilliseconds(started), pid));
            }
        }

        return tasks;
    }

    private static string? ReadOrNull(string file)
    {
        try
        {
            return File.ReadAllText(file);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private string FileOf(string taskId) => System.IO.Path.Combine(Path, taskId + ".task");
}
