using System.Text;
using System.Text.Json;
using Alyx.Discord.Events;
using Alyx.Discord.Gateway;

namespace Alyx.Discord.Tests.Gateway;

public sealed class GatewayFrameReaderTests
{
    [Fact]
    public void Read_Dispatch_KeepsRawDataAndEnvelope()
    {
        var json = """{"t":"GUILD_DELETE","s":42,"op":0,"d":{"id":"81384788765712384","unavailable":true}}"""u8.ToArray();

        var frame = GatewayFrameReader.Read(json);

        Assert.Equal(GatewayOpcodes.Dispatch, frame.Opcode);
        Assert.Equal(42, frame.Sequence);
        Assert.Equal("GUILD_DELETE", frame.EventName);
        Assert.Equal("""{"id":"81384788765712384","unavailable":true}""", Encoding.UTF8.GetString(frame.Data.Span));
    }

    [Fact]
    public void Read_HeartbeatAckWithoutData_HasNullData()
    {
        var frame = GatewayFrameReader.Read("""{"op":11}"""u8.ToArray());

        Assert.Equal(GatewayOpcodes.HeartbeatAck, frame.Opcode);
        Assert.Null(frame.Sequence);
        Assert.Equal("null", Encoding.UTF8.GetString(frame.Data.Span));
    }

    [Fact]
    public void Read_MissingOp_ThrowsJsonException()
    {
        Assert.Throws<JsonException>(() => GatewayFrameReader.Read("""{"d":null}"""u8.ToArray()));
    }

    [Fact]
    public void ToTypedEvent_GuildDeleteWithoutUnavailable_IsRemoval()
    {
        var dispatch = new GatewayDispatch(0, "GUILD_DELETE", 3, """{"id":"18446744073709551615"}"""u8.ToArray());

        var deleted = Assert.IsType<GuildDeleteEvent>(dispatch.ToTypedEvent());

        Assert.Equal(ulong.MaxValue, deleted.Id);
        Assert.True(deleted.IsRemoval);
    }

    [Fact]
    public void ToTypedEvent_Ready_ParsesSessionAndSnowflakes()
    {
        var json = """{"v":10,"user":{"id":"80351110224678912","username":"bot","bot":true},"guilds":[{"id":"41771983423143937","unavailable":true}],"session_id":"abc","resume_gateway_url":"wss://resume.example","shard":[1,4],"application":{"id":"80351110224678913","flags":0}}""";
        var dispatch = new GatewayDispatch(1, "READY", 1, Encoding.UTF8.GetBytes(json));

        var ready = Assert.IsType<ReadyEvent>(dispatch.ToTypedEvent());

        Assert.Equal("abc", ready.SessionId);
        Assert.Equal("wss://resume.example", ready.ResumeGatewayUrl);
        Assert.Equal(80351110224678912UL, ready.User.Id);
        Assert.Equal(41771983423143937UL, Assert.Single(ready.Guilds).Id);
        Assert.Equal([1, 4], ready.Shard);
    }

    [Fact]
    public void ToTypedEvent_InteractionCreate_KeepsDataAsJson()
    {
        var json = """{"id":"1","application_id":"2","type":2,"token":"tok","guild_id":"3","data":{"name":"ping"}}""";
        var dispatch = new GatewayDispatch(0, "INTERACTION_CREATE", 5, Encoding.UTF8.GetBytes(json));

        var interaction = Assert.IsType<InteractionCreateEvent>(dispatch.ToTypedEvent());

        Assert.Equal(2, interaction.Type);
        Assert.Equal(3UL, interaction.GuildId);
        Assert.Equal("ping", interaction.Data!.Value.GetProperty("name").GetString());
    }

    [Fact]
    public void ToTypedEvent_UnknownEvent_ReturnsNull()
    {
        var dispatch = new GatewayDispatch(0, "TYPING_START", 5, "{}"u8.ToArray());

        Assert.Null(dispatch.ToTypedEvent());
    }
}
