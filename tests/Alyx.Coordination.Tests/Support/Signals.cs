namespace Alyx.Coordination.Tests.Support;

internal static class Signals
{
    /// <summary>A generous bound for waiting on a signal on a busy machine.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    /// <summary>Completes when <paramref name="token"/> fires; fails the test after <see cref="Timeout"/>.</summary>
    public static Task WhenCancelledAsync(CancellationToken token)
    {
        var fired = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        token.Register(() => fired.TrySetResult());
        return fired.Task.WaitAsync(Timeout, CancellationToken.None);
    }
}
