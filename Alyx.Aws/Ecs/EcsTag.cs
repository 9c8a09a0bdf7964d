namespace Alyx.Aws.Ecs;

/// <summary>A task tag. Keys have at most 128 characters, values at most 256.</summary>
public sealed record EcsTag(string Key, string Value);
