namespace Alyx.Aws.Http;

/// <summary>Identity of an AWS service for endpoint resolution, signing and error messages.</summary>
/// <param name="ServiceId">The SDK service id, such as <c>ECS</c>; it names <c>AWS_ENDPOINT_URL_{ServiceId}</c>.</param>
/// <param name="SigningName">The SigV4 service name, such as <c>ecs</c> or <c>monitoring</c>.</param>
/// <param name="EndpointPrefix">The host prefix of the public endpoint, such as <c>ecs</c>.</param>
internal sealed record AwsServiceInfo(string ServiceId, string SigningName, string EndpointPrefix);
