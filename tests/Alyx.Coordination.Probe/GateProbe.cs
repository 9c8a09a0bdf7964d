namespace Alyx.Coordination.Probe;

internal static class GateProbe
{
    public static Task<int> RunAsync(string[] args) => Task.FromResult(args.Length);
}
