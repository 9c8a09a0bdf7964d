using System.IO.Compression;
using System.Text;
using Alyx.Discord.Events;
using Alyx.Discord.Gateway;
using BenchmarkDotNet.Attributes;

namespace Alyx.Discord.Benchmarks;

/// <summary>
/// Gateway decode throughput: a batch of MESSAGE_CREATE dispatches of about 1 KB each, as the gateway sends them,
/// through the inflater (when compressed), the envelope reader and the typed record. Each invocation decodes the
/// whole batch with a fresh inflater, as one connection would; results are per event.
/// </summary>
[MemoryDiagnoser]
public class GatewayDecodeBenchmarks
{
    private const int Events = 1000;

    private byte[][] _plain = [];
    private byte[][] _compressed = [];

    [GlobalSetup]
    public void Setup()
    {
        _plain = [.. Enumerable.Range(1, Events).Select(i => Encoding.UTF8.GetBytes(Dispatch(i)))];
        using var buffer = new MemoryStream();
        using var zlib = new ZLibStream(buffer, CompressionLevel.Fastest, leaveOpen: true);
        _compressed = new byte[Events][];
        for (var i = 0; i < Events; i++)
        {
            zlib.Write(_plain[i]);
            zlib.Flush();
            _compressed[i] = buffer.ToArray();
            buffer.SetLength(0);
        }
    }

    /// <summary>zlib-stream frames to typed MESSAGE_CREATE records.</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public ulong ZlibStreamToTypedEvent()
    {
        using var inflater = new ZlibStreamInflater();
        ulong sum = 0;
        foreach (var frame in _compressed)
        {
            inflater.TryInflate(frame, out var payload);
            sum += Typed(payload);
        }

        return sum;
    }

    /// <summary>Uncompressed text frames to typed MESSAGE_CREATE records.</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public ulong JsonToTypedEvent()
    {
        ulong sum = 0;
        foreach (var payload in _plain)
        {
            sum += Typed(payload);
        }

        return sum;
    }

    /// <summary>zlib-stream frames to the raw dispatch that subscribers receive, without typed deserialization.</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public int ZlibStreamToRawDispatch()
    {
        using var inflater = new ZlibStreamInflater();
        var sum = 0;
        foreach (var frame in _compressed)
        {
            inflater.TryInflate(frame, out var payload);
            var parsed = GatewayFrameReader.Read(payload);
            var dispatch = new GatewayDispatch(0, parsed.EventName!, parsed.Sequence ?? 0, parsed.Data);
            sum += dispatch.Data.Length;
        }

        return sum;
    }

    private static ulong Typed(byte[] payload)
    {
        var frame = GatewayFrameReader.Read(payload);
        var dispatch = new GatewayDispatch(0, frame.EventName!, frame.Sequence ?? 0, frame.Data);
        return ((MessageCreateEvent)dispatch.ToTypedEvent()!).Id;
    }

    /// <summary>A MESSAGE_CREATE shaped like Discord's, with member, mentions and an embed, about 1 KB.</summary>
    private static string Dispatch(int sequence) => $$$"""
        {"t":"MESSAGE_CREATE","s":{{{sequence}}},"op":0,"d":{"type":0,"tts":false,"timestamp":"2026-12-04T20:00:00.000000+00:00","pinned":false,"nonce":"{{{1_300_000_000_000_000_000L + sequence}}}","mentions":[{"username":"someone","public_flags":0,"id":"80351110224678912","global_name":"Someone","discriminator":"0","avatar":"a_1269e74af4df7417b13759eae50c83dc"}],"mention_roles":[],"mention_everyone":false,"member":{"roles":["41771983423143936"],"premium_since":null,"pending":false,"nick":null,"mute":false,"joined_at":"2020-01-01T00:00:00.000000+00:00","flags":0,"deaf":false,"communication_disabled_until":null,"avatar":null},"id":"{{{1_200_000_000_000_000_000L + sequence}}}","flags":0,"embeds":[{"type":"rich","title":"Status","description":"All shards ready","color":5814783}],"edited_timestamp":null,"content":"Message number {{{sequence}}} with some ordinary text in it, as a user would write.","components":[],"channel_id":"41771983423143937","author":{"username":"author","public_flags":0,"id":"80351110224678913","global_name":"Author","discriminator":"0","avatar":null},"attachments":[],"guild_id":"41771983423143938"}}
        """;
}
