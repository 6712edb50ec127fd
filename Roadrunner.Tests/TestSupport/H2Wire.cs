using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Roadrunner.Hpack;
using Roadrunner.Http2.Frames;
using Roadrunner.Tests.Http2.Support;

namespace Roadrunner.Tests.TestSupport;

/// <summary>
/// A raw HTTP/2 client over a real socket for server tests: sends hand-built frames (<see cref="FrameBuilder"/>),
/// reads the server's frames one by one, acknowledges its SETTINGS, and decodes response field blocks with its own
/// HPACK decoder.
/// </summary>
internal sealed class H2Wire : IDisposable
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly List<byte> _pending = [];
    private readonly HpackDecoder _decoder = new();
    private readonly Dictionary<ReceivedFrame, Dictionary<string, string>> _fields = new(ReferenceEqualityComparer.Instance);
    private readonly List<byte> _block = [];
    private ReceivedFrame? _blockStart;
    private readonly byte[] _scratch = new byte[64 * 1024];

    private H2Wire(Socket socket, Stream stream)
    {
        _socket = socket;
        _stream = stream;
    }

    /// <summary>Frames read so far, in order (SETTINGS acknowledgments included).</summary>
    public List<ReceivedFrame> Received { get; } = [];

    /// <summary>Connects; with <paramref name="preface"/> sends the client preface and an empty SETTINGS.</summary>
    public static async Task<H2Wire> ConnectAsync(int port, bool preface = true)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(IPAddress.Loopback, port);
        var wire = new H2Wire(socket, new NetworkStream(socket, ownsSocket: true));
        if (preface) await wire.SendAsync(new FrameBuilder().Preface().Settings());
        return wire;
    }

    /// <summary>Connects over TLS offering only <c>h2</c> by ALPN; with <paramref name="preface"/> sends the preface.</summary>
    public static async Task<H2Wire> ConnectTlsAsync(int port, bool preface = true)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(IPAddress.Loopback, port);
        var ssl = new SslStream(new NetworkStream(socket, ownsSocket: true));
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            ApplicationProtocols = [SslApplicationProtocol.Http2],
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
        });
        var wire = new H2Wire(socket, ssl);
        if (preface) await wire.SendAsync(new FrameBuilder().Preface().Settings());
        return wire;
    }

    /// <summary>Wraps a stream already in HTTP/2 (after an h2c upgrade), with bytes already read from it.</summary>
    public static H2Wire Adopt(Socket socket, Stream stream, ReadOnlySpan<byte> alreadyRead)
    {
        var wire = new H2Wire(socket, stream);
        wire._pending.AddRange(alreadyRead.ToArray());
        return wire;
    }

    public Stream Stream => _stream;

    public Task SendAsync(FrameBuilder frames) => SendAsync(frames.ToArray());

    public async Task SendAsync(byte[] bytes)
    {
        await _stream.WriteAsync(bytes);
        await _stream.FlushAsync();
    }

    /// <summary>The next frame, or null when the server closed the connection first.</summary>
    public async Task<ReceivedFrame?> ReadFrameAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        while (true)
        {
            if (TryTakeFrame(out var frame))
            {
                Received.Add(frame);
                TrackFieldBlock(frame);
                // The server's SETTINGS want an acknowledgment (RFC 9113 §6.5.3); a real client sends it at once.
                if (frame.Type == Http2FrameType.SETTINGS && !frame.HasFlag(FrameBuilder.ACK)) await SendAsync(new FrameBuilder().SettingsAck());
                return frame;
            }

            int n;
            try
            {
                n = await _stream.ReadAsync(_scratch, cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No frame within the timeout; read so far: {string.Join(", ", Received)}");
            }
            catch (IOException)
            {
                n = 0;
            }

            if (n == 0) return null;
            _pending.AddRange(_scratch.AsSpan(0, n).ToArray());
        }
    }

    /// <summary>Reads until a frame satisfies <paramref name="match"/>; fails if the connection closes first.</summary>
    public async Task<ReceivedFrame> ExpectAsync(Func<ReceivedFrame, bool> match, string what, TimeSpan? timeout = null)
    {
        while (true)
        {
            var frame = await ReadFrameAsync(timeout);
            if (frame is null) throw new InvalidOperationException($"The connection closed before {what}; read: {string.Join(", ", Received)}");
            if (match(frame)) return frame;
        }
    }

    /// <summary>Reads until a frame of <paramref name="type"/> (on <paramref name="streamId"/> when given).</summary>
    public Task<ReceivedFrame> ExpectAsync(Http2FrameType type, int? streamId = null, TimeSpan? timeout = null) =>
        ExpectAsync(f => f.Type == type && (streamId is null || f.StreamId == streamId), $"{type}{(streamId is null ? "" : $" on stream {streamId}")}", timeout);

    /// <summary>Reads frames until the server closes the connection; returns them.</summary>
    public async Task<List<ReceivedFrame>> ReadUntilClosedAsync(TimeSpan? timeout = null)
    {
        var frames = new List<ReceivedFrame>();
        while (await ReadFrameAsync(timeout) is { } frame) frames.Add(frame);
        return frames;
    }

    /// <summary>Reads one whole response on <paramref name="streamId"/>: fields, content and trailers.</summary>
    public async Task<H2Response> ReadResponseAsync(int streamId, TimeSpan? timeout = null)
    {
        var response = new H2Response();
        while (true)
        {
            var frame = await ExpectAsync(f => f.StreamId == streamId && f.Type is Http2FrameType.HEADERS or Http2FrameType.DATA or Http2FrameType.RST_STREAM,
                $"the response on stream {streamId}", timeout);
            if (frame.Type == Http2FrameType.RST_STREAM) throw new InvalidOperationException($"Stream {streamId} was reset: {frame}");
            if (frame.Type == Http2FrameType.HEADERS)
            {
                var fields = FieldsOf(frame);
                if (response.Status == 0) response.Fields = fields;
                else response.Trailers = fields;
                response.Status = response.Status == 0 ? int.Parse(fields[":status"], System.Globalization.CultureInfo.InvariantCulture) : response.Status;
            }
            else
            {
                response.Body.AddRange(frame.Payload);
            }

            if (frame.HasFlag(FrameBuilder.END_STREAM)) return response;
        }
    }

    /// <summary>
    /// The fields of a HEADERS frame the server sent. Every field block is decoded as it arrives, skipped or not, so
    /// the decoder's dynamic table stays in step with the server's encoder (RFC 7541 §2.2).
    /// </summary>
    public Dictionary<string, string> FieldsOf(ReceivedFrame headers) =>
        _fields.TryGetValue(headers, out var fields) ? fields : throw new InvalidOperationException($"No whole field block starts at {headers}.");

    // A block is HEADERS, then CONTINUATION frames until END_HEADERS (RFC 9113 §6.10); the server sends no padding.
    private void TrackFieldBlock(ReceivedFrame frame)
    {
        if (frame.Type == Http2FrameType.HEADERS)
        {
            _blockStart = frame;
            _block.Clear();
        }
        else if (frame.Type != Http2FrameType.CONTINUATION || _blockStart is null)
        {
            return;
        }

        _block.AddRange(frame.Payload);
        if (!frame.HasFlag(FrameBuilder.END_HEADERS)) return;

        var sink = new Sink();
        var error = _decoder.Decode(_block.ToArray(), sink);
        if (!error.IsNone) throw new InvalidOperationException($"The server sent an undecodable field block: {error}");
        _fields[_blockStart] = sink.Fields;
        _blockStart = null;
    }

    private bool TryTakeFrame(out ReceivedFrame frame)
    {
        frame = null!;
        if (_pending.Count < Http2FrameHeader.Size) return false;
        var bytes = _pending.ToArray();
        var header = Http2FrameHeader.Read(bytes);
        if (bytes.Length < Http2FrameHeader.Size + header.Length) return false;
        frame = new ReceivedFrame(header, bytes.AsSpan(Http2FrameHeader.Size, header.Length).ToArray());
        _pending.RemoveRange(0, Http2FrameHeader.Size + header.Length);
        return true;
    }

    public void Dispose()
    {
        _stream.Dispose();
        _socket.Dispose();
    }

    private sealed class Sink : IHeaderSink
    {
        public Dictionary<string, string> Fields { get; } = [];

        public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, bool neverIndexed) =>
            Fields[Encoding.Latin1.GetString(name)] = Encoding.Latin1.GetString(value);
    }
}

/// <summary>A response read by <see cref="H2Wire.ReadResponseAsync"/>.</summary>
internal sealed class H2Response
{
    public int Status { get; set; }

    public Dictionary<string, string> Fields { get; set; } = [];

    public Dictionary<string, string> Trailers { get; set; } = [];

    public List<byte> Body { get; } = [];

    public string BodyText => Encoding.UTF8.GetString([.. Body]);
}
