using System.Globalization;
using System.Text;
using System.Threading.Channels;

namespace Roadrunner.Tests.TestSupport;

/// <summary>
/// Reads a chunked body chunk by chunk, after <see cref="RawClient.ReadResponseHeadAsync"/>: each call returns one
/// chunk's data as the server framed it, so tests can see what each write became.
/// </summary>
internal sealed class ChunkedReader(RawClient client)
{
    private readonly MemoryStream _buffer = Start(client.Unread);

    public List<KeyValuePair<string, string>> Trailers { get; } = [];

    /// <summary>The next chunk's data, or null after the last chunk (its trailers are then in <see cref="Trailers"/>).</summary>
    public async Task<byte[]?> ReadChunkAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        var line = await ReadLineAsync(cts.Token);
        var size = int.Parse(line.Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        if (size == 0)
        {
            while ((line = await ReadLineAsync(cts.Token)).Length > 0)
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                Trailers.Add(new(line[..colon], line[(colon + 1)..].Trim()));
            }

            return null;
        }

        var data = await ReadExactlyAsync(size + 2, cts.Token);
        return data[..size];
    }

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var bytes = _buffer.ToArray();
            var end = bytes.AsSpan().IndexOf("\r\n"u8);
            if (end >= 0)
            {
                Consume(end + 2);
                return Encoding.Latin1.GetString(bytes, 0, end);
            }

            await ReceiveAsync(cancellationToken);
        }
    }

    private async Task<byte[]> ReadExactlyAsync(int count, CancellationToken cancellationToken)
    {
        while (_buffer.Length < count) await ReceiveAsync(cancellationToken);
        var bytes = _buffer.ToArray()[..count];
        Consume(count);
        return bytes;
    }

    private static MemoryStream Start(string unread)
    {
        var buffer = new MemoryStream();
        buffer.Write(Encoding.Latin1.GetBytes(unread));
        return buffer;
    }

    private void Consume(int count)
    {
        var rest = _buffer.ToArray()[count..];
        _buffer.SetLength(0);
        _buffer.Write(rest);
    }

    private async Task ReceiveAsync(CancellationToken cancellationToken)
    {
        var scratch = new byte[8192];
        var n = await client.Socket.ReceiveAsync(scratch, System.Net.Sockets.SocketFlags.None, cancellationToken);
        if (n == 0) throw new IOException("The server closed the connection in the middle of a chunked body.");
        _buffer.Seek(0, SeekOrigin.End);
        _buffer.Write(scratch, 0, n);
    }
}

/// <summary>A read-only stream fed piece by piece, so a decompressor can be shown each piece as it arrives.</summary>
internal sealed class FedStream : Stream
{
    private readonly Channel<byte[]> _pieces = Channel.CreateUnbounded<byte[]>();
    private ReadOnlyMemory<byte> _current;

    public void Feed(byte[] piece) => _pieces.Writer.TryWrite(piece);

    public void End() => _pieces.Writer.TryComplete();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_current.IsEmpty)
        {
            if (!await _pieces.Reader.WaitToReadAsync(cancellationToken)) return 0;
            _pieces.Reader.TryRead(out var piece);
            _current = piece;
        }

        var n = Math.Min(buffer.Length, _current.Length);
        _current[..n].CopyTo(buffer);
        _current = _current[n..];
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Read asynchronously.");

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
