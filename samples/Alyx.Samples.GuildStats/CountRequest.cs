namespace Alyx.Samples.GuildStats;

/// <summary>The request of the count route; it carries nothing.</summary>
public sealed record CountRequest;
