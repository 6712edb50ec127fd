using Roadrunner.Http2.Frames;
using Roadrunner.Http2.Streams;

namespace Roadrunner.Http2;

/// <summary>GOAWAY frames received (RFC 9113 §6.8); sending them is in the shutdown part.</summary>
public sealed partial class Http2Connection
{
    private void OnGoAway(in Http2FrameHeader header, ReadOnlySpan<byte> payload)
    {
        var error = Http2GoAwayFrame.TryRead(header, payload, out var frame);
        if (!error.IsNone)
        {
            Fail(error, header.StreamId);
            return;
        }

        _peerSentGoAway = true;
        Enqueue(new Http2Event(Http2EventKind.GoAwayReceived, errorCode: frame.ErrorCode, data: _arena.Copy(frame.DebugData), lastStreamId: frame.LastStreamId));

        // RFC 9113 §6.8: streams we initiated above Last-Stream-ID "were not processed by the peer" and are closed;
        // the application may retry them on a new connection.
        if (Role != Http2Role.Client) return;
        List<Http2Stream>? unprocessed = null;
        foreach (var stream in _streams.Values)
        {
            if (stream.Id > frame.LastStreamId) (unprocessed ??= []).Add(stream);
        }

        if (unprocessed is null) return;
        foreach (var stream in unprocessed)
        {
            int id = stream.Id;
            Apply(stream, StreamTransition.ReceiveReset);
            Enqueue(new Http2Event(Http2EventKind.StreamReset, id, errorCode: Http2ErrorCode.REFUSED_STREAM));
        }
    }
}
