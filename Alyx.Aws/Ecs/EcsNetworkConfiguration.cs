using System.Text.Json.Serialization;

namespace Alyx.Aws.Ecs;

/// <summary>The network configuration of a task; Fargate requires the awsvpc form.</summary>
public sealed record EcsNetworkConfiguration(
    [property: JsonPropertyName("awsvpcConfiguration")] EcsAwsVpcConfiguration AwsvpcConfiguration);
