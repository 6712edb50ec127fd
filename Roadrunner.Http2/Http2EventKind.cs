namespace Roadrunner.Http2;

/// <summary>What an <see cref="Http2Event"/> reports; each names the members of the event it fills.</summary>
public enum Http2EventKind
{
    /// <summary>No event (a default value).</summary>
    None,

    /// <summary>
    /// Server role: a valid request's header section opened a stream. <see cref="Http2Event.StreamId"/>,
    /// <see cref="Http2Event.Headers"/>, <see cref="Http2Event.EndStream"/> (no content follows).
    /// </summary>
    RequestHeadersReceived,

    /// <summary>
    /// Client role: a response header section, interim (1xx) or final. <see cref="Http2Event.StreamId"/>,
    /// <see cref="Http2Event.Headers"/> (<see cref="Http2HeaderList.Status"/>), <see cref="Http2Event.EndStream"/>.
    /// </summary>
    ResponseHeadersReceived,

    /// <summary>A trailer section, which always ends the stream. <see cref="Http2Event.StreamId"/>, <see cref="Http2Event.Headers"/>.</summary>
    TrailersReceived,

    /// <summary>
    /// Content. <see cref="Http2Event.StreamId"/>, <see cref="Http2Event.Data"/> (possibly empty),
    /// <see cref="Http2Event.EndStream"/>. Hand the byte count to <see cref="Http2Connection.ConsumeData"/> once
    /// the application has taken it, to reopen the flow-control window.
    /// </summary>
    DataReceived,

    /// <summary>
    /// Server role: the request's field section exceeds <see cref="Http2Options.MaxHeaderListSize"/>. The stream stays
    /// open and its content is discarded: answer 431 with <see cref="Http2Connection.SendHeaders"/> (which then resets
    /// the unfinished request with NO_ERROR) or call <see cref="Http2Connection.ResetStream"/>. <see cref="Http2Event.StreamId"/>, <see cref="Http2Event.EndStream"/>.
    /// </summary>
    HeaderListTooLarge,

    /// <summary>The peer reset a stream with RST_STREAM. <see cref="Http2Event.StreamId"/>, <see cref="Http2Event.ErrorCode"/>.</summary>
    StreamReset,

    /// <summary>
    /// We reset a stream because of a stream error (malformed request, flow control, refused...). The stream may be
    /// one the application never saw. <see cref="Http2Event.StreamId"/>, <see cref="Http2Event.ErrorCode"/>, <see cref="Http2Event.Reason"/>.
    /// </summary>
    StreamError,

    /// <summary>
    /// A stream that could not take all the data offered to <see cref="Http2Connection.SendData"/> can take more
    /// now. <see cref="Http2Event.StreamId"/>.
    /// </summary>
    WindowAvailable,

    /// <summary>The peer's SETTINGS were applied and acknowledged; see <see cref="Http2Connection.PeerSettings"/>.</summary>
    SettingsChanged,

    /// <summary>The peer acknowledged our SETTINGS.</summary>
    SettingsAcknowledged,

    /// <summary>The peer sent a PING; the acknowledgment is already queued. <see cref="Http2Event.Data"/> holds the 8 octets.</summary>
    PingReceived,

    /// <summary>The peer acknowledged a PING of ours. <see cref="Http2Event.Data"/> holds the 8 octets.</summary>
    PingAcknowledged,

    /// <summary>
    /// The peer sent GOAWAY: no new streams will be accepted past <see cref="Http2Event.LastStreamId"/>.
    /// <see cref="Http2Event.ErrorCode"/>, <see cref="Http2Event.Data"/> (debug data).
    /// </summary>
    GoAwayReceived,

    /// <summary>
    /// The connection failed: a GOAWAY with <see cref="Http2Event.ErrorCode"/> and <see cref="Http2Event.Reason"/> is
    /// queued. Write the pending output, then close the transport. Reported once.
    /// </summary>
    ConnectionClosed,
}
