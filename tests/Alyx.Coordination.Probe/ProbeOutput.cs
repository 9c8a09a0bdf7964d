using System.Diagnostics;

namespace Alyx.Coordination.Probe;

/// <summary>Writes one line per event, prefixed with the monotonic timestamp in Stopwatch ticks.</summary>
internal static class ProbeOutput
{
    private static readonly Lock Gate = new();

    public static void Write(string line)
    {
        lock (Gate)
        {
            Console.Out.WriteLine($"{Stopwatch.GetTimestamp()} {line}");
            Console.Out.Flush();
        }
    }
}
