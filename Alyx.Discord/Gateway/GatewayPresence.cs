namespace Alyx.Discord.Gateway;

/// <summary>The bot's presence, sent in IDENTIFY and in presence updates.</summary>
/// <param name="Status">online, dnd, idle, invisible or offline.</param>
/// <param name="Activities">The activities to show.</param>
/// <param name="Afk">Whether the client is away.</param>
/// <param name="Since">Unix time in milliseconds when the client went idle, or null.</param>
public sealed record GatewayPresence(string Status, IReadOnlyList<GatewayActivity> Activities, bool Afk = false, long? Since = null)
{
    /// <summary>Online with no activity.</summary>
    public static GatewayPresence Online { get; } = new("online", []);
}
