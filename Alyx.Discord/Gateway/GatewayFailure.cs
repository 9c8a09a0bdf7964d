namespace Alyx.Discord.Gateway;

/// <summary>The typed reason a shard stopped for good.</summary>
/// <param name="Kind">The class of failure.</param>
/// <param name="CloseCode">The gateway close code, when the gateway closed the connection.</param>
/// <param name="Message">What happened and what to fix.</param>
public sealed record GatewayFailure(GatewayFailureKind Kind, int? CloseCode, string Message)
{
    /// <summary>Returns the failure for a fatal close code, or <see langword="null"/> when the code is not fatal.</summary>
    public static GatewayFailure? FromCloseCode(int closeCode, int shardId, int shardCount) => closeCode switch
    {
        GatewayCloseCodes.AuthenticationFailed => new(GatewayFailureKind.AuthenticationFailed, closeCode,
            "The gateway rejected the bot token (close code 4004). Set a valid token."),
        GatewayCloseCodes.InvalidShard => new(GatewayFailureKind.InvalidShard, closeCode,
            $"The gateway rejected shard [{shardId}, {shardCount}] (close code 4010). Use a shard count the bot is allowed, such as the one GET /gateway/bot recommends."),
        GatewayCloseCodes.ShardingRequired => new(GatewayFailureKind.ShardingRequired, closeCode,
            $"Shard [{shardId}, {shardCount}] would hold too many guilds (close code 4011). Reshard to more shards."),
        GatewayCloseCodes.InvalidApiVersion => new(GatewayFailureKind.InvalidApiVersion, closeCode,
            "The gateway rejected the API version (close code 4012). Use gateway version 10."),
        GatewayCloseCodes.InvalidIntents => new(GatewayFailureKind.InvalidIntents, closeCode,
            "The gateway rejected the intents bitfield (close code 4013). Send only defined intent bits."),
        GatewayCloseCodes.DisallowedIntents => new(GatewayFailureKind.DisallowedIntents, closeCode,
            "A privileged intent is not enabled for this application (close code 4014). Enable it in the Developer Portal or drop it from the intents."),
        _ => null,
    };
}
