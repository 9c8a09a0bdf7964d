using System.Text.Json.Serialization;

namespace Alyx.Aws.Ecs;

/// <summary>The subnets and security groups of an awsvpc (Fargate) task.</summary>
/// <param name="Subnets">1 to 16 subnet ids; spread them over availability zones.</param>
/// <param name="SecurityGroups">Up to 5 security group ids; null uses the VPC's default group.</param>
/// <param name="AssignPublicIp"><c>ENABLED</c> or <c>DISABLED</c>; null is DISABLED.</param>
public sealed record EcsAwsVpcConfiguration(
    [property: JsonPropertyName("subnets")] IReadOnlyList<string> Subnets,
    [property: JsonPropertyName("securityGroups")] IReadOnlyList<string>? SecurityGroups = null,
    [property: JsonPropertyName("assignPublicIp")] string? AssignPublicIp = null);
