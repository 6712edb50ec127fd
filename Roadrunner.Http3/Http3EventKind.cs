namespace Roadrunner.Http3;

/// <summary>What an <see cref="Http3Event"/> reports; each names the members of the event it fills.</summary>
public enum Http3EventKind
{
    /// <summary>No event (a default value).</summary>
    None,

    /// <summary>
    /// Server role: a valid request header section. <see cref="Http3Event.StreamId"/>, <see cref="Http3Event.Headers"/>,
    /// <see cref="Http3Event.EndStream"/> (no content follows).
    /// </summary>
    RequestHeadersReceived,

    /// <summary>
    /// Client role: a response header section, interim (1xx) or final. <see cref="Http3Event.StreamId"/>,
    /// <see cref="Http3Event.Headers"/> (<see cref="Http3HeaderList.Status"/>), <see cref="Http3Event.EndStream"/>.
    /// </summary>
    ResponseHeadersReceived,

    /// <summary>A trailer section. <see cref="Http3Event.StreamId"/>, <see cref="Http3Event.Headers"/>, <see cref="Http3Event.EndStream"/>.</summary>
    TrailersReceived,

    /// <summary>Content. <see cref="Http3Event.StreamId"/>, <see cref="Http3Event.Data"/> (possibly empty), <see cref="Http3Event.EndStream"/>.</summary>
    DataReceived,

    /// <summary>
    /// Server role: the request's header section is larger than <see cref="Http3Options.MaxHeaderBlock"/> (encoded) or
    /// <see cref="Http3Options.MaxFieldSectionSize"/> (decoded). The stream stays open and its content is discarded:
    /// answer 431 with <see cref="Http3Connection.SendHeaders"/> or call <see cref="Http3Connection.ResetStream"/>.
    /// <see cref="Http3Event.StreamId"/>.
    /// </summary>
    HeaderSectionTooLarge,

    /// <summary>The peer reset its sending side of a stream (QUIC RESET_STREAM). <see cref="Http3Event.StreamId"/>, <see cref="Http3Event.ErrorCode"/>.</summary>
    StreamReset,

    /// <summary>
    /// The peer asked us to stop sending on a stream (QUIC STOP_SENDING); a RESET_STREAM with the same code is
    /// already queued. <see cref="Http3Event.StreamId"/>, <see cref="Http3Event.ErrorCode"/>.
    /// </summary>
    StopSendingReceived,

    /// <summary>
    /// We reset a stream because of a stream error (malformed request, incomplete request, rejected...). RESET_STREAM
    /// and STOP_SENDING are queued. <see cref="Http3Event.StreamId"/>, <see cref="Http3Event.ErrorCode"/>, <see cref="Http3Event.Reason"/>.
    /// </summary>
    StreamError,

    /// <summary>The peer's SETTINGS arrived and were applied; see <see cref="Http3Connection.PeerSettings"/>.</summary>
    SettingsReceived,

    /// <summary>
    /// The peer sent GOAWAY (§5.2). <see cref="Http3Event.Id"/>: a server's is the first request stream it will not
    /// process; a client's is a push ID.
    /// </summary>
    GoAwayReceived,

    /// <summary>
    /// The connection failed: a CONNECTION_CLOSE with <see cref="Http3Event.ErrorCode"/> and <see cref="Http3Event.Reason"/>
    /// is queued as output. Reported once.
    /// </summary>
    ConnectionError,
}
