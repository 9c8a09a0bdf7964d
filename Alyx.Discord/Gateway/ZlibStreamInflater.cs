using System.IO.Compression;

namespace Alyx.Discord.Gateway;

/// <summary>
/// Decodes Discord's <c>compress=zlib-stream</c> transport: every binary frame of one connection belongs to a single
/// zlib stream, and a frame ending in <c>00 00 ff ff</c> (a Z_SYNC_FLUSH marker) completes one payload. One instance
/// serves one connection; a new connection needs a new instance, because the stream's dictionary starts afresh.
/// </summary>
public sealed class ZlibStreamInflater : IDisposable
{
    private readonly FeedStream _input = new();
    private readonly ZLibStream _zlib;
    private byte[] _output = new byte[16 * 1024];

    /// <summary>Creates an inflater for one connection.</summary>
    public ZlibStreamInflater()
    {
        _zlib = new ZLibStream(_input, CompressionMode.Decompress, leaveOpen: true);
    }

    /// <summary>Whether <paramref name="frame"/> ends with the Z_SYNC_FLUSH marker that completes a payload.</summary>
    public static bool EndsWithFlushMarker(ReadOnlySpan<byte> frame) =>
        frame.Length >= 4 && frame[^4] == 0 && frame[^3] == 0 && frame[^2] == 0xff && frame[^1] == 0xff;

    /// <summary>
    /// Adds one binary frame. Returns the inflated payload when the frame completes one, or <see langword="false"/>
    /// when more frames must follow. The returned array belongs to the caller.
    /// </summary>
    /// <exception cref="InvalidDataException">The bytes are not a valid zlib stream.</exception>
    public bool TryInflate(ReadOnlySpan<byte> frame, out byte[] payload)
    {
        _input.Append(frame);
        if (!EndsWithFlushMarker(frame))
        {
            payload = [];
            return false;
        }

        var length = 0;
        while (true)
        {
            if (length == _output.Length)
            {
                Array.Resize(ref _output, _output.Length * 2);
            }

            var read = _zlib.Read(_output, length, _output.Length - length);
            if (read == 0)
            {
                break;
            }

            length += read;
        }

        payload = _output.AsSpan(0, length).ToArray();
        return true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _zlib.Dispose();
        _input.Dispose();
    }

    /// <summary>
    /// A read-only stream over the frames appended so far. It returns 0 when they are used up, which makes the
    /// ZLibStream above return what it could inflate instead of blocking.
    /// </summary>
    private sealed class FeedStream : Stream
    {
        private byte[] _buffer = new byte[16 * 1024];
        private int _start;
        private int _end;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => _end - _start;

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public void Append(ReadOnlySpan<byte> bytes)
        {
            if (_start == _end)
            {
                _start = 0;
                _end = 0;
            }

            if (_end + bytes.Length > _buffer.Length)
            {
                var live = _end - _start;
                var target = live + bytes.Length > _buffer.Length ? new byte[Math.Max(_buffer.Length * 2, live + bytes.Length)] : _buffer;
                Buffer.BlockCopy(_buffer, _start, target, 0, live);
                _buffer = target;
                _start = 0;
                _end = live;
            }

            bytes.CopyTo(_buffer.AsSpan(_end));
            _end += bytes.Length;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var count = Math.Min(buffer.Length, _end - _start);
            _buffer.AsSpan(_start, count).CopyTo(buffer);
            _start += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
