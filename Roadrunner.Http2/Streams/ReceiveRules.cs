using Roadrunner.Http2.Frames;

namespace Roadrunner.Http2.Streams;

/// <summary>
/// Which stream-level frames each stream condition accepts (RFC 9113 §5.1, §6.1–§6.9), as a table of
/// <c>(condition, frame type) → (action, reason)</c>. Frames on stream 0 and connection-level frames are not here.
/// </summary>
internal static class ReceiveRules
{
    private static readonly Rule[,] Table = Build();

    /// <summary>The rule for a frame of <paramref name="type"/> (HEADERS, DATA, RST_STREAM, PRIORITY or WINDOW_UPDATE) on a stream in <paramref name="condition"/>.</summary>
    public static Rule For(StreamCondition condition, Http2FrameType type) => Table[(int)condition, Column(type)];

    private static int Column(Http2FrameType type) => type switch
    {
        Http2FrameType.HEADERS => 0,
        Http2FrameType.DATA => 1,
        Http2FrameType.RST_STREAM => 2,
        Http2FrameType.PRIORITY => 3,
        Http2FrameType.WINDOW_UPDATE => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a stream-level frame type with a receive rule."),
    };

    private static Rule[,] Build()
    {
        var accept = new Rule(ReceiveAction.Accept, null);
        var ignore = new Rule(ReceiveAction.Ignore, null);

        // RFC 9113 §5.1 idle: "Receiving any frame other than HEADERS or PRIORITY on a stream in this state MUST be
        // treated as a connection error (Section 5.4.1) of type PROTOCOL_ERROR."
        var dataOnIdle = new Rule(ReceiveAction.ConnectionProtocolError, Http2Errors.DataOnIdleStream);
        var rstOnIdle = new Rule(ReceiveAction.ConnectionProtocolError, Http2Errors.RstStreamOnIdleStream);
        var windowOnIdle = new Rule(ReceiveAction.ConnectionProtocolError, Http2Errors.WindowUpdateOnIdleStream);

        // RFC 9113 §5.1 half-closed (remote): "If an endpoint receives additional frames, other than WINDOW_UPDATE,
        // PRIORITY, or RST_STREAM, for a stream that is in this state, it MUST respond with a stream error
        // (Section 5.4.2) of type STREAM_CLOSED."
        var headersOnHalfClosed = new Rule(ReceiveAction.StreamClosed, Http2Errors.HeadersOnHalfClosedStream);

        // RFC 9113 §6.1: "If a DATA frame is received whose stream is not in the "open" or "half-closed (local)"
        // state, the recipient MUST respond with a stream error (Section 5.4.2) of type STREAM_CLOSED."
        var dataOnClosed = new Rule(ReceiveAction.StreamClosed, Http2Errors.DataOnClosedStream);

        // RFC 9113 §5.1 closed: "An endpoint that receives any frame other than PRIORITY after receiving a
        // RST_STREAM MUST treat that as a stream error (Section 5.4.2) of type STREAM_CLOSED."
        var afterReset = new Rule(ReceiveAction.StreamClosed, Http2Errors.FrameAfterReset);

        // RFC 9113 §5.1 closed: "An endpoint MAY treat receipt of any other type of frame on a closed stream as a
        // connection error (Section 5.4.1) of type STREAM_CLOSED"; a new field block there would also desynchronize
        // request processing, so HEADERS on a closed stream ends the connection.
        var headersOnClosed = new Rule(ReceiveAction.ConnectionStreamClosed, Http2Errors.HeadersOnClosedStream);

        // RFC 9113 §5.1.1: "An endpoint that receives an unexpected stream identifier MUST respond with a connection
        // error (Section 5.4.1) of type PROTOCOL_ERROR."
        var reusedIdentifier = new Rule(ReceiveAction.ConnectionProtocolError, Http2Errors.StreamIdNotIncreasing);

        var table = new Rule[8, 5];
        void Row(StreamCondition condition, Rule headers, Rule data, Rule rst, Rule priority, Rule window)
        {
            table[(int)condition, 0] = headers;
            table[(int)condition, 1] = data;
            table[(int)condition, 2] = rst;
            table[(int)condition, 3] = priority;
            table[(int)condition, 4] = window;
        }

        // | condition              | HEADERS              | DATA                 | RST_STREAM          | PRIORITY | WINDOW_UPDATE        |
        // |------------------------|----------------------|----------------------|---------------------|----------|----------------------|
        // | idle                   | accept (opens)       | conn PROTOCOL_ERROR  | conn PROTOCOL_ERROR | accept   | conn PROTOCOL_ERROR  |
        // | open                   | accept (trailers)    | accept               | accept              | accept   | accept               |
        // | half-closed (local)    | accept (trailers)    | accept               | accept              | accept   | accept               |
        // | half-closed (remote)   | stream STREAM_CLOSED | stream STREAM_CLOSED | accept              | accept   | accept               |
        // | closed by our reset    | ignore               | ignore               | ignore              | accept   | ignore               |
        // | closed by peer's reset | conn STREAM_CLOSED   | stream STREAM_CLOSED | ignore              | accept   | stream STREAM_CLOSED |
        // | closed                 | conn STREAM_CLOSED   | stream STREAM_CLOSED | ignore              | accept   | ignore               |
        // | skipped (§5.1.1)       | conn PROTOCOL_ERROR  | stream STREAM_CLOSED | ignore              | accept   | ignore               |
        Row(StreamCondition.Idle, accept, dataOnIdle, rstOnIdle, accept, windowOnIdle);
        Row(StreamCondition.Open, accept, accept, accept, accept, accept);
        Row(StreamCondition.HalfClosedLocal, accept, accept, accept, accept, accept);
        Row(StreamCondition.HalfClosedRemote, headersOnHalfClosed, dataOnClosed, accept, accept, accept);

        // RFC 9113 §5.1 closed: "An endpoint MUST ignore frames that it receives on closed streams after it has sent
        // a RST_STREAM frame."
        Row(StreamCondition.ClosedByLocalReset, ignore, ignore, ignore, accept, ignore);

        // RFC 9113 §5.4.2: "To avoid looping, an endpoint MUST NOT send a RST_STREAM in response to a RST_STREAM frame."
        Row(StreamCondition.ClosedByRemoteReset, headersOnClosed, afterReset, ignore, accept, afterReset);

        // RFC 9113 §5.1 closed: "Endpoints MUST ignore WINDOW_UPDATE or RST_STREAM frames received in this state".
        Row(StreamCondition.Closed, headersOnClosed, dataOnClosed, ignore, accept, ignore);
        Row(StreamCondition.Skipped, reusedIdentifier, dataOnClosed, ignore, accept, ignore);
        return table;
    }

    /// <summary>One cell: the action and, for errors, the reason.</summary>
    internal readonly record struct Rule(ReceiveAction Action, string? Reason);
}
