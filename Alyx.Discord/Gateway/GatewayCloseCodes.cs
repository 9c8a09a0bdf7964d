namespace Alyx.Discord.Gateway;

/// <summary>
/// Gateway v10 close codes and the action each one calls for. The split between resume and new session follows the
/// explanations on Discord's "Opcodes and Status Codes" page, which itself only says whether to reconnect.
/// </summary>
public static class GatewayCloseCodes
{
    /// <summary>Unknown error.</summary>
    public const int UnknownError = 4000;

    /// <summary>Unknown opcode, or an invalid payload for an opcode.</summary>
    public const int UnknownOpcode = 4001;

    /// <summary>Decode error, including a sent payload over 4096 bytes.</summary>
    public const int DecodeError = 4002;

    /// <summary>A payload was sent before identifying, or the session was invalidated.</summary>
    public const int NotAuthenticated = 4003;

    /// <summary>The token in IDENTIFY is invalid.</summary>
    public const int AuthenticationFailed = 4004;

    /// <summary>A second IDENTIFY on one connection.</summary>
    public const int AlreadyAuthenticated = 4005;

    /// <summary>RESUME carried an invalid sequence.</summary>
    public const int InvalidSequence = 4007;

    /// <summary>Payloads were sent faster than 120 per 60 seconds.</summary>
    public const int RateLimited = 4008;

    /// <summary>The session timed out.</summary>
    public const int SessionTimedOut = 4009;

    /// <summary>The shard id or count in IDENTIFY is invalid.</summary>
    public const int InvalidShard = 4010;

    /// <summary>The session would hold more than 2,500 guilds: the bot needs more shards.</summary>
    public const int ShardingRequired = 4011;

    /// <summary>The gateway version in the URL is invalid.</summary>
    public const int InvalidApiVersion = 4012;

    /// <summary>The intents bitfield is invalid.</summary>
    public const int InvalidIntents = 4013;

    /// <summary>A privileged intent is not enabled or approved for the application.</summary>
    public const int DisallowedIntents = 4014;

    /// <summary>
    /// Maps a close code received from the gateway to the action it calls for. Codes outside the table (including
    /// 1000 and 1001 from the server, whose meaning Discord leaves undocumented) try a resume, which falls back to a
    /// new session when the gateway answers INVALID_SESSION.
    /// </summary>
    public static CloseAction ActionFor(int closeCode) => closeCode switch
    {
        AuthenticationFailed or InvalidShard or ShardingRequired or InvalidApiVersion
            or InvalidIntents or DisallowedIntents => CloseAction.Fatal,
        NotAuthenticated or InvalidSequence or SessionTimedOut => CloseAction.NewSession,
        _ => CloseAction.Resume,
    };
}
