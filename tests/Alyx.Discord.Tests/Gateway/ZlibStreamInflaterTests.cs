using System.IO.Compression;
using System.Text;
using Alyx.Discord.Gateway;

namespace Alyx.Discord.Tests.Gateway;

public sealed class ZlibStreamInflaterTests
{
    [Fact]
    public void TryInflate_OneStream_ReturnsEachPayload()
    {
        var (frames, payloads) = Compress("""{"op":10,"d":{"heartbeat_interval":1000}}""", """{"op":11}""", """{"op":0,"t":"READY","s":1,"d":{}}""");
        using var inflater = new ZlibStreamInflater();

        var results = frames.Select(frame => inflater.TryInflate(frame, out var payload) ? Encoding.UTF8.GetString(payload) : "(incomplete)").ToList();

        Assert.Equal(payloads, results);
    }

    [Fact]
    public void TryInflate_SplitPayload_WaitsForMarker()
    {
        var (frames, payloads) = Compress(new string('a', 20_000));
        var frame = frames[0];
        using var inflater = new ZlibStreamInflater();

        var first = inflater.TryInflate(frame.AsSpan(0, frame.Length / 2), out _);
        var second = inflater.TryInflate(frame.AsSpan(frame.Length / 2), out var payload);

        Assert.False(first);
        Assert.True(second);
        Assert.Equal(payloads[0], Encoding.UTF8.GetString(payload));
    }

    [Fact]
    public void TryInflate_GarbageBytes_ThrowsInvalidData()
    {
        using var inflater = new ZlibStreamInflater();

        Assert.ThrowsAny<InvalidDataException>(() => inflater.TryInflate([1, 2, 3, 4, 0, 0, 0xff, 0xff], out _));
    }

    /// <summary>Compresses payloads the way the gateway does: one zlib stream, a sync flush after each payload.</summary>
    internal static (List<byte[]> Frames, List<string> Payloads) Compress(params string[] payloads)
    {
        var frames = new List<byte[]>();
        using var buffer = new MemoryStream();
        using var zlib = new ZLibStream(buffer, CompressionLevel.Fastest, leaveOpen: true);
        foreach (var payload in payloads)
        {
            zlib.Write(Encoding.UTF8.GetBytes(payload));
            zlib.Flush();
            frames.Add(buffer.ToArray());
            buffer.SetLength(0);
        }

        Assert.All(frames, frame => Assert.True(ZlibStreamInflater.EndsWithFlushMarker(frame)));
        return (frames, [.. payloads]);
    }
}
