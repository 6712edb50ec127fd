using System.Text;
using Roadrunner.Http2.Buffers;
using Roadrunner.Http2.Frames;
using Roadrunner.Http2.Streams;

namespace Roadrunner.Http2;

/// <summary>Connection errors (§5.4.1), stream errors (§5.4.2) and the flood bounds that end in them.</summary>
public sealed partial class Http2Connection
{
    /// <summary>
    /// Ends the connection at once: queues GOAWAY with <paramref name="code"/>, the last stream handed to the
    /// application and <paramref name="reason"/> as debug data, and reports <see cref="Http2EventKind.ConnectionClosed"/>.
    /// Later calls to <see cref="Receive"/> return false. Does nothing when already closed.
    /// </summary>
    public void Abort(Http2ErrorCode code, string reason)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(reason);
        ConnectionError(code, reason);
    }

    private void ConnectionError(Http2ErrorCode code, string reason)
    {
        if (_closed) return;
        _closed = true;

        // RFC 9113 §5.4.1: "An endpoint that encounters a connection error SHOULD first send a GOAWAY frame
        // (Section 6.8) with the stream identifier of the last stream that it successfully received from its peer.
        // The GOAWAY frame includes an error code ... that indicates why the connection is terminating."
        Span<byte> debug = stackalloc byte[256];
        int written = Encoding.UTF8.GetBytes(reason.AsSpan(0, Math.Min(reason.Length, 80)), debug);
        Http2GoAwayFrame.Write(_output, _lastProcessedStreamId, code, debug[..written]);
        _goAway = GoAwayState.Final;
        _headerBlockStreamId = 0;
        _partialLength = 0;
        Enqueue(new Http2Event(Http2EventKind.ConnectionClosed, errorCode: code, reason: reason));
    }

    private void StreamError(int streamId, Http2ErrorCode code, string reason)
    {
        // RFC 9113 §5.4.2: "An endpoint that detects a stream error sends a RST_STREAM frame (Section 6.4) that
        // contains the stream identifier of the stream where the error occurred. The RST_STREAM frame includes an
        // error code that indicates the type of error."
        Http2RstStreamFrame.Write(_output, streamId, code);
        var condition = Classify(streamId, out var stream);
        if (stream is not null) Apply(stream, StreamTransition.SendReset);
        else if (condition != StreamCondition.Idle) _closedStreams.Add(streamId, ClosedHow.LocalReset);
        Enqueue(new Http2Event(Http2EventKind.StreamError, streamId, errorCode: code, reason: reason));

        // Every stream we reset counts against the same budget as the peer's resets: provoking resets is as cheap.
        CountFlood(ref _resetCount, _options.MaxResetsPerInterval, Http2Errors.RapidReset);
    }

    /// <summary>Reports an error found by a frame parser in its scope.</summary>
    private void Fail(in Http2FrameError error, int streamId)
    {
        if (error.Scope == Http2ErrorScope.Stream) StreamError(streamId, error.Code, error.Reason!);
        else ConnectionError(error.Code, error.Reason!);
    }

    /// <summary>Counts one frame of a bounded kind; past the limit the connection fails with ENHANCE_YOUR_CALM.</summary>
    private bool CountFlood(ref FloodCounter counter, int limit, string reason)
    {
        if (counter.TryAdd(_now, _floodInterval, limit)) return true;

        // RFC 9113 §10.5: "An endpoint MAY treat activity that is suspicious as a connection error (Section 5.4.1)
        // of type ENHANCE_YOUR_CALM."
        ConnectionError(Http2ErrorCode.ENHANCE_YOUR_CALM, reason);
        return false;
    }
}
