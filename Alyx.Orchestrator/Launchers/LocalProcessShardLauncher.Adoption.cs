using System.Diagnostics;
using Alyx.Shard.Hosting;

namespace Alyx.Orchestrator.Launchers;

/// <summary>Tasks started by a previous orchestrator process on this machine, found through the task records.</summary>
public sealed partial class LocalProcessShardLauncher
{
    private void AdoptRecordedTasks()
    {
        if (_records is null)
        {
            return;
        }

        foreach (var task in _records.ReadAll())
        {
            if (_children.ContainsKey(task.TaskId) || _adopted.ContainsKey(task.TaskId))
            {
                continue;
            }

            if (IsRunning(task))
            {
                _adopted[task.TaskId] = task;
                LogAdopted(task.TaskId, task.ProcessId ?? 0);
            }
            else
            {
                _records.Delete(task.TaskId);
            }
        }

        foreach (var task in _adopted.Values.Where(task => !IsRunning(task)).ToList())
        {
            // The exit code of a process this one did not start is unknown.
            _adopted.TryRemove(task.TaskId, out _);
            _records.Delete(task.TaskId);
            var requested = _adoptedStops.TryRemove(task.TaskId, out var reason);
            TaskExited?.Invoke(this, new ShardTaskExit(task, ShardExitCode.UnexpectedError, -1, reason ?? "started by an earlier orchestrator", requested));
        }
    }

    private async Task<bool> StopAdoptedAsync(ShardTask task, string reason, CancellationToken cancellationToken)
    {
        _adoptedStops[task.TaskId] = reason;
        LogStopping(task.TaskId, task.ProcessId ?? 0, reason);
        await SignalTerminateAsync(task.ProcessId!.Value, cancellationToken);
        var deadline = _timeProvider.GetUtcNow() + _settings.ShutdownTimeout + TimeSpan.FromSeconds(2);
        while (IsRunning(task) && _timeProvider.GetUtcNow() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), _timeProvider, cancellationToken);
        }

        if (IsRunning(task))
        {
            LogKilled(task.TaskId, task.ProcessId.Value);
            using var process = Process.GetProcessById(task.ProcessId.Value);
            process.Kill(entireProcessTree: true);
        }

        AdoptRecordedTasks();
        return true;
    }

    private static bool IsRunning(ShardTask task)
    {
        if (task.ProcessId is not > 0)
        {
            return false;
        }

        var pid = task.ProcessId.Value;

        try
        {
            using var process = Process.GetProcessById(pid);

            // A process id can be reused; a process that started after the task's record is another program.
            return !process.HasExited && process.StartTime.ToUniversalTime() <= task.StartedAt.UtcDateTime.AddSeconds(5);
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
