namespace Alyx.Coordination.Tests.Messaging;

/// <summary>Waits with generous bounds, so a slow machine does not fail a test.</summary>
public static class Signals
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>Waits until a condition holds, checking every 20 ms; fails with the description after the patience.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string description)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out after {Patience.TotalSeconds} s waiting until {description}.");
            await Task.Delay(20);
        }
    }

    public static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
