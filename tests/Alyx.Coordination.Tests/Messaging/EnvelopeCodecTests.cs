using System.Text;
using System.Text.Json;
using Alyx.Abstractions.Messaging;
using Alyx.Coordination.Messaging;

namespace Alyx.Coordination.Tests.Messaging;

public sealed class EnvelopeCodecTests
{
    private static readonly MessageEnvelope Request = new()
    {
        MessageId = "m1",
        CorrelationId = "c1",
        Kind = MessageKind.Request,
        Route = "guilds/count",
        Source = new MessageSource("set1-shard2", 1, 2, "task-a"),
        Destination = new MessageDestination(MessageTargetKind.Guild, 1, 3, 81064837767577600),
        DeadlineUnixMs = 1_800_000_000_000,
        Attempt = 2,
        FencingToken = 17,
        Payload = JsonSerializer.SerializeToElement(new { guildId = "81064837767577600" }),
    };

    [Fact]
    public void Decode_EncodedEnvelope_RoundTrips()
    {
        var decoded = EnvelopeCodec.Decode(EnvelopeCodec.Encode(Request));

        Assert.Equal(Request.MessageId, decoded.MessageId);
        Assert.Equal(Request.Kind, decoded.Kind);
        Assert.Equal(Request.Source, decoded.Source);
        Assert.Equal(Request.Destination, decoded.Destination);
        Assert.Equal(Request.FencingToken, decoded.FencingToken);
        Assert.Equal(Request.Attempt, decoded.Attempt);
        Assert.Equal("81064837767577600", decoded.Payload!.Value.GetProperty("guildId").GetString());
    }

    [Fact]
    public void Encode_Kind_IsWrittenAsString()
    {
        var json = Encoding.UTF8.GetString(EnvelopeCodec.Encode(Request));

        Assert.Contains("\"kind\":\"Request\"", json, StringComparison.Ordinal);
        Assert.Contains("\"kind\":\"Guild\"", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("null")]
    [InlineData("{\"version\":1}")]
    [InlineData("[1,2,3]")]
    public void Decode_Garbage_ThrowsMalformed(string body)
    {
        Assert.Throws<MalformedMessageException>(() => EnvelopeCodec.Decode(Encoding.UTF8.GetBytes(body)));
    }

    [Fact]
    public void Decode_UnknownVersion_ThrowsMalformed()
    {
        var body = EnvelopeCodec.Encode(Request with { Version = 2 });

        var exception = Assert.Throws<MalformedMessageException>(() => EnvelopeCodec.Decode(body));

        Assert.Contains("version 2", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_InvalidRoute_ThrowsMalformed()
    {
        var body = EnvelopeCodec.Encode(Request with { Route = "has spaces" });

        Assert.Throws<MalformedMessageException>(() => EnvelopeCodec.Decode(body));
    }

    [Fact]
    public void Decode_RequestWithoutDestination_ThrowsMalformed()
    {
        var body = EnvelopeCodec.Encode(Request with { Destination = null });

        Assert.Throws<MalformedMessageException>(() => EnvelopeCodec.Decode(body));
    }

    [Fact]
    public void Decode_PayloadAndReference_ThrowsMalformed()
    {
        var body = EnvelopeCodec.Encode(Request with { PayloadReference = "key" });

        Assert.Throws<MalformedMessageException>(() => EnvelopeCodec.Decode(body));
    }
}
