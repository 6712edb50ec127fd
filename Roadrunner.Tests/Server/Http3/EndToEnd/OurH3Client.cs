using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using Roadrunner.Http3;
using Roadrunner.Quic.Connections;
using Roadrunner.Quic.Streams;
using Roadrunner.Quic.Tls;

namespace Roadrunner.Tests.Server.Http3.EndToEnd;

/// <summary>
/// An HTTP/3 client made of our own QUIC client and our HTTP/3 client role, over one real UDP socket on loopback:
/// a receive loop and a timer set to the QUIC connection's deadline drive it, and every call into QUIC and HTTP/3
/// happens under one lock. Tests await state changes (never sleep): each wait gives up after <see cref="Timeout"/>.
/// </summary>
internal sealed class OurH3Client : IAsyncDisposable
{
    /// <summary>How long any wait may take before the test fails.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private const int ChunkSize = 16 * 1024;

    private readonly Socket _socket;
    private readonly IPEndPoint _server;
    private readonly IPEndPoint _local;
    private readonly QuicConnection _quic;
    private readonly Http3Connection _h3;
    private readonly Lock _sync = new();
    private readonly Timer _timer;
    private readonly Task _receiveLoop;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly byte[] _sendBuffer = new byte[1500];
    private readonly byte[] _readScratch = new byte[16 * 1024];
    private readonly Dictionary<long, OurH3Stream> _streams = [];
    private readonly Dictionary<long, List<byte>> _pending = [];
    private readonly HashSet<long> _pendingFin = [];
    private TaskCompletionSource _changed = NewSignal();
    private bool _started;
    private bool _disposed;

    private OurH3Client(int port, QuicConnectionOptions? options)
    {
        _server = new IPEndPoint(IPAddress.Loopback, port);
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _socket.Connect(_server);
        _local = (IPEndPoint)_socket.LocalEndPoint!;
        _h3 = new Http3Connection(Http3Role.Client, new Http3Options { GreaseSeed = 5 });
        _quic = QuicConnection.CreateClient(
            new QuicTlsClientOptions { ServerName = "localhost", ValidateCertificate = static _ => true }, options, _server, Now);
        _timer = new Timer(static s => ((OurH3Client)s!).OnTimer(), this, System.Threading.Timeout.Infinite, System.Threading.Timeout.Infinite);
        lock (_sync) FlushLocked();
        _receiveLoop = Task.Run(ReceiveLoopAsync);
    }

    /// <summary>The QUIC clock, microseconds.</summary>
    private long Now => (long)(_clock.ElapsedTicks * (1_000_000.0 / Stopwatch.Frequency));

    /// <summary>The server's SETTINGS arrived.</summary>
    public bool SettingsReceived { get; private set; }

    /// <summary>The server's settings (valid once <see cref="SettingsReceived"/>).</summary>
    public Http3PeerSettings PeerSettings { get; private set; }

    /// <summary>The identifier of the server's last GOAWAY, when one arrived.</summary>
    public long? GoAwayId { get; private set; }

    /// <summary>The CONNECTION_CLOSE that ended the connection, when it ended.</summary>
    public QuicConnectionEvent? Closed { get; private set; }

    /// <summary>The HTTP/3 connection error our client found, when it found one.</summary>
    public Http3ErrorCode? ConnectionError { get; private set; }

    /// <summary>Connects to 127.0.0.1:<paramref name="port"/> and waits for the handshake and the server's SETTINGS.</summary>
    public static async Task<OurH3Client> ConnectAsync(int port, QuicConnectionOptions? options = null)
    {
        var client = new OurH3Client(port, options);
        try
        {
            await client.WaitAsync(() => client._started && client.SettingsReceived || client.Closed is not null);
            if (client.Closed is { } closed) throw new InvalidOperationException($"The connection closed during the handshake: {closed}");
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sends a whole request and collects the whole response.</summary>
    public async Task<OurH3Response> SendRequestAsync(
        string method, string path, IEnumerable<(string, string)>? headers = null, IEnumerable<ReadOnlyMemory<byte>>? body = null,
        IEnumerable<(string, string)>? trailers = null)
    {
        var chunks = body?.ToList() ?? [];
        var stream = await OpenRequestAsync(method, path, headers, endStream: chunks.Count == 0 && trailers is null);
        foreach (var chunk in chunks) await WriteAsync(stream, chunk);
        if (chunks.Count > 0 || trailers is not null) await EndAsync(stream, trailers);
        return await ReadResponseAsync(stream);
    }

    /// <summary>Opens a request stream and sends its header section; waits while the server allows no more streams.</summary>
    public async Task<OurH3Stream> OpenRequestAsync(
        string method, string path, IEnumerable<(string, string)>? headers = null, bool endStream = false, string authority = "localhost",
        int readBound = 0)
    {
        var fields = (headers ?? []).Select(static h => new Http3Header(h.Item1, h.Item2)).ToArray();
        OurH3Stream? stream = null;
        await WaitAsync(() =>
        {
            ThrowIfClosed();
            if (!_quic.TryOpenBidirectionalStream(out var id)) return false;
            stream = new OurH3Stream((long)id, raw: false) { ReadBound = readBound };
            _streams.Add(stream.Id, stream);
            var connect = method == "CONNECT";
            var extended = connect && fields.Any(static f => f.Name.Span.SequenceEqual(":protocol"u8));
            _h3.SendRequest(stream.Id, method, connect && !extended ? null : "https", authority, connect && !extended ? null : path, fields, endStream);
            PumpAndFlushLocked();
            return true;
        });
        return stream!;
    }

    /// <summary>Opens a stream whose bytes go to QUIC as given, for requests our HTTP/3 client would refuse to build.</summary>
    public async Task<OurH3Stream> OpenRawAsync(byte[] bytes, bool fin)
    {
        OurH3Stream? stream = null;
        await WaitAsync(() =>
        {
            ThrowIfClosed();
            if (!_quic.TryOpenBidirectionalStream(out var id)) return false;
            stream = new OurH3Stream((long)id, raw: true);
            _streams.Add(stream.Id, stream);
            Write(stream.Id, bytes, fin);
            FlushLocked();
            return true;
        });
        return stream!;
    }

    /// <summary>Sends request content in DATA frames, each once QUIC took everything before it (so the server's flow control holds us back).</summary>
    public async Task WriteAsync(OurH3Stream stream, ReadOnlyMemory<byte> data, bool endStream = false)
    {
        do
        {
            await WaitAsync(() => stream.Ended || !_pending.ContainsKey(stream.Id) || Closed is not null);
            lock (_sync)
            {
                ThrowIfClosed();
                if (stream.Ended) throw new IOException($"Stream {stream.Id} ended (reset {stream.ResetCode}, stop sending {stream.StopSendingCode}).");
                var n = Math.Min(ChunkSize, data.Length);
                var last = n == data.Length;
                _h3.SendData(stream.Id, data.Span[..n], endStream && last);
                stream.Sent += n;
                data = data[n..];
                PumpAndFlushLocked();
            }
        }
        while (!data.IsEmpty);
    }

    /// <summary>Ends the request: a trailer section when given, else FIN.</summary>
    public async Task EndAsync(OurH3Stream stream, IEnumerable<(string, string)>? trailers = null)
    {
        await WaitAsync(() => stream.Ended || !_pending.ContainsKey(stream.Id) || Closed is not null);
        lock (_sync)
        {
            ThrowIfClosed();
            if (trailers is null) _h3.SendData(stream.Id, default, endStream: true);
            else _h3.SendTrailers(stream.Id, trailers.Select(static t => new Http3Header(t.Item1, t.Item2)).ToArray());
            PumpAndFlushLocked();
        }
    }

    /// <summary>Resets the request stream both ways (RESET_STREAM and STOP_SENDING) with <paramref name="code"/>.</summary>
    public void Reset(OurH3Stream stream, Http3ErrorCode code = Http3ErrorCode.H3_REQUEST_CANCELLED)
    {
        lock (_sync)
        {
            _pending.Remove(stream.Id);
            _pendingFin.Remove(stream.Id);
            if (stream.IsRaw)
            {
                _quic.ResetStream((ulong)stream.Id, (ulong)code);
                _quic.StopSending((ulong)stream.Id, (ulong)code);
            }
            else
            {
                _h3.ResetStream(stream.Id, code);
            }

            PumpAndFlushLocked();
        }
    }

    /// <summary>Waits for the final response's header section (or the end of the stream).</summary>
    public Task WaitForHeadersAsync(OurH3Stream stream) => WaitAsync(() => stream.Status != 0 || stream.Ended);

    /// <summary>Waits until the stream has ended: finished, reset or failed.</summary>
    public Task WaitForEndAsync(OurH3Stream stream) => WaitAsync(() => stream.Ended && stream.Available == 0 || stream.ResetCode is not null);

    /// <summary>Reads response content as it arrives: the count, or 0 at the end.</summary>
    public async Task<int> ReadAsync(OurH3Stream stream, Memory<byte> destination)
    {
        await WaitAsync(() => stream.Available > 0 || stream.Ended);
        lock (_sync)
        {
            var n = stream.Take(destination.Span);
            if (stream.ReadPaused && (stream.ReadBound == 0 || stream.Available < stream.ReadBound))
            {
                stream.ReadPaused = false;
                ReadStream(stream.Id);
                PumpAndFlushLocked();
            }

            if (n == 0 && stream.ResetCode is { } code) throw new IOException($"Stream {stream.Id} was reset with 0x{code:x}.");
            return n;
        }
    }

    /// <summary>Reads the rest of the response content.</summary>
    public async Task<byte[]> ReadToEndAsync(OurH3Stream stream)
    {
        var all = new MemoryStream();
        var buffer = new byte[64 * 1024];
        int n;
        while ((n = await ReadAsync(stream, buffer)) > 0) all.Write(buffer, 0, n);
        return all.ToArray();
    }

    /// <summary>Reads the whole response.</summary>
    public async Task<OurH3Response> ReadResponseAsync(OurH3Stream stream)
    {
        await WaitForHeadersAsync(stream);
        var body = await ReadToEndAsync(stream);
        lock (_sync) return new OurH3Response(stream.Status, [.. stream.Headers], body, stream.Trailers is null ? null : [.. stream.Trailers]);
    }

    /// <summary>
    /// Waits until request content waits in our buffers because everything the server's flow control allows on the
    /// stream or the connection (RFC 9000 §4.1) was sent: the server, not the network, holds us back.
    /// </summary>
    public Task WaitUntilSendBlockedAsync(OurH3Stream stream) =>
        WaitAsync(() =>
        {
            var manager = StreamManager;
            var quicStream = manager.Find((ulong)stream.Id);
            return _pending.ContainsKey(stream.Id) && quicStream is not null
                && (quicStream.Send.NextOffset >= quicStream.PeerMaxStreamData || manager.DataSent >= manager.PeerMaxData);
        });

    /// <summary>
    /// Waits until the server has sent everything our flow control allows on the stream (RFC 9000 §4.1): a response
    /// we do not read holds the server back here.
    /// </summary>
    public Task WaitUntilReceiveWindowFullAsync(OurH3Stream stream) =>
        WaitAsync(() => StreamManager.Find((ulong)stream.Id) is { } s && s.HighestReceived >= s.MaxStreamData);

    /// <summary>The stream offset the server allows us to send up to (its MAX_STREAM_DATA, RFC 9000 §19.10).</summary>
    public long PeerMaxStreamData(OurH3Stream stream)
    {
        lock (_sync) return (long)(StreamManager.Find((ulong)stream.Id)?.PeerMaxStreamData ?? 0);
    }

    /// <summary>The QUIC connection's stream state, for the flow-control figures its public surface does not show.</summary>
    private QuicStreamManager StreamManager =>
        (QuicStreamManager)typeof(QuicConnection).GetField("_streams", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(_quic)!;

    /// <summary>Waits for a GOAWAY from the server.</summary>
    public Task WaitForGoAwayAsync() => WaitAsync(() => GoAwayId is not null || Closed is not null);

    /// <summary>Waits for the connection to close.</summary>
    public Task WaitForCloseAsync() => WaitAsync(() => Closed is not null);

    /// <summary>Reads a header value of the final response.</summary>
    public string? Header(OurH3Stream stream, string name)
    {
        lock (_sync) return stream.Headers.FirstOrDefault(h => h.Name == name).Value;
    }

    /// <summary>Waits until <paramref name="condition"/> holds; it is evaluated under the lock after every change.</summary>
    public async Task WaitAsync(Func<bool> condition)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(Timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            Task changed;
            lock (_sync)
            {
                if (condition()) return;
                changed = _changed.Task;
            }

            var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
            if (left <= TimeSpan.Zero) throw new TimeoutException("The HTTP/3 client waited too long.");
            try
            {
                await changed.WaitAsync(left);
            }
            catch (TimeoutException)
            {
                lock (_sync)
                {
                    if (condition()) return;
                }

                throw new TimeoutException("The HTTP/3 client waited too long.");
            }
        }
    }

    /// <summary>Closes the connection with an application code.</summary>
    public void Close(Http3ErrorCode code = Http3ErrorCode.H3_NO_ERROR)
    {
        lock (_sync)
        {
            _quic.Close((ulong)code, "done");
            FlushLocked();
        }
    }

    public async ValueTask DisposeAsync()
    {
        lock (_sync)
        {
            if (_disposed) return;
            if (Closed is null) _quic.Close((ulong)Http3ErrorCode.H3_NO_ERROR, "done");
            FlushLocked();
            _disposed = true;
        }

        _socket.Dispose();
        await _timer.DisposeAsync();
        try
        {
            await _receiveLoop;
        }
        catch (Exception ex) when (ex is ObjectDisposedException or SocketException)
        {
        }

        lock (_sync)
        {
            _quic.Dispose();
            _h3.Dispose();
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void ThrowIfClosed()
    {
        if (Closed is { } closed) throw new IOException($"The connection closed: {closed}");
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[65536];
        while (true)
        {
            int n;
            try
            {
                n = await _socket.ReceiveAsync(buffer, SocketFlags.None);
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException) when (_disposed)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }

            lock (_sync)
            {
                if (_disposed) return;
                _quic.Receive(buffer.AsSpan(0, n), new QuicReceiveInfo(_server, _local), Now);
                ProcessLocked();
                FlushLocked();
            }
        }
    }

    private void OnTimer()
    {
        lock (_sync)
        {
            if (_disposed) return;
            var now = Now;
            if (_quic.NextDeadline is { } due && due <= now) _quic.OnTimeout(now);
            ProcessLocked();
            FlushLocked();
        }
    }

    private void PumpAndFlushLocked()
    {
        PumpOutputs();
        FlushLocked();
        Pulse();
    }

    private void FlushLocked()
    {
        if (_disposed) return;
        int n;
        while ((n = _quic.Send(_sendBuffer, Now, out _)) > 0)
        {
            try
            {
                _socket.Send(_sendBuffer.AsSpan(0, n));
            }
            catch (SocketException)
            {
                // Loss recovery resends what matters.
            }
        }

        if (_quic.NextDeadline is { } next)
        {
            var ms = Math.Clamp((next - Now + 999) / 1000, 0, int.MaxValue - 1);
            _timer.Change(ms, System.Threading.Timeout.Infinite);
        }

        // What waits on flow or on in-flight bytes is re-evaluated after every send.
        Pulse();
    }

    private void Pulse()
    {
        var old = _changed;
        _changed = NewSignal();
        old.TrySetResult();
    }

    private void ProcessLocked()
    {
        while (_quic.TryReadEvent(out var e))
        {
            var id = (long)e.StreamId;
            _streams.TryGetValue(id, out var stream);
            switch (e.Kind)
            {
                case QuicConnectionEventKind.HandshakeCompleted:
                    TryStart();
                    break;
                case QuicConnectionEventKind.StreamReadable:
                    TryStart();
                    ReadStream(id);
                    break;
                case QuicConnectionEventKind.StreamWritable:
                    RetryPending(id);
                    break;
                case QuicConnectionEventKind.StreamReset:
                    if (stream is { IsRaw: true }) stream.ResetCode = e.ErrorCode;
                    else _h3.StreamReset(id, e.ErrorCode);
                    break;
                case QuicConnectionEventKind.StopSendingReceived:
                    _pending.Remove(id);
                    _pendingFin.Remove(id);
                    if (stream is { IsRaw: true }) stream.StopSendingCode = e.ErrorCode;
                    else _h3.StopSending(id, e.ErrorCode);
                    if (stream is not null) stream.StopSendingCode = e.ErrorCode;
                    break;
                case QuicConnectionEventKind.ConnectionClosed:
                    Closed = e;
                    foreach (var s in _streams.Values) s.ConnectionGone = true;
                    break;
            }

            DispatchEvents();
        }

        PumpOutputs();
        Pulse();
    }

    private void TryStart()
    {
        if (_started || !_quic.IsHandshakeComplete) return;
        if (!_quic.TryOpenUnidirectionalStream(out var control) || !_quic.TryOpenUnidirectionalStream(out var encoder)
            || !_quic.TryOpenUnidirectionalStream(out var decoder))
        {
            throw new InvalidOperationException("The server allows too few unidirectional streams.");
        }

        _started = true;
        _h3.Start((long)control, (long)encoder, (long)decoder);
    }

    private void ReadStream(long id)
    {
        _streams.TryGetValue(id, out var stream);
        while (Closed is null)
        {
            if (stream is { IsRaw: false, ReadBound: > 0 } && stream.Available >= stream.ReadBound)
            {
                stream.ReadPaused = true;
                return;
            }

            var n = _quic.Read((ulong)id, _readScratch, out var fin);
            if (n == 0 && !fin) return;
            if (stream is { IsRaw: true })
            {
                stream.RawReceived.AddRange(_readScratch.AsSpan(0, n));
                if (fin) stream.Finished = true;
            }
            else
            {
                _h3.Receive(id, _readScratch.AsSpan(0, n), fin);
                DispatchEvents();
            }

            if (fin) return;
        }
    }

    private void DispatchEvents()
    {
        while (_h3.TryReadEvent(out var e))
        {
            _streams.TryGetValue(e.StreamId, out var stream);
            switch (e.Kind)
            {
                case Http3EventKind.ResponseHeadersReceived when stream is not null && e.Headers.Status >= 200:
                    stream.Status = e.Headers.Status;
                    foreach (var field in e.Headers)
                    {
                        var name = Encoding.Latin1.GetString(field.Name.Span);
                        if (!name.StartsWith(':')) stream.Headers.Add((name, Encoding.Latin1.GetString(field.Value.Span)));
                    }

                    if (e.EndStream) stream.Finished = true;
                    break;
                case Http3EventKind.DataReceived when stream is not null:
                    stream.Append(e.Data.Span);
                    if (e.EndStream) stream.Finished = true;
                    break;
                case Http3EventKind.TrailersReceived when stream is not null:
                    stream.Trailers = [];
                    foreach (var field in e.Headers)
                    {
                        stream.Trailers.Add((Encoding.Latin1.GetString(field.Name.Span), Encoding.Latin1.GetString(field.Value.Span)));
                    }

                    if (e.EndStream) stream.Finished = true;
                    break;
                case Http3EventKind.StreamReset when stream is not null:
                    stream.ResetCode = (ulong)e.ErrorCode;
                    break;
                case Http3EventKind.StopSendingReceived when stream is not null:
                    stream.StopSendingCode = (ulong)e.ErrorCode;
                    break;
                case Http3EventKind.StreamError when stream is not null:
                    stream.LocalErrorCode = (ulong)e.ErrorCode;
                    break;
                case Http3EventKind.SettingsReceived:
                    SettingsReceived = true;
                    PeerSettings = _h3.PeerSettings;
                    break;
                case Http3EventKind.GoAwayReceived:
                    GoAwayId = e.Id;
                    break;
                case Http3EventKind.ConnectionError:
                    ConnectionError = e.ErrorCode;
                    break;
            }
        }
    }

    private void PumpOutputs()
    {
        while (_h3.TryReadOutput(out var o))
        {
            switch (o.Kind)
            {
                case Http3OutputKind.StreamData:
                    Write(o.StreamId, o.Data.Span, o.Fin);
                    break;
                case Http3OutputKind.ResetStream:
                    _pending.Remove(o.StreamId);
                    _pendingFin.Remove(o.StreamId);
                    _quic.ResetStream((ulong)o.StreamId, (ulong)o.ErrorCode);
                    break;
                case Http3OutputKind.StopSending:
                    _quic.StopSending((ulong)o.StreamId, (ulong)o.ErrorCode);
                    break;
                case Http3OutputKind.CloseConnection:
                    _quic.Close((ulong)o.ErrorCode, o.Reason ?? string.Empty);
                    break;
            }
        }
    }

    private void Write(long id, ReadOnlySpan<byte> data, bool fin)
    {
        if (_pending.TryGetValue(id, out var waiting))
        {
            waiting.AddRange(data);
            if (fin) _pendingFin.Add(id);
            return;
        }

        var taken = _quic.Write((ulong)id, data, fin);
        if (taken == data.Length) return;
        _pending[id] = [.. data[taken..]];
        if (fin) _pendingFin.Add(id);
    }

    private void RetryPending(long id)
    {
        if (!_pending.TryGetValue(id, out var pending)) return;
        var bytes = pending.ToArray();
        var taken = _quic.Write((ulong)id, bytes, _pendingFin.Contains(id));
        if (taken == bytes.Length)
        {
            _pending.Remove(id);
            _pendingFin.Remove(id);
        }
        else
        {
            pending.RemoveRange(0, taken);
        }
    }
}
