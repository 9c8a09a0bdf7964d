namespace Alyx.Aws.Http;

/// <summary>Every attempt of a call ran past the per-attempt timeout.</summary>
public sealed class AwsRequestTimeoutException(string service, string operation, TimeSpan timeout, int attempts)
    : TimeoutException($"{service} {operation} timed out: {attempts} attempt(s) each exceeded {timeout.TotalSeconds:0.###} s. Check that the endpoint is reachable, or raise RequestTimeout.")
{
    /// <summary>The service id, such as <c>ECS</c>.</summary>
    public string Service { get; } = service;

    /// <summary>The operation name.</summary>
    public string Operation { get; } = operation;
}
