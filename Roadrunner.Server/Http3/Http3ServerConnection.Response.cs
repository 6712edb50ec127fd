using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Roadrunner.Http1;
using Roadrunner.Http3;
using Roadrunner.Server.Files;
using Roadrunner.Server.Http1;
using Roadrunner.Server.Requests;
using Roadrunner.Server.Responses;
using Roadrunner.Server.Telemetry;

namespace Roadrunner.Server.Http3;

/// <summary>
/// Runs a request's handler and sends every response shape over HTTP/3 (RFC 9114 §4.1): HEADERS, content in DATA
/// frames, then FIN or a trailer section. A sender whose QUIC stream buffer is full waits for it to drain instead of
/// buffering more.
/// </summary>
internal sealed partial class Http3ServerConnection
{
    /// <summary>Content per DATA frame and per file read: large enough to amortise framing, small enough to bound what waits.</summary>
    private const int ChunkSize = 32 * 1024;

    private static readonly BufferedResponse InternalError = Response.Text(500, "Internal Server Error");
    private static readonly byte[] DateName = "date"u8.ToArray();
    private static readonly byte[] ContentLengthName = "content-length"u8.ToArray();
    private static readonly byte[] ContentTypeName = "content-type"u8.ToArray();

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask RunStreamAsync(Http3ServerStream stream)
    {
        var request = stream.Request;
        var start = RoadrunnerTelemetry.RequestStartTimestamp();
        RoadrunnerTelemetry.RequestStarted(Listener.Name);
        var activity = RoadrunnerTelemetry.ActivitySource.HasListeners() ? StartActivity(request) : null;
        Response response;
        Exception? failure = null;
        try
        {
            if (stream.FailureStatus != 0)
            {
                response = Response.Empty(stream.FailureStatus);
            }
            else
            {
                var pending = stream.Pipeline!(request);
                response = pending.IsCompletedSuccessfully ? pending.Result : await pending;
                if (response is null) throw new InvalidOperationException("The handler returned no response.");
            }
        }
        catch (RequestBodyException ex) when (ex.StatusCode != 0)
        {
            failure = ex;
            response = Response.Empty(ex.StatusCode is >= 400 and < 500 ? ex.StatusCode : 400);
        }
        catch (Exception ex)
        {
            failure = ex;
            if (stream.IsReset || ex is RequestBodyException)
            {
                Finish(stream, start, activity, 499, ex, served: false);
                return;
            }

            LogHandlerFailed(request, ex);
            response = InternalError;
        }

        var status = response.Status;
        try
        {
            await WriteResponseAsync(stream, response);
        }
        catch (Exception ex) when (stream.IsReset || ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
            Finish(stream, start, activity, status, ex, served: false);
            return;
        }
        catch (Exception ex)
        {
            // A stream or push writer threw after the response began: only this stream is cut (RFC 9114 §4.1.1).
            LogHandlerFailed(request, ex);
            lock (_owner.Sync)
            {
                if (!_closed && !stream.IsReset)
                {
                    if (stream.HeadersSent) _h3.ResetStream(stream.Id, Http3ErrorCode.H3_INTERNAL_ERROR);
                    else _h3.SendHeaders(stream.Id, 500, [], endStream: true);
                    PumpOutputs();
                    _owner.ScheduleFlushLocked();
                }
            }

            Finish(stream, start, activity, status, ex, served: false);
            return;
        }

        Finish(stream, start, activity, status, failure, served: true);
    }

    /// <summary>Ends the application's part of a stream.</summary>
    private void Finish(Http3ServerStream stream, long start, Activity? activity, int status, Exception? error, bool served)
    {
        if (served) Listener.CountRequest();
        Requests.Exit();
        RoadrunnerTelemetry.RequestStopped(Listener.Name, start, stream.Request.Method, status, "3", error);
        if (activity is not null)
        {
            activity.SetTag("http.response.status_code", status);
            if (error is not null) activity.SetStatus(ActivityStatusCode.Error, error.GetType().Name);
            activity.Dispose();
        }

        lock (_owner.Sync)
        {
            _streams.Remove(stream.Id);
            // Content the handler left unread still holds the connection's credit in QUIC: read it now, and HTTP/3
            // discards it.
            if (stream.ReadPaused) ResumeReading(stream);
            _pool.Return(stream);
        }
    }

    private Activity? StartActivity(Request request)
    {
        var activity = RoadrunnerTelemetry.ActivitySource.StartActivity("roadrunner.request", ActivityKind.Server);
        if (activity is null) return null;
        activity.SetTag("http.request.method", request.Method);
        activity.SetTag("url.path", request.Path);
        activity.SetTag("network.protocol.version", "3");
        activity.SetTag("roadrunner.request.id", request.Id);
        activity.SetTag("roadrunner.listener", Listener.Name);
        return activity;
    }

    private void LogHandlerFailed(Request request, Exception ex)
    {
        if (!Listener.Logger.IsEnabled(LogLevel.Error)) return;
        using (Listener.Logger.BeginScope(new RequestScope(request.Id, request.Method, request.Path)))
        {
            LogHandlerFailed(Listener.Logger, request.Method, request.Path, ex);
        }
    }

    [LoggerMessage(300, LogLevel.Error, "Handler for {Method} {Path} threw; its HTTP/3 stream was answered 500 or reset")]
    private static partial void LogHandlerFailed(ILogger logger, string method, string path, Exception ex);

    private ValueTask WriteResponseAsync(Http3ServerStream stream, Response response) => response switch
    {
        BufferedResponse buffered => WriteBufferedAsync(stream, buffered),
        StreamResponse streamed => WriteStreamAsync(stream, streamed),
        PushResponse push => WritePushAsync(stream, push),
        FileResponse file => WriteFileAsync(stream, file),
        WebSocketResponse webSocket => WriteWebSocketAsync(stream, webSocket),
        _ => throw new InvalidOperationException($"Unknown response shape {response.GetType()}."),
    };

    private static bool IsHead(Http3ServerStream stream) => stream.Request.KnownMethod == KnownMethod.Head;

    private ValueTask WriteBufferedAsync(Http3ServerStream stream, BufferedResponse response)
    {
        var body = response.StatusForbidsBody ? default : response.Body;
        var end = IsHead(stream) || body.IsEmpty;
        lock (_owner.Sync)
        {
            ThrowIfGone(stream);
            SendHead(stream, response, response.StatusForbidsBody ? -1 : body.Length, end);
            if (!end && body.Length <= ChunkSize)
            {
                _h3.SendData(stream.Id, body.Span, endStream: true);
                end = true;
            }

            PumpOutputs();
            _owner.ScheduleFlushLocked();
        }

        return end ? default : SendDataAsync(stream, body, endStream: true);
    }

    private async ValueTask WriteStreamAsync(Http3ServerStream stream, StreamResponse response)
    {
        var headOnly = IsHead(stream) || response.StatusForbidsBody;
        SendHeadNow(stream, response, -1, headOnly);
        if (headOnly) return;
        var body = new Http3ResponseStream(this, stream);
        await response.Writer(body);
        EndBody(stream, body.Trailers);
    }

    private async ValueTask WritePushAsync(Http3ServerStream stream, PushResponse response)
    {
        var headOnly = IsHead(stream);
        SendHeadNow(stream, response, -1, headOnly);
        if (headOnly) return;
        var body = new Http3ResponseStream(this, stream);
        var context = new PushContext(body, Listener.Options.PushMailboxCapacity);
        lock (_owner.Sync)
        {
            // A drain that began before this point closes it here; one that begins later finds it on the stream.
            stream.Push = context;
            if (_owner.IsDraining) context.Close(PushCloseReason.Draining);
        }

        try
        {
            using (stream.Aborted.Register(static c => ((PushContext)c!).Close(PushCloseReason.ClientGone), context))
            {
                await context.RunAsync(response.Handler);
            }
        }
        finally
        {
            lock (_owner.Sync) stream.Push = null;
        }

        EndBody(stream, body.Trailers);
    }

    private async ValueTask WriteFileAsync(Http3ServerStream stream, FileResponse response)
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
            if (!headOnly && length <= FileContent.SmallFileLimit)
            {
                SendSmallFile(stream, response, file.SafeFileHandle, offset, (int)length);
                return;
            }

            SendHeadNow(stream, response, response.StatusForbidsBody ? -1 : length, headOnly);
            if (headOnly) return;
            var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
            try
            {
                var handle = file.SafeFileHandle;
                while (length > 0)
                {
                    var n = await RandomAccess.ReadAsync(handle, buffer.AsMemory(0, (int)Math.Min(ChunkSize, length)), offset);
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

    /// <summary>
    /// A small file (<see cref="FileContent.SmallFileLimit"/>): read on this thread, then the header section, the content
    /// and FIN queued together, so they can share a packet.
    /// </summary>
    private void SendSmallFile(Http3ServerStream stream, Response response, Microsoft.Win32.SafeHandles.SafeFileHandle handle, long offset, int length)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            FileContent.ReadExactly(handle, buffer.AsSpan(0, length), offset);
            lock (_owner.Sync)
            {
                ThrowIfGone(stream);
                SendHead(stream, response, length, endStream: false);
                _h3.SendData(stream.Id, buffer.AsSpan(0, length), endStream: true);
                PumpOutputs();
                _owner.ScheduleFlushLocked();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void SendHeadNow(Http3ServerStream stream, Response response, long contentLength, bool endStream)
    {
        lock (_owner.Sync)
        {
            ThrowIfGone(stream);
            SendHead(stream, response, contentLength, endStream);
            PumpOutputs();
            _owner.ScheduleFlushLocked();
        }
    }

    /// <summary>Ends the response: a trailer section when there are trailers (RFC 9114 §4.1), else FIN.</summary>
    private void EndBody(Http3ServerStream stream, IReadOnlyList<KeyValuePair<string, string>> trailers)
    {
        lock (_owner.Sync)
        {
            ThrowIfGone(stream);
            if (trailers.Count == 0)
            {
                _h3.SendData(stream.Id, default, endStream: true);
            }
            else
            {
                var fields = new Http3Header[trailers.Count];
                for (var i = 0; i < fields.Length; i++) fields[i] = new Http3Header(trailers[i].Key, trailers[i].Value);
                _h3.SendTrailers(stream.Id, fields);
            }

            PumpOutputs();
            _owner.ScheduleFlushLocked();
        }
    }

    /// <summary>
    /// Sends content in DATA frames of at most <see cref="ChunkSize"/>, each only once QUIC has taken everything
    /// queued before it, so a fast writer waits for the client instead of filling memory.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SendDataAsync(Http3ServerStream stream, ReadOnlyMemory<byte> data, bool endStream)
    {
        while (true)
        {
            var blocked = false;
            lock (_owner.Sync)
            {
                ThrowIfGone(stream);
                // What is queued waits on the client: its credit, or its acknowledgments that free QUIC's buffer.
                blocked = stream.SendWaiting = _pending.ContainsKey(stream.Id);
                if (!blocked)
                {
                    var n = Math.Min(data.Length, ChunkSize);
                    var last = n == data.Length;
                    _h3.SendData(stream.Id, data.Span[..n], endStream && last);
                    data = data[n..];
                    PumpOutputs();
                    _owner.ScheduleFlushLocked();
                    if (last) return;
                }
            }

            if (blocked) await stream.Window.WaitAsync();
        }
    }

    /// <summary>Queues the response's HEADERS: status, content type, the handler's fields, content-length and date. Holds the lock.</summary>
    private void SendHead(Http3ServerStream stream, Response response, long contentLength, bool endStream)
    {
        // The scratch below is shared by the listener's connections; the lock is held and QPACK encodes the fields
        // before SendHeaders returns, so nothing outlives this call.
        var scratch = _owner.HeadScratch;
        var extra = response.HeaderArray;
        if (scratch.Fields.Length < extra.Length + 3) scratch.Fields = new Http3Header[Math.Max(extra.Length + 3, scratch.Fields.Length * 2)];
        var fields = scratch.Fields;
        var n = 0;
        if (response.ContentType is { } contentType) fields[n++] = new Http3Header(ContentTypeName, scratch.ContentType(contentType));
        foreach (var (name, value) in extra) fields[n++] = new Http3Header(name, value);
        if (contentLength >= 0)
        {
            Utf8Formatter.TryFormat(contentLength, scratch.ContentLength, out var written);
            fields[n++] = new Http3Header(ContentLengthName, scratch.ContentLength.AsMemory(0, written));
        }

        var date = Listener.Date.Value;
        date.CopyTo(scratch.Date);
        fields[n++] = new Http3Header(DateName, scratch.Date.AsMemory(0, date.Length));
        _h3.SendHeaders(stream.Id, response.Status, fields.AsSpan(0, n), endStream);
        stream.HeadersSent = true;
        Array.Clear(fields, 0, n);
    }

    /// <summary>A stream reset by either side (or a connection gone) takes no more frames: the sender stops. Holds the lock.</summary>
    private void ThrowIfGone(Http3ServerStream stream)
    {
        if (_closed || stream.IsReset) throw new IOException("The stream was reset or the connection closed.");
    }

    /// <summary>
    /// Moves held request content into <paramref name="destination"/>: the count, 0 at the end of the content, or -1
    /// when the caller must wait for <see cref="Http3ServerStream.BodyArrived"/>.
    /// </summary>
    private int TakeBody(Http3ServerStream stream, Span<byte> destination, Func<Exception>? gone = null)
    {
        lock (_owner.Sync)
        {
            if (gone is not null && (stream.IsReset || _closed) && stream.Buffered == 0) throw gone();
            if (stream.FailureStatus != 0)
            {
                throw new RequestBodyException(stream.FailureStatus, stream.FailureStatus == 408
                    ? "The request content arrived slower than the server accepts."
                    : "The request content is larger than the server accepts.");
            }

            stream.ReadWaiting = false;
            if (stream.Buffered > 0)
            {
                var n = stream.TakeBody(destination);
                if (stream.ReadPaused && !stream.HoldsEnough(ManualBodyHold)) ResumeReading(stream);
                return n;
            }

            if (stream.RequestComplete) return 0;
            if (stream.IsReset || _closed) throw new RequestBodyException(0, "The client reset the stream before the end of the body.");
            stream.ReadWaiting = true;
            return -1;
        }
    }

    /// <summary>The body of a stream or push response: each write becomes DATA frames as QUIC takes them.</summary>
    private sealed class Http3ResponseStream(Http3ServerConnection connection, Http3ServerStream stream) : ResponseStream
    {
        public override Request Request => stream.Request;

        public override CancellationToken Aborted => stream.Aborted;

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default) =>
            data.IsEmpty ? default : connection.SendDataAsync(stream, data, endStream: false);
    }

    /// <summary>The request content as a manual-mode handler reads it.</summary>
    private sealed class BodySource(Http3ServerConnection connection, Http3ServerStream stream) : RequestBodySource
    {
        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
        public override async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken)
        {
            if (destination.IsEmpty) return 0;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var n = connection.TakeBody(stream, destination.Span);
                if (n >= 0) return n;
                await stream.BodyArrived.WaitAsync();
            }
        }
    }
}
