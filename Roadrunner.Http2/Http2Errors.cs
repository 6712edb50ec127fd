namespace Roadrunner.Http2;

/// <summary>
/// The constant reasons carried by connection and stream errors, each naming the RFC rule that was broken. Compare
/// a reason with these (reference or ordinal equality) to tell errors apart.
/// </summary>
public static class Http2Errors
{
    // ---- Connection preface and frame format (RFC 9113 §3.4, §4) ----

    /// <summary>PROTOCOL_ERROR: the client's first 24 octets are not the connection preface.</summary>
    public const string PrefaceInvalid = "RFC 9113 §3.4: invalid connection preface";

    /// <summary>PROTOCOL_ERROR: the first frame of the peer's preface is not a SETTINGS frame.</summary>
    public const string FirstFrameNotSettings = "RFC 9113 §3.4: the connection preface does not continue with a SETTINGS frame";

    /// <summary>FRAME_SIZE_ERROR: a frame longer than the SETTINGS_MAX_FRAME_SIZE we advertised.</summary>
    public const string FrameTooLarge = "RFC 9113 §4.2: frame exceeds SETTINGS_MAX_FRAME_SIZE";

    /// <summary>FRAME_SIZE_ERROR: a frame too short for the fields its type and flags require.</summary>
    public const string FrameTooSmall = "RFC 9113 §4.2: frame too small to contain mandatory frame data";

    /// <summary>PROTOCOL_ERROR: a frame other than CONTINUATION for the same stream arrived inside a field block.</summary>
    public const string HeaderBlockInterrupted = "RFC 9113 §6.10: field block interrupted by a frame other than CONTINUATION on the same stream";

    // ---- Frame definitions (RFC 9113 §6) ----

    /// <summary>PROTOCOL_ERROR: the padding is as long as the payload or longer.</summary>
    public const string PaddingTooLong = "RFC 9113 §6.1: padding length is the length of the frame payload or greater";

    /// <summary>PROTOCOL_ERROR: DATA on stream 0.</summary>
    public const string DataOnStreamZero = "RFC 9113 §6.1: DATA frame with stream identifier 0";

    /// <summary>PROTOCOL_ERROR: HEADERS on stream 0.</summary>
    public const string HeadersOnStreamZero = "RFC 9113 §6.2: HEADERS frame with stream identifier 0";

    /// <summary>PROTOCOL_ERROR: PRIORITY on stream 0.</summary>
    public const string PriorityOnStreamZero = "RFC 9113 §6.3: PRIORITY frame with stream identifier 0";

    /// <summary>FRAME_SIZE_ERROR (stream): a PRIORITY frame whose length is not 5.</summary>
    public const string PriorityLength = "RFC 9113 §6.3: PRIORITY frame with a length other than 5 octets";

    /// <summary>PROTOCOL_ERROR (stream): a stream made dependent on itself.</summary>
    public const string PriorityDependsOnItself = "RFC 9113 §5.3.1: a stream cannot depend on itself";

    /// <summary>PROTOCOL_ERROR: RST_STREAM on stream 0.</summary>
    public const string RstStreamOnStreamZero = "RFC 9113 §6.4: RST_STREAM frame with stream identifier 0";

    /// <summary>FRAME_SIZE_ERROR: a RST_STREAM frame whose length is not 4.</summary>
    public const string RstStreamLength = "RFC 9113 §6.4: RST_STREAM frame with a length other than 4 octets";

    /// <summary>PROTOCOL_ERROR: RST_STREAM for a stream still idle.</summary>
    public const string RstStreamOnIdleStream = "RFC 9113 §6.4: RST_STREAM frame identifying an idle stream";

    /// <summary>PROTOCOL_ERROR: SETTINGS on a stream other than 0.</summary>
    public const string SettingsOnStream = "RFC 9113 §6.5: SETTINGS frame with a stream identifier other than 0";

    /// <summary>FRAME_SIZE_ERROR: a SETTINGS acknowledgment with a payload.</summary>
    public const string SettingsAckWithPayload = "RFC 9113 §6.5: SETTINGS frame with ACK and a non-empty payload";

    /// <summary>FRAME_SIZE_ERROR: a SETTINGS payload that is not a multiple of 6 octets.</summary>
    public const string SettingsLength = "RFC 9113 §6.5: SETTINGS frame length is not a multiple of 6 octets";

    /// <summary>PROTOCOL_ERROR: SETTINGS_ENABLE_PUSH other than 0 or 1.</summary>
    public const string SettingsEnablePushInvalid = "RFC 9113 §6.5.2: SETTINGS_ENABLE_PUSH other than 0 or 1";

    /// <summary>PROTOCOL_ERROR: a server announced SETTINGS_ENABLE_PUSH 1 (client role).</summary>
    public const string SettingsEnablePushFromServer = "RFC 9113 §6.5.2: a server sent SETTINGS_ENABLE_PUSH with the value 1";

    /// <summary>FLOW_CONTROL_ERROR: SETTINGS_INITIAL_WINDOW_SIZE above 2^31-1.</summary>
    public const string SettingsInitialWindowTooLarge = "RFC 9113 §6.5.2: SETTINGS_INITIAL_WINDOW_SIZE above 2^31-1";

    /// <summary>PROTOCOL_ERROR: SETTINGS_MAX_FRAME_SIZE outside 16384..16777215.</summary>
    public const string SettingsMaxFrameSizeInvalid = "RFC 9113 §6.5.2: SETTINGS_MAX_FRAME_SIZE outside 2^14..2^24-1";

    /// <summary>PROTOCOL_ERROR: SETTINGS_ENABLE_CONNECT_PROTOCOL other than 0 or 1.</summary>
    public const string SettingsEnableConnectProtocolInvalid = "RFC 8441 §3: SETTINGS_ENABLE_CONNECT_PROTOCOL other than 0 or 1";

    /// <summary>PROTOCOL_ERROR: SETTINGS_NO_RFC7540_PRIORITIES other than 0 or 1.</summary>
    public const string SettingsNoRfc7540PrioritiesInvalid = "RFC 9218 §2.1: SETTINGS_NO_RFC7540_PRIORITIES other than 0 or 1";

    /// <summary>SETTINGS_TIMEOUT: our SETTINGS were not acknowledged within <see cref="Http2Options.SettingsTimeout"/>.</summary>
    public const string SettingsTimeout = "RFC 9113 §6.5.3: SETTINGS not acknowledged in time";

    /// <summary>PROTOCOL_ERROR: PUSH_PROMISE on stream 0.</summary>
    public const string PushPromiseOnStreamZero = "RFC 9113 §6.6: PUSH_PROMISE frame with stream identifier 0";

    /// <summary>PROTOCOL_ERROR: a PUSH_PROMISE from a client, or to a client that disabled push.</summary>
    public const string PushPromiseNotAllowed = "RFC 9113 §8.4: PUSH_PROMISE received where push is not allowed";

    /// <summary>PROTOCOL_ERROR: PING on a stream other than 0.</summary>
    public const string PingOnStream = "RFC 9113 §6.7: PING frame with a stream identifier other than 0";

    /// <summary>FRAME_SIZE_ERROR: a PING payload that is not 8 octets.</summary>
    public const string PingLength = "RFC 9113 §6.7: PING frame with a length other than 8 octets";

    /// <summary>PROTOCOL_ERROR: GOAWAY on a stream other than 0.</summary>
    public const string GoAwayOnStream = "RFC 9113 §6.8: GOAWAY frame with a stream identifier other than 0";

    /// <summary>FRAME_SIZE_ERROR: a GOAWAY frame shorter than 8 octets.</summary>
    public const string GoAwayLength = "RFC 9113 §6.8: GOAWAY frame shorter than 8 octets";

    /// <summary>FRAME_SIZE_ERROR: a WINDOW_UPDATE payload that is not 4 octets.</summary>
    public const string WindowUpdateLength = "RFC 9113 §6.9: WINDOW_UPDATE frame with a length other than 4 octets";

    /// <summary>PROTOCOL_ERROR: a WINDOW_UPDATE increment of 0 (stream error on a stream, connection error on stream 0).</summary>
    public const string WindowUpdateZero = "RFC 9113 §6.9: WINDOW_UPDATE with a flow-control window increment of 0";

    /// <summary>PROTOCOL_ERROR: CONTINUATION on stream 0.</summary>
    public const string ContinuationOnStreamZero = "RFC 9113 §6.10: CONTINUATION frame with stream identifier 0";

    /// <summary>PROTOCOL_ERROR: CONTINUATION that does not follow a HEADERS or CONTINUATION frame without END_HEADERS.</summary>
    public const string ContinuationWithoutHeaders = "RFC 9113 §6.10: CONTINUATION not preceded by HEADERS or CONTINUATION without END_HEADERS";

    // ---- Streams (RFC 9113 §5.1) ----

    /// <summary>PROTOCOL_ERROR: a client opened a stream with an even identifier.</summary>
    public const string StreamIdEven = "RFC 9113 §5.1.1: stream initiated by a client with an even identifier";

    /// <summary>PROTOCOL_ERROR: a new stream identifier not greater than every one the peer used before.</summary>
    public const string StreamIdNotIncreasing = "RFC 9113 §5.1.1: new stream identifier not greater than all streams the peer opened";

    /// <summary>PROTOCOL_ERROR: HEADERS from a server on a stream the client never opened (client role).</summary>
    public const string StreamNotOpened = "RFC 9113 §5.1: HEADERS on a stream this endpoint did not open";

    /// <summary>PROTOCOL_ERROR: DATA on an idle stream.</summary>
    public const string DataOnIdleStream = "RFC 9113 §5.1: DATA frame on an idle stream";

    /// <summary>PROTOCOL_ERROR: WINDOW_UPDATE on an idle stream.</summary>
    public const string WindowUpdateOnIdleStream = "RFC 9113 §5.1: WINDOW_UPDATE frame on an idle stream";

    /// <summary>STREAM_CLOSED (stream): DATA on a stream that is neither open nor half-closed (local).</summary>
    public const string DataOnClosedStream = "RFC 9113 §6.1: DATA frame on a stream that is not open or half-closed (local)";

    /// <summary>STREAM_CLOSED (stream): HEADERS on a half-closed (remote) stream.</summary>
    public const string HeadersOnHalfClosedStream = "RFC 9113 §5.1: HEADERS frame on a half-closed (remote) stream";

    /// <summary>STREAM_CLOSED (connection): HEADERS on a closed stream.</summary>
    public const string HeadersOnClosedStream = "RFC 9113 §5.1: HEADERS frame on a closed stream";

    /// <summary>STREAM_CLOSED (stream): a frame other than PRIORITY after the peer reset the stream.</summary>
    public const string FrameAfterReset = "RFC 9113 §5.1: frame other than PRIORITY received after RST_STREAM";

    /// <summary>REFUSED_STREAM (stream): more concurrent streams than we advertised.</summary>
    public const string StreamRefused = "RFC 9113 §5.1.2: stream exceeds SETTINGS_MAX_CONCURRENT_STREAMS";

    // ---- Flow control (RFC 9113 §5.2, §6.9) ----

    /// <summary>FLOW_CONTROL_ERROR (connection): DATA beyond the connection window we granted.</summary>
    public const string ConnectionWindowExceeded = "RFC 9113 §6.9: DATA exceeds the connection flow-control window";

    /// <summary>FLOW_CONTROL_ERROR (stream): DATA beyond the stream window we granted.</summary>
    public const string StreamWindowExceeded = "RFC 9113 §6.9: DATA exceeds the stream flow-control window";

    /// <summary>FLOW_CONTROL_ERROR: a WINDOW_UPDATE that takes a window above 2^31-1.</summary>
    public const string WindowOverflow = "RFC 9113 §6.9.1: flow-control window above 2^31-1";

    /// <summary>FLOW_CONTROL_ERROR (connection): a SETTINGS_INITIAL_WINDOW_SIZE change that takes a stream window above 2^31-1.</summary>
    public const string InitialWindowOverflow = "RFC 9113 §6.9.2: SETTINGS_INITIAL_WINDOW_SIZE change makes a stream window exceed 2^31-1";

    // ---- Field blocks (RFC 9113 §4.3, §10.5.1) ----

    /// <summary>ENHANCE_YOUR_CALM: HEADERS plus CONTINUATION longer than <see cref="Http2Options.MaxHeaderBlockSize"/>.</summary>
    public const string HeaderBlockTooLarge = "RFC 9113 §10.5.1: field block larger than the limit";

    // ---- HTTP semantics (RFC 9113 §8) ----

    /// <summary>PROTOCOL_ERROR (stream): a second HEADERS without END_STREAM.</summary>
    public const string TrailersWithoutEndStream = "RFC 9113 §8.1: trailers HEADERS frame without END_STREAM";

    /// <summary>PROTOCOL_ERROR (stream): the DATA received differs from content-length.</summary>
    public const string ContentLengthMismatch = "RFC 9113 §8.1.1: DATA payload length differs from content-length";

    /// <summary>PROTOCOL_ERROR (stream): content-length is not a non-negative integer, or repeated with different values.</summary>
    public const string ContentLengthInvalid = "RFC 9110 §8.6: content-length is not a single non-negative integer";

    /// <summary>PROTOCOL_ERROR (stream): a field name with an uppercase letter.</summary>
    public const string FieldNameUppercase = "RFC 9113 §8.2.1: field name contains an uppercase character";

    /// <summary>PROTOCOL_ERROR (stream): a field name that is empty or holds a character outside a token.</summary>
    public const string FieldNameInvalid = "RFC 9113 §8.2.1: field name is empty or contains a character outside a token";

    /// <summary>PROTOCOL_ERROR (stream): a field value with NUL, CR or LF.</summary>
    public const string FieldValueInvalid = "RFC 9113 §8.2.1: field value contains NUL, CR or LF";

    /// <summary>PROTOCOL_ERROR (stream): a field value that starts or ends with SP or HTAB.</summary>
    public const string FieldValueWhitespace = "RFC 9113 §8.2.1: field value starts or ends with whitespace";

    /// <summary>PROTOCOL_ERROR (stream): connection, keep-alive, proxy-connection, transfer-encoding or upgrade.</summary>
    public const string ConnectionSpecificField = "RFC 9113 §8.2.2: connection-specific field";

    /// <summary>PROTOCOL_ERROR (stream): TE with a value other than "trailers".</summary>
    public const string TeNotTrailers = "RFC 9113 §8.2.2: TE field with a value other than \"trailers\"";

    /// <summary>PROTOCOL_ERROR (stream): a pseudo-header field after a regular field.</summary>
    public const string PseudoAfterRegular = "RFC 9113 §8.3: pseudo-header field after a regular field";

    /// <summary>PROTOCOL_ERROR (stream): an undefined pseudo-header field, or one that belongs to the other message kind.</summary>
    public const string PseudoUnknown = "RFC 9113 §8.3: undefined pseudo-header field, or one not allowed in this message";

    /// <summary>PROTOCOL_ERROR (stream): a pseudo-header field in trailers.</summary>
    public const string PseudoInTrailers = "RFC 9113 §8.1: pseudo-header field in trailers";

    /// <summary>PROTOCOL_ERROR (stream): a pseudo-header field given twice.</summary>
    public const string PseudoDuplicate = "RFC 9113 §8.3.1: pseudo-header field repeated";

    /// <summary>PROTOCOL_ERROR (stream): no :method.</summary>
    public const string MethodMissing = "RFC 9113 §8.3.1: request without :method";

    /// <summary>PROTOCOL_ERROR (stream): no :scheme outside CONNECT.</summary>
    public const string SchemeMissing = "RFC 9113 §8.3.1: request without :scheme";

    /// <summary>PROTOCOL_ERROR (stream): no :path outside CONNECT.</summary>
    public const string PathMissing = "RFC 9113 §8.3.1: request without :path";

    /// <summary>PROTOCOL_ERROR (stream): an empty :path.</summary>
    public const string PathEmpty = "RFC 9113 §8.3.1: empty :path";

    /// <summary>PROTOCOL_ERROR (stream): an http or https :path that is neither absolute nor "*" for OPTIONS.</summary>
    public const string PathInvalid = "RFC 9113 §8.3.1: :path of an http or https URI is neither an absolute path nor \"*\" for OPTIONS";

    /// <summary>PROTOCOL_ERROR (stream): CONNECT with :scheme or :path (and no :protocol).</summary>
    public const string ConnectWithSchemeOrPath = "RFC 9113 §8.5: CONNECT request with :scheme or :path";

    /// <summary>PROTOCOL_ERROR (stream): CONNECT without :authority.</summary>
    public const string ConnectWithoutAuthority = "RFC 9113 §8.5: CONNECT request without :authority";

    /// <summary>PROTOCOL_ERROR (stream): :protocol without extended CONNECT enabled, or with another method.</summary>
    public const string ProtocolNotAllowed = "RFC 8441 §4: :protocol outside an extended CONNECT request";

    /// <summary>PROTOCOL_ERROR (stream): Host names another authority than :authority.</summary>
    public const string HostMismatch = "RFC 9113 §8.3.1: Host field differs from :authority";

    /// <summary>PROTOCOL_ERROR (stream, client role): a response without a valid :status.</summary>
    public const string StatusInvalid = "RFC 9113 §8.3.2: response without a valid :status";

    // ---- Abuse bounds (RFC 9113 §10.5) ----

    /// <summary>ENHANCE_YOUR_CALM: more stream resets than <see cref="Http2Options.MaxResetsPerInterval"/>.</summary>
    public const string RapidReset = "RFC 9113 §10.5: too many streams reset in an interval (rapid reset, CVE-2023-44487)";

    /// <summary>ENHANCE_YOUR_CALM: more SETTINGS than <see cref="Http2Options.MaxSettingsPerInterval"/>.</summary>
    public const string SettingsFlood = "RFC 9113 §10.5: too many SETTINGS frames in an interval";

    /// <summary>ENHANCE_YOUR_CALM: more PING than <see cref="Http2Options.MaxPingsPerInterval"/>.</summary>
    public const string PingFlood = "RFC 9113 §10.5: too many PING frames in an interval";

    /// <summary>ENHANCE_YOUR_CALM: more empty frames than <see cref="Http2Options.MaxEmptyFramesPerInterval"/>.</summary>
    public const string EmptyFrameFlood = "RFC 9113 §10.5: too many empty DATA, HEADERS or CONTINUATION frames in an interval";
}
