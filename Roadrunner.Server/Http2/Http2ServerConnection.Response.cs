using System.Buffers;
using System.Buffers.Text;
using System.Runtime.CompilerServices;
using Roadrunner.Http1;
using Roadrunner.Http2;
using Roadrunner.Server.Responses;

namespace Roadrunner.Server.Http2;

/// <summary>
/// Every response shape over HTTP/2 (RFC 9113 §8.1): HEADERS, then content in DATA frames within the peer's
/// flow-control windows, then END_STREAM or a trailer section. A sender that runs out of window waits for the
/// codec's WindowAvailable report instead of buffering.
/// </summary>
internal sealed partial class Http2ServerConnection
{
    /// <summary>DATA read from a file per step: a few frames' worth, so the window is used without holding much.</summary>
    private const int FileChunkSize = 64 * 1024;

    private static readonly ReadOnlyMemory<byte> DateName = "date"u8.ToArray();
    private static readonly ReadOnlyMemory<byte> ContentLengthName = "content-length"u8.ToArray();

    // Scratch for the fields of one HEADERS frame; used only under _sync, while the codec encodes them.
    private readonly byte[] _date = new byte[32];
    private readonly byte[] _contentLength = new byte[20];
    private Http2Header[] _fields = new Http2Header[16];

    private ValueTask WriteResponseAsync(Http2ServerStream stream, Response response) => response switch
    {
        BufferedResponse buffered => WriteBufferedAsync(stream, buffered),
        StreamResponse streamed => WriteStreamAsync(stream, streamed),
        PushResponse push => WritePushAsync(stream, push),
        FileResponse file => WriteFileAsync(stream, file),
        WebSocketResponse webSocket => WriteWebSocketAsync(stream, webSocket),
        _ => throw new InvalidOperationException($"Unknown response shape {response.GetType()}."),
    };

    private static bool IsHead(Http2ServerStream stream) => stream.Request.KnownMethod == KnownMethod.Head;

    private ValueTask WriteBufferedAsync(Http2ServerStream stream, BufferedResponse response)
    {
        var body = response.StatusForbidsBody ? default : response.Body;
        var end = IsHead(stream) || body.IsEmpty;
        var sent = 0;
        lock (_sync)
        {
            ThrowIfGone(stream);
            SendHead(stream, response, response.StatusForbidsBody ? -1 : body.Length, end);
            if (!end) sent = _h2.SendData(stream.Id, body.Span, endStream: true);
            stream.Deadline.Progress(sent);
        }

        RequestFlush();
        return end || sent == body.Length ? default : SendDataAsync(stream, body[sent..], endStream: true);
    }

    private async ValueTask WriteStreamAsync(Http2ServerStream stream, StreamResponse response)
    {
        var headOnly = IsHead(stream) || response.StatusForbidsBody;
        lock (_sync)
        {
            ThrowIfGone(stream);
            SendHead(stream, response, -1, headOnly);
        }

        RequestFlush();
        if (headOnly) return;
        var body = new Http2ResponseStream(this, stream);
        await response.Writer(body);
        await EndBodyAsync(stream, body.Trailers);
    }

    private async ValueTask WritePushAsync(Http2ServerStream stream, PushResponse response)
    {
        var headOnly = IsHead(stream);
        lock (_sync)
        {
            ThrowIfGone(stream);
            SendHead(stream, response, -1, headOnly);
        }

        RequestFlush();
        if (headOnly) return;
        var body = new Http2ResponseStream(this, stream);
        var context = new PushContext(body, Listener.Options.PushMailboxCapacity);
        lock (_sync)
        {
            stream.Push = context;
            if (_goAwaySent || Listener.IsDraining) context.Close(PushCloseReason.Draining);
        }

        try
        {
            await context.RunAsync(response.Handler);
        }
        finally
        {
            lock (_sync) stream.Push = null;
        }

        await EndBodyAsync(stream, body.Trailers);
    }

    private async ValueTask WriteFileAsync(Http2ServerStream stream, FileResponse response)
    {
        FileStream file;
        try
        {
            file = new FileStream(response.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            await WriteBufferedAsync(stream, Response.Text(404, "Not Found"));
            return;
        }

        await using (file)
        {
            var size = file.Length;
            var offset = Math.Min(response.Offset, size);
            var length = response.Length < 0 ? size - offset : Math.Min(response.Length, size - offset);
            var headOnly = IsHead(stream) || response.StatusForbidsBody || length == 0;
            lock (_sync)
            {
                ThrowIfGone(stream);
                SendHead(stream, response, response.StatusForbidsBody ? -1 : length, headOnly);
            }

            RequestFlush();
            if (headOnly) return;
            var buffer = ArrayPool<byte>.Shared.Rent(FileChunkSize);
            try
            {
                var handle = file.SafeFileHandle;
                while (length > 0)
                {
                    var n = await RandomAccess.ReadAsync(handle, buffer.AsMemory(0, (int)Math.Min(buffer.Length, length)), offset);
                    if (n == 0) throw new IOException("The file shrank while it was being sent.");
                    offset += n;
                    length -= n;
                    await SendDataAsync(stream, buffer.AsMemory(0, n), endStream: length == 0);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>Ends the response: a trailer section when there are trailers (RFC 9113 §8.1), else an empty END_STREAM DATA.</summary>
    private ValueTask EndBodyAsync(Http2ServerStream stream, IReadOnlyList<KeyValuePair<string, string>> trailers)
    {
        if (trailers.Count == 0) return SendDataAsync(stream, default, endStream: true);
        var fields = new Http2Header[trailers.Count];
        for (var i = 0; i < fields.Length; i++) fields[i] = new Http2Header(trailers[i].Key, trailers[i].Value);
        lock (_sync)
        {
            ThrowIfGone(stream);
            _h2.SendTrailers(stream.Id, fields);
        }

        RequestFlush();
        return default;
    }

    /// <summary>
    /// Sends content as the windows allow: what the codec takes leaves with the next write; the rest waits for
    /// credit (WINDOW_UPDATE) or for room in the output.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SendDataAsync(Http2ServerStream stream, ReadOnlyMemory<byte> data, bool endStream)
    {
        while (true)
        {
            int sent;
            lock (_sync)
            {
                ThrowIfGone(stream);
                sent = _h2.SendData(stream.Id, data.Span, endStream);
                stream.Deadline.Progress(sent);
                // What is left waits on the client: its credit, or its reading that frees room in the output.
                stream.SendWaiting = sent < data.Length;
            }

            RequestFlush();
            if (sent == data.Length) return;
            data = data[sent..];
            await stream.Window.WaitAsync();
        }
    }

    /// <summary>Queues the response's HEADERS: status, content type, the handler's fields, content-length, Date and alt-svc. Holds <see cref="_sync"/>.</summary>
    private void SendHead(Http2ServerStream stream, Response response, long contentLength, bool endStream)
    {
        var extra = response.HeaderArray;
        var needed = extra.Length + 4;
        if (_fields.Length < needed) _fields = new Http2Header[Math.Max(needed, _fields.Length * 2)];
        var n = 0;
        if (response.ContentType is { } contentType) _fields[n++] = new Http2Header("content-type", contentType);
        foreach (var (name, value) in extra) _fields[n++] = new Http2Header(name, value);
        if (contentLength >= 0)
        {
            Utf8Formatter.TryFormat(contentLength, _contentLength, out var written);
            _fields[n++] = new Http2Header(ContentLengthName, _contentLength.AsMemory(0, written));
        }

        var date = Listener.Date.Value;
        date.CopyTo(_date);
        _fields[n++] = new Http2Header(DateName, _date.AsMemory(0, date.Length));
        // RFC 7838 §3: a listener that serves HTTP/3 too advertises it on every response of its TLS port.
        if (Listener.AltSvcField is { } altSvc) _fields[n++] = altSvc;
        _h2.SendHeaders(stream.Id, response.Status, _fields.AsSpan(0, n), endStream);
        stream.HeadersSent = true;
        Array.Clear(_fields, 0, n);
    }

    /// <summary>A stream reset by either side (or a connection gone) takes no more frames: the sender stops. Holds <see cref="_sync"/>.</summary>
    private void ThrowIfGone(Http2ServerStream stream)
    {
        if (_released || stream.IsReset) throw new IOException("The stream was reset or the connection closed.");
    }

    /// <summary>The body of a stream or push response: each write becomes DATA frames as the windows allow.</summary>
    private sealed class Http2ResponseStream(Http2ServerConnection connection, Http2ServerStream stream) : ResponseStream
    {
        public override Requests.Request Request => stream.Request;

        public override CancellationToken Aborted => stream.Aborted;

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default) =>
            data.IsEmpty ? default : connection.SendDataAsync(stream, data, endStream: false);
    }
}
