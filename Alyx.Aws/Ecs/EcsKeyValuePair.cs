namespace Alyx.Aws.Ecs;

/// <summary>An environment variable of a container override.</summary>
public sealed record EcsKeyValuePair(string Name, string Value);
