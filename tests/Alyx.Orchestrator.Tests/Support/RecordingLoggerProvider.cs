using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Alyx.Orchestrator.Tests.Support;

/// <summary>A logger provider that keeps every entry at <see cref="LogLevel.Debug"/> and above, for tests that check log output.</summary>
public sealed class RecordingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<RecordedLog> _entries = new();

    public IReadOnlyList<RecordedLog> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Recorder(RecordingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner._entries.Enqueue(new RecordedLog(category, logLevel, eventId.Id, formatter(state, exception), exception));
            }
        }
    }
}

/// <summary>One log entry: category, level, event id, formatted message and the exception passed with it.</summary>
public sealed record RecordedLog(string Category, LogLevel Level, int EventId, string Message, Exception? Exception);
