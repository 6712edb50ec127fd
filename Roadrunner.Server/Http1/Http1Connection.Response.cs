using System.Buffers;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Roadrunner.Http1;
using Roadrunner.Http1.Writing;
using Roadrunner.Server.Files;
using Roadrunner.Server.Listening;
using Roadrunner.Server.Responses;

namespace Roadrunner.Server.Http1;

internal sealed partial class Http1Connection
{
    /// <summary>Bodies up to this size are copied behind the head and leave in one write.</summary>
    private const int CoalesceLimit = 16 * 1024;

    private static readonly BufferedResponse InternalError = Response.Text(500, "Internal Server Error");

    private bool IsHead => _head.Method == KnownMethod.Head;

    /// <summary>Writes <paramref name="response"/>; false if the connection was closed under us.</summary>
    private ValueTask<bool> WriteResponseAsync(Response response, bool keepAlive) => response switch
    {
        BufferedResponse buffered => WriteBufferedAsync(buffered, keepAlive),
        StreamResponse stream => WriteStreamAsync(stream, keepAlive),
        PushResponse push => WritePushAsync(push),
        FileResponse file => WriteFileAsync(file, keepAlive),
        WebSocketResponse webSocket => WriteWebSocketAsync(webSocket),
        _ => throw new InvalidOperationException($"Unknown response shape {response.GetType()}."),
    };

    private ValueTask<bool> WriteBufferedAsync(BufferedResponse response, bool keepAlive)
    {
        var contentLength = response.StatusForbidsBody ? -1 : response.Body.Length;
        if (response.Http1HeadCache is { } cached) _out.Write(cached);
        else if (response.Http1Uses++ == 0) WriteHead(_out, response, contentLength, chunked: false);
        else _out.Write(response.Http1HeadCache = EncodeHead(response, contentLength, chunked: false));
        WriteConnectionFields(keepAlive);
        if (IsHead || response.Body.IsEmpty) return new ValueTask<bool>(true);
        if (response.Body.Length <= CoalesceLimit)
        {
            _out.Write(response.Body.Span);
            return new ValueTask<bool>(true);
        }

        return WriteLargeBodyAsync(response.Body);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> WriteLargeBodyAsync(ReadOnlyMemory<byte> body)
    {
        await FlushAsync();
        await Stream.WriteAsync(body);
        return true;
    }

    /// <summary>Date, alt-svc when HTTP/3 is served, the connection field when it says something, and the empty line.</summary>
    private void WriteConnectionFields(bool keepAlive)
    {
        _out.Write(Listener.Date.FieldLine);
        // RFC 7838 §3: a listener that serves HTTP/3 too advertises it on every response of its TLS port.
        if (Listener.AltSvcLine is { } altSvc) _out.Write(altSvc);
        if (!keepAlive) _out.Write("connection: close\r\n\r\n"u8);
        else if (_head.Version == Http1Version.Http10) _out.Write("connection: keep-alive\r\n\r\n"u8);
        else _out.Write("\r\n"u8);
    }

    /// <summary>The status line and every field that does not change between requests, encoded once.</summary>
    private static byte[] EncodeHead(Response response, long contentLength, bool chunked)
    {
        var writer = new ArrayBufferWriter<byte>(256);
        WriteHead(writer, response, contentLength, chunked);
        return writer.WrittenSpan.ToArray();
    }

    private static void WriteHead(IBufferWriter<byte> writer, Response response, long contentLength, bool chunked)
    {
        Http1ResponseWriter.WriteStatusLine(writer, response.Status);
        if (response.ContentType is not null) Http1ResponseWriter.WriteHeader(writer, "content-type", response.ContentType);
        foreach (var (name, value) in response.HeaderArray) Http1ResponseWriter.WriteHeader(writer, name, value);
        if (contentLength >= 0) Http1ResponseWriter.WriteContentLength(writer, contentLength);
        if (chunked) writer.Write("transfer-encoding: chunked\r\n"u8);
    }

    private async ValueTask<bool> WriteStreamAsync(StreamResponse response, bool keepAlive)
    {
        // HTTP/1.0 has no chunked coding: the body ends when the connection does (RFC 9112 §6.3 rule 8).
        var chunked = _head.Version == Http1Version.Http11 && !response.StatusForbidsBody;
        WriteHead(_out, response, -1, chunked);
        WriteConnectionFields(keepAlive);
        if (IsHead || response.StatusForbidsBody) return true;
        await FlushAsync();
        var stream = new Http1ResponseStream(this, chunked);
        await response.Writer(stream);
        if (chunked)
        {
            Http1ResponseWriter.WriteLastChunk(_out, stream.Trailers.Count == 0 ? null : stream.Trailers);
            await FlushAsync();
        }

        return true;
    }

    private async ValueTask<bool> WritePushAsync(PushResponse response)
    {
        var chunked = _head.Version == Http1Version.Http11;
        WriteHead(_out, response, -1, chunked);
        WriteConnectionFields(keepAlive: false);
        await FlushAsync();
        if (IsHead) return true;
        var stream = new Http1ResponseStream(this, chunked);
        var context = new PushContext(stream, Listener.Options.PushMailboxCapacity);
        Volatile.Write(ref _push, context);
        if (DrainRequested) context.Close(PushCloseReason.Draining);
        // Nothing more may come from the client on this connection; a read that ends means it left.
        if (_bodyComplete) _closeWatch = WatchForCloseAsync();
        try
        {
            await context.RunAsync(response.Handler);
        }
        finally
        {
            Volatile.Write(ref _push, null);
        }

        if (chunked)
        {
            Http1ResponseWriter.WriteLastChunk(_out, stream.Trailers.Count == 0 ? null : stream.Trailers);
            await FlushAsync();
        }

        return true;
    }

    private async Task WatchForCloseAsync()
    {
        var scratch = new byte[256];
        try
        {
            while (await Stream.ReadAsync(scratch, Aborted) > 0)
            {
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }

        if (Phase != ConnectionPhase.Closed) Abort("client");
    }

    private async ValueTask<bool> WriteFileAsync(FileResponse response, bool keepAlive)
    {
        FileStream file;
        try
        {
            // Asynchronous: sendfile(2) below takes the stream itself, and only an asynchronous one.
            file = new FileStream(response.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0, FileOptions.Asynchronous);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            return await WriteBufferedAsync(Response.Text(404, "Not Found"), keepAlive);
        }

        await using (file)
        {
            var size = file.Length;
            var offset = Math.Min(response.Offset, size);
            var length = response.Length < 0 ? size - offset : Math.Min(response.Length, size - offset);
            WriteHead(_out, response, response.StatusForbidsBody ? -1 : length, chunked: false);
            WriteConnectionFields(keepAlive);
            if (IsHead || length == 0 || response.StatusForbidsBody) return true;
            if (length <= FileContent.SmallFileLimit)
            {
                // The content joins the head in the output, and both leave with the next flush (or with the answers
                // to the rest of a pipelined batch): one send, and one read at the client.
                FileContent.ReadExactly(file.SafeFileHandle, _out.GetSpan((int)length)[..(int)length], offset);
                _out.Advance((int)length);
                return true;
            }

            await FlushAsync();
            if (!IsTls) await SendFileAsync(Socket, file, offset, length);
            else await CopyFileAsync(file, offset, length);
        }

        return true;
    }

    /// <summary>
    /// sendfile(2) by way of SendPacketsAsync with the stream already open: the bytes never enter user space, and the
    /// file is opened once per response and closed when it is sent. (The path form of the element opens the file
    /// again and leaves that descriptor to the finalizer: thousands accumulated under load.)
    /// </summary>
    private static async Task SendFileAsync(Socket socket, FileStream file, long offset, long length)
    {
        const int Piece = 1 << 30;
        var elements = new SendPacketsElement[(int)((length + Piece - 1) / Piece)];
        for (var i = 0; i < elements.Length; i++)
        {
            var start = offset + ((long)i * Piece);
            elements[i] = new SendPacketsElement(file, start, (int)Math.Min(Piece, offset + length - start), endOfPacket: i == elements.Length - 1);
        }

        using var args = new SocketAsyncEventArgs { SendPacketsElements = elements };
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        args.Completed += (_, e) => Complete(e, done);
        if (!socket.SendPacketsAsync(args)) Complete(args, done);
        await done.Task;

        static void Complete(SocketAsyncEventArgs e, TaskCompletionSource done)
        {
            if (e.SocketError == SocketError.Success) done.TrySetResult();
            else done.TrySetException(new SocketException((int)e.SocketError));
        }
    }

    /// <summary>Over TLS the bytes must be encrypted, so they pass through one pooled buffer.</summary>
    private async Task CopyFileAsync(FileStream file, long offset, long length)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            var handle = file.SafeFileHandle;
            while (length > 0)
            {
                var n = await RandomAccess.ReadAsync(handle, buffer.AsMemory(0, (int)Math.Min(buffer.Length, length)), offset);
                if (n == 0) throw new IOException("The file shrank while it was being sent.");
                await Stream.WriteAsync(buffer.AsMemory(0, n));
                offset += n;
                length -= n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Answers a request we refuse to read further (400, 413, 414, 431, 501, 505), then closes.</summary>
    private async ValueTask SendErrorAndCloseAsync(int status)
    {
        // Answers to earlier pipelined requests may still wait in the output; they leave first, in order.
        Http1ResponseWriter.WriteStatusLine(_out, status);
        _out.Write(Listener.Date.FieldLine);
        _out.Write("content-length: 0\r\nconnection: close\r\n\r\n"u8);
        try
        {
            await FlushAsync();
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            return;
        }

        await LingeringCloseAsync();
    }

    protected override async Task SendTimeoutAndAbortAsync()
    {
        // The loop waits on a read (phase was ReadingHead), so nothing else writes now.
        try
        {
            var writer = new ArrayBufferWriter<byte>(128);
            Http1ResponseWriter.WriteStatusLine(writer, 408);
            writer.Write(Listener.Date.FieldLine);
            writer.Write("content-length: 0\r\nconnection: close\r\n\r\n"u8);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await Stream.WriteAsync(writer.WrittenMemory, timeout.Token);
            Socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
        finally
        {
            Abort("request_timeout");
        }
    }

    private void LogHandlerFailed(Exception ex)
    {
        if (!Listener.Logger.IsEnabled(LogLevel.Error)) return;
        using (Listener.Logger.BeginScope(new RequestScope(_request.Id, _request.Method, _request.Path)))
        {
            Http1Log.HandlerFailed(Listener.Logger, _request.Method, _request.Path, ex);
        }
    }

    /// <summary>A chunked (or, for HTTP/1.0, close-delimited) body writer.</summary>
    private sealed class Http1ResponseStream(Http1Connection connection, bool chunked) : ResponseStream
    {
        public override Requests.Request Request => connection._request;

        public override CancellationToken Aborted => connection.Aborted;

        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
        {
            if (data.IsEmpty) return;
            var c = connection;
            if (chunked && data.Length <= CoalesceLimit)
            {
                Http1ResponseWriter.WriteChunk(c._out, data.Span);
                await c.FlushAsync();
                return;
            }

            if (chunked)
            {
                Http1ResponseWriter.WriteChunkHeader(c._out, data.Length);
                await c.FlushAsync();
                await c.Stream.WriteAsync(data, cancellationToken);
                c._out.Write("\r\n"u8);
                await c.FlushAsync();
                return;
            }

            await c.Stream.WriteAsync(data, cancellationToken);
        }
    }
}
