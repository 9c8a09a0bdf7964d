using System.Security.Cryptography;
using System.Text;
using Alyx.Discord.Gateway;

namespace Alyx.Shard.Sessions;

/// <summary>What a stopping host leaves for its successor: the session to resume and what RESUME does not resend.</summary>
/// <param name="Session">The session id, sequence and resume URL.</param>
/// <param name="Origin">
/// <see cref="OriginOf"/> of the bot token and gateway URL the session belongs to. A successor with another token or
/// gateway (another bot, or a new emulator) ignores the session instead of trying to resume it.
/// </param>
/// <param name="GuildIds">
/// The shard's guilds at the stop. Discord sends READY's guild list and GUILD_CREATE only to a new session, not on
/// RESUME, so the successor starts its guild count from this list.
/// </param>
public sealed record SessionHandover(GatewaySession Session, string Origin, IReadOnlyCollection<ulong> GuildIds)
{
    /// <summary>
    /// Returns a SHA-256 digest (hex, 32 characters) of the token and the gateway URL: it distinguishes bots and
    /// gateways without storing the token.
    /// </summary>
    public static string OriginOf(string token, Uri gatewayUrl)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(gatewayUrl);
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(token + "\n" + gatewayUrl.AbsoluteUri));
        return Convert.ToHexStringLower(digest.AsSpan(0, 16));
    }
}
