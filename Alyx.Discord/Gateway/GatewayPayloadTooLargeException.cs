namespace Alyx.Discord.Gateway;

/// <summary>A payload to send is over the gateway's 4096-byte limit; sending it would close the connection with 4002.</summary>
public sealed class GatewayPayloadTooLargeException(int opcode, int size)
    : Exception($"The gateway payload with op {opcode} is {size} bytes, over the limit of {GatewaySendLimiter.MaxPayloadBytes} bytes. Send less data in one payload.")
{
    /// <summary>The opcode of the rejected payload.</summary>
    public int Opcode { get; } = opcode;

    /// <summary>The payload size in bytes.</summary>
    public int Size { get; } = size;
}
