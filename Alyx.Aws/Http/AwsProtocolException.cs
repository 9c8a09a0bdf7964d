namespace Alyx.Aws.Http;

/// <summary>A response could not be read as the protocol requires (malformed XML or JSON, missing fields).</summary>
public sealed class AwsProtocolException(string service, string operation, string problem)
    : Exception($"{service} {operation} returned a response Alyx.Aws cannot read: {problem}. Check that the endpoint is the {service} service.");
