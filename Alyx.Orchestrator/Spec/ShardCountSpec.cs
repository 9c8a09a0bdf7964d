using System.Globalization;

namespace Alyx.Orchestrator.Spec;

/// <summary>
/// The desired shard count of a cluster: a fixed number, or <c>auto</c> for the count that Discord recommends in
/// <c>GET /gateway/bot</c>.
/// </summary>
public readonly record struct ShardCountSpec
{
    /// <summary>The largest fixed count accepted. Discord allows 2,500 guilds per shard, so this covers 250 million guilds.</summary>
    public const int MaxShards = 100_000;

    private ShardCountSpec(int? fixedCount) => FixedCount = fixedCount;

    /// <summary>The spec that follows Discord's recommended count.</summary>
    public static ShardCountSpec Auto { get; } = new(null);

    /// <summary>The fixed count, or null for <c>auto</c>.</summary>
    public int? FixedCount { get; }

    /// <summary>Whether the count follows Discord's recommendation.</summary>
    public bool IsAuto => FixedCount is null;

    /// <summary>Creates a fixed count; zero stops every shard.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The count is negative or above <see cref="MaxShards"/>.</exception>
    public static ShardCountSpec Fixed(int count)
    {
        if (count is < 0 or > MaxShards)
        {
            throw new ArgumentOutOfRangeException(
                nameof(count), count, $"Shard count {count} is out of range: use 0 to {MaxShards}, or 'auto'.");
        }

        return new ShardCountSpec(count);
    }

    /// <summary>Parses <c>auto</c> or a whole number from 0 to <see cref="MaxShards"/>.</summary>
    /// <exception cref="FormatException">The text is neither; the message names it and the accepted forms.</exception>
    public static ShardCountSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (string.Equals(trimmed, "auto", StringComparison.OrdinalIgnoreCase))
        {
            return Auto;
        }

        if (!int.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count > MaxShards)
        {
            throw new FormatException($"Shard count '{text}' is invalid: use a whole number from 0 to {MaxShards}, or 'auto'.");
        }

        return new ShardCountSpec(count);
    }

    /// <summary>Returns the count to run, given Discord's current recommendation.</summary>
    public int Resolve(int recommended) => FixedCount ?? recommended;

    /// <inheritdoc />
    public override string ToString() => FixedCount?.ToString(CultureInfo.InvariantCulture) ?? "auto";
}
