using System.Text.Json;
using System.Text.RegularExpressions;

namespace Alyx.Coordination.Messaging;

/// <summary>
/// Encodes envelopes as UTF-8 JSON and decodes and validates received bytes.
/// </summary>
public static partial class EnvelopeCodec
{
    /// <summary>The longest message ID or correlation ID accepted, in characters.</summary>
    public const int MaxIdLength = 128;

    /// <summary>Encodes an envelope as UTF-8 JSON.</summary>
    public static byte[] Encode(MessageEnvelope envelope) =>
        JsonSerializer.SerializeToUtf8Bytes(envelope, MessagingJsonContext.Default.MessageEnvelope);

    /// <summary>
    /// Decodes and validates an envelope.
    /// </summary>
    /// <exception cref="MalformedMessageException">The bytes are not JSON, or a required field is missing or invalid.</exception>
    public static MessageEnvelope Decode(ReadOnlySpan<byte> body)
    {
        MessageEnvelope? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize(body, MessagingJsonContext.Default.MessageEnvelope);
        }
        catch (JsonException exception)
        {
            throw new MalformedMessageException($"The message is not a JSON envelope: {exception.Message}", exception);
        }

        if (envelope is null)
        {
            throw new MalformedMessageException("The message is the JSON literal null, not an envelope.");
        }

        Validate(envelope);
        return envelope;
    }

    /// <summary>Returns whether a route name is 1 to 128 letters, digits, '.', '-', '_' or '/'.</summary>
    public static bool IsValidRoute(string? route) => route is not null && RoutePattern().IsMatch(route);

    private static void Validate(MessageEnvelope envelope)
    {
        if (envelope.Version != MessageEnvelope.CurrentVersion)
        {
            throw new MalformedMessageException(
                $"Envelope version {envelope.Version} is not supported; this host reads version {MessageEnvelope.CurrentVersion}.");
        }

        RequireId("messageId", envelope.MessageId);
        RequireId("correlationId", envelope.CorrelationId);
        if (!IsValidRoute(envelope.Route))
        {
            throw new MalformedMessageException($"Route '{envelope.Route}' is invalid.");
        }

        if (string.IsNullOrEmpty(envelope.Source?.Inbox))
        {
            throw new MalformedMessageException("The envelope has no source inbox to reply to.");
        }

        if (envelope.DeadlineUnixMs <= 0 || envelope.Attempt < 1)
        {
            throw new MalformedMessageException(
                $"Deadline {envelope.DeadlineUnixMs} or attempt {envelope.Attempt} is out of range; both must be positive.");
        }

        if (envelope.Kind != MessageKind.Reply && envelope.Destination is null)
        {
            throw new MalformedMessageException($"The {envelope.Kind} envelope has no destination.");
        }

        if (envelope.Payload is not null && envelope.PayloadReference is not null)
        {
            throw new MalformedMessageException("The envelope has both an inline payload and a payload reference.");
        }
    }

    private static void RequireId(string field, string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxIdLength)
        {
            throw new MalformedMessageException($"Field '{field}' must hold 1 to {MaxIdLength} characters.");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._/-]{1,128}$")]
    private static partial Regex RoutePattern();
}
