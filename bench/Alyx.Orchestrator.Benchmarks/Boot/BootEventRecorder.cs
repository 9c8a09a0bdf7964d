using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Alyx.Orchestrator.Benchmarks.Boot;

/// <summary>
/// A logger provider that keeps the time of selected log events (by event id) with their structured values, so a
/// boot can be split into phases without changing the code it measures.
/// </summary>
internal sealed class BootEventRecorder : ILoggerProvider
{
    private readonly Stopwatch _clock;
    private readonly HashSet<int> _eventIds;

    public BootEventRecorder(Stopwatch clock, params int[] eventIds)
    {
        _clock = clock;
        _eventIds = [.. eventIds];
    }

    public ConcurrentQueue<BootEvent> Events { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Recorder(this);

    public void Dispose()
    {
    }

    private sealed class Recorder(BootEventRecorder owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!owner._eventIds.Contains(eventId.Id))
            {
                return;
            }

            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            if (state is IReadOnlyList<KeyValuePair<string, object?>> pairs)
            {
                foreach (var (key, value) in pairs)
                {
                    values[key] = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
                }
            }

            owner.Events.Enqueue(new BootEvent(owner._clock.Elapsed, eventId.Id, values));
        }
    }
}

/// <summary>One recorded log event: when, which event id, and its structured values.</summary>
internal sealed record BootEvent(TimeSpan At, int EventId, IReadOnlyDictionary<string, string> Values);
