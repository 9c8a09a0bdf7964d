namespace Alyx.Orchestrator.Launchers;

/// <summary>
/// Keeps the last error line of a shard host's standard error: the message of the last <c>fail:</c> or <c>crit:</c>
/// entry of the console logger, or the host's own exit line. Information lines do not count, so the reason of an exit
/// is never an unrelated progress message. Thread-safe, since output events arrive on pool threads.
/// </summary>
public sealed class ErrorLineTracker
{
    private readonly Lock _lock = new();
    private bool _messageFollows;
    private string? _lastError;

    /// <summary>The last error line, or null when the host wrote none.</summary>
    public string? LastError
    {
        get
        {
            lock (_lock)
            {
                return _lastError;
            }
        }
    }

    /// <summary>Reads one line of standard error.</summary>
    public void Add(string? line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }

        lock (_lock)
        {
            // The default console format puts "fail: Category[EventId]" on one line and the message indented on the next.
            if (_messageFollows && char.IsWhiteSpace(line[0]))
            {
                _lastError = line.Trim();
                _messageFollows = false;
                return;
            }

            _messageFollows = false;
            if (line.StartsWith("fail: ", StringComparison.Ordinal) || line.StartsWith("crit: ", StringComparison.Ordinal))
            {
                // The single-line format has the message after the category's event id.
                var end = line.IndexOf("] ", StringComparison.Ordinal);
                if (end > 0 && end + 2 < line.Length)
                {
                    _lastError = line[(end + 2)..].Trim();
                }
                else
                {
                    _messageFollows = true;
                }
            }
            else if (line.StartsWith("alyx-shard: ", StringComparison.Ordinal) || line.StartsWith("Unhandled exception", StringComparison.Ordinal))
            {
                _lastError = line.Trim();
            }
        }
    }
}
