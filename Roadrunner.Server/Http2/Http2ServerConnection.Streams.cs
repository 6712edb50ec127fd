using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Roadrunner.Http2;
using Roadrunner.Server.Http1;
using Roadrunner.Server.Requests;
using Roadrunner.Server.Responses;
using Roadrunner.Server.Telemetry;

namespace Roadrunner.Server.Http2;

internal sealed partial class Http2ServerConnection
{
    private static readonly BufferedResponse InternalError = Response.Text(500, "Internal Server Error");

    /// <summary>
    /// Runs one request's handler and sends its response. A failure touches this stream only: 500 when nothing was
    /// sent yet, RST_STREAM INTERNAL_ERROR once the response has begun.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask RunStreamAsync(Http2ServerStream stream)
    {
        var request = stream.Request;
        var start = RoadrunnerTelemetry.RequestStartTimestamp();
        RoadrunnerTelemetry.RequestStarted(Listener.Name);
        var activity = RoadrunnerTelemetry.ActivitySource.HasListeners() ? StartActivity(request) : null;
        Response response;
        Exception? failure = null;
        var status = 0;
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

        status = response.Status;
        try
        {
            await WriteResponseAsync(stream, response);
        }
        catch (Exception ex) when (stream.IsReset || ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            Finish(stream, start, activity, status, ex, served: false);
            return;
        }
        catch (Exception ex)
        {
            // A stream or push writer threw after the response began: only this stream is cut.
            LogHandlerFailed(request, ex);
            lock (_sync)
            {
                if (!_released && !stream.IsReset)
                {
                    if (stream.HeadersSent) _h2.ResetStream(stream.Id, Http2ErrorCode.INTERNAL_ERROR);
                    else _h2.SendHeaders(stream.Id, 500, [], endStream: true);
                }
            }

            Finish(stream, start, activity, status, ex, served: false);
            return;
        }

        Finish(stream, start, activity, status, failure, served: true);
    }

    /// <summary>Ends the application's part of a stream and gives its state back to the pool.</summary>
    private void Finish(Http2ServerStream stream, long start, Activity? activity, int status, Exception? error, bool served)
    {
        if (served) Listener.CountRequest();
        Requests.Exit();
        RoadrunnerTelemetry.RequestStopped(Listener.Name, start, stream.Request.Method, status, "2", error);
        if (activity is not null)
        {
            activity.SetTag("http.response.status_code", status);
            if (error is not null) activity.SetStatus(ActivityStatusCode.Error, error.GetType().Name);
            activity.Dispose();
        }

        lock (_sync)
        {
            if (!_released && !stream.IsReset && !stream.RequestComplete && _h2.GetStreamState(stream.Id) != Http2StreamState.Closed)
            {
                // RFC 9113 §8.1: the response is complete but the request is not; "a server MAY request that the client
                // abort transmission of a request without error by sending a RST_STREAM with an error code of NO_ERROR".
                _h2.ResetStream(stream.Id, Http2ErrorCode.NO_ERROR);
            }

            _streams.Remove(stream.Id);
            if (!_released) ReleaseAutoBody(stream);
            stream.ReleaseBody();
            if (_released) stream.Dispose();
            else _pool.Push(stream);
            _running--;
            if (_running == 0 && _readEnded) _allStreamsDone.Set();
            if (!_released && _h2.IsCompleted) _closing = true;
            if (!_closing) UpdatePhase();
        }

        RequestFlush();
    }

    private Activity? StartActivity(Request request)
    {
        var activity = RoadrunnerTelemetry.ActivitySource.StartActivity("roadrunner.request", ActivityKind.Server);
        if (activity is null) return null;
        activity.SetTag("http.request.method", request.Method);
        activity.SetTag("url.path", request.Path);
        activity.SetTag("network.protocol.version", "2");
        activity.SetTag("roadrunner.request.id", request.Id);
        activity.SetTag("roadrunner.listener", Listener.Name);
        return activity;
    }

    private void LogHandlerFailed(Request request, Exception ex)
    {
        if (!Listener.Logger.IsEnabled(LogLevel.Error)) return;
        using (Listener.Logger.BeginScope(new RequestScope(request.Id, request.Method, request.Path)))
        {
            Http2Log.HandlerFailed(Listener.Logger, request.Method, request.Path, ex);
        }
    }

    /// <summary>
    /// The request content as a manual-mode handler reads it. Flow-control credit is granted back only as it reads
    /// (RFC 9113 §5.2.1), so a slow handler holds the client to what the stream window allows.
    /// </summary>
    private sealed class BodySource(Http2ServerConnection connection, Http2ServerStream stream) : RequestBodySource
    {
        private static readonly Func<Http2ServerStream, Exception> Failure = static s => s.FailureStatus switch
        {
            0 => new RequestBodyException(0, "The client reset the stream before the end of the body."),
            408 => new RequestBodyException(408, "The request content arrived slower than the server accepts."),
            _ => new RequestBodyException(s.FailureStatus, "The request content is larger than the server accepts."),
        };

        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
        public override async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken)
        {
            if (destination.IsEmpty) return 0;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var n = connection.TakeBody(stream, destination.Span, Failure);
                if (n >= 0) return n;
                await stream.BodyArrived.WaitAsync();
            }
        }
    }
}
