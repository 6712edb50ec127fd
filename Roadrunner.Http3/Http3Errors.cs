namespace Roadrunner.Http3;

/// <summary>
/// The constant reasons carried by <see cref="Http3Error.Reason"/> and events, each naming the RFC rule that was
/// broken. Compare with these (reference or ordinal equality) to tell rejections apart.
/// </summary>
public static class Http3Errors
{
    // ---- Frames (§7) ----

    /// <summary>§7.1: "When a stream terminates cleanly, if the last frame on the stream was truncated, this MUST be treated as a connection error of type H3_FRAME_ERROR."</summary>
    public const string FrameTruncated = "RFC 9114 §7.1: stream ends inside a frame";

    /// <summary>§7.1: a frame payload with bytes left over after its fields, or ending before them, is H3_FRAME_ERROR.</summary>
    public const string FramePayloadMalformed = "RFC 9114 §7.1: frame payload does not hold exactly its fields";

    /// <summary>A control-stream frame larger than this implementation accepts (§10.5: excessive load).</summary>
    public const string ControlFrameTooLarge = "RFC 9114 §10.5: control frame larger than the implementation limit";

    /// <summary>§7.2.8: HTTP/2 frame types 0x02, 0x06, 0x08, 0x09 "MUST be treated as a connection error of type H3_FRAME_UNEXPECTED".</summary>
    public const string Http2FrameType = "RFC 9114 §7.2.8: HTTP/2 frame type received";

    /// <summary>§6.2.1: "If the first frame of the control stream is any other frame type, this MUST be treated as a connection error of type H3_MISSING_SETTINGS."</summary>
    public const string MissingSettings = "RFC 9114 §6.2.1: first frame on the control stream is not SETTINGS";

    /// <summary>§7.2.4: "If an endpoint receives a second SETTINGS frame on the control stream, the endpoint MUST respond with a connection error of type H3_FRAME_UNEXPECTED."</summary>
    public const string SecondSettings = "RFC 9114 §7.2.4: second SETTINGS frame";

    /// <summary>§7.2.1, §7.2.2: DATA and HEADERS on the control stream are H3_FRAME_UNEXPECTED.</summary>
    public const string MessageFrameOnControl = "RFC 9114 §7.2.1: DATA or HEADERS frame on the control stream";

    /// <summary>§7.2.5: PUSH_PROMISE is only sent by a server on a request stream.</summary>
    public const string PushPromiseUnexpected = "RFC 9114 §7.2.5: PUSH_PROMISE received where it is not allowed";

    /// <summary>§7.2.3, §7.2.4, §7.2.6, §7.2.7: CANCEL_PUSH, SETTINGS, GOAWAY and MAX_PUSH_ID belong on the control stream.</summary>
    public const string ControlFrameOnRequest = "RFC 9114 §7.2: control frame on a request stream";

    /// <summary>§4.1: "Receipt of an invalid sequence of frames MUST be treated as a connection error of type H3_FRAME_UNEXPECTED."</summary>
    public const string FrameSequenceInvalid = "RFC 9114 §4.1: invalid sequence of frames on a request stream";

    /// <summary>§7.2.7: "A client MUST treat the receipt of a MAX_PUSH_ID frame as a connection error of type H3_FRAME_UNEXPECTED."</summary>
    public const string MaxPushIdFromServer = "RFC 9114 §7.2.7: MAX_PUSH_ID received by a client";

    // ---- SETTINGS (§7.2.4) ----

    /// <summary>§7.2.4: "The same setting identifier MUST NOT occur more than once in the SETTINGS frame."</summary>
    public const string SettingDuplicate = "RFC 9114 §7.2.4: setting identifier repeated";

    /// <summary>§7.2.4.1: HTTP/2 setting identifiers 0x02 to 0x05 are H3_SETTINGS_ERROR.</summary>
    public const string SettingHttp2 = "RFC 9114 §7.2.4.1: HTTP/2 setting identifier received";

    /// <summary>RFC 9220 §3, RFC 9297 §2.1.1: a boolean setting other than 0 or 1.</summary>
    public const string SettingValueInvalid = "RFC 9220 §3 / RFC 9297 §2.1.1: boolean setting other than 0 or 1";

    // ---- Streams (§6) ----

    /// <summary>§6.2.1: "Only one control stream per peer is permitted; receipt of a second stream claiming to be a control stream MUST be treated as a connection error of type H3_STREAM_CREATION_ERROR."</summary>
    public const string SecondControlStream = "RFC 9114 §6.2.1: second control stream";

    /// <summary>RFC 9204 §4.2: "Receipt of a second instance of either stream type MUST be treated as a connection error of type H3_STREAM_CREATION_ERROR."</summary>
    public const string SecondQpackStream = "RFC 9204 §4.2: second encoder or decoder stream";

    /// <summary>§6.2.2: "Only servers can push; if a server receives a client-initiated push stream, this MUST be treated as a connection error of type H3_STREAM_CREATION_ERROR."</summary>
    public const string PushStreamFromClient = "RFC 9114 §6.2.2: push stream opened by a client";

    /// <summary>§4.6: "A client MUST treat receipt of a push stream as a connection error of type H3_ID_ERROR when no MAX_PUSH_ID frame has been sent".</summary>
    public const string PushWithoutMaxPushId = "RFC 9114 §4.6: push without MAX_PUSH_ID";

    /// <summary>§6.2.1, RFC 9204 §4.2: "If either control stream is closed at any point, this MUST be treated as a connection error of type H3_CLOSED_CRITICAL_STREAM."</summary>
    public const string CriticalStreamClosed = "RFC 9114 §6.2.1: critical stream closed";

    /// <summary>§6.1: "Clients MUST treat receipt of a server-initiated bidirectional stream as a connection error of type H3_STREAM_CREATION_ERROR".</summary>
    public const string ServerBidirectionalStream = "RFC 9114 §6.1: server-initiated bidirectional stream";

    /// <summary>§6.2: reading of a unidirectional stream of unknown type was aborted (STOP_SENDING H3_STREAM_CREATION_ERROR).</summary>
    public const string UnknownStreamType = "RFC 9114 §6.2: unknown unidirectional stream type";

    // ---- GOAWAY / push IDs (§5.2, §7.2) ----

    /// <summary>§5.2: "Receiving a GOAWAY containing a larger identifier than previously received MUST be treated as a connection error of type H3_ID_ERROR."</summary>
    public const string GoAwayIncreased = "RFC 9114 §5.2: GOAWAY identifier larger than a previous one";

    /// <summary>§7.2.6: "A client receiving a GOAWAY frame containing a stream ID of any other type MUST treat this as a connection error of type H3_ID_ERROR."</summary>
    public const string GoAwayNotRequestStream = "RFC 9114 §7.2.6: GOAWAY stream ID is not a client-initiated bidirectional stream";

    /// <summary>§7.2.7: "Receipt of a MAX_PUSH_ID frame that contains a smaller value than previously received MUST be treated as a connection error of type H3_ID_ERROR."</summary>
    public const string MaxPushIdDecreased = "RFC 9114 §7.2.7: MAX_PUSH_ID reduced";

    /// <summary>§7.2.3, §7.2.5: a push ID greater than the maximum push ID allowed.</summary>
    public const string PushIdTooLarge = "RFC 9114 §7.2.3: push ID greater than allowed";

    // ---- Requests (§4) ----

    /// <summary>§4.1.2: the stream ended without a complete request (H3_REQUEST_INCOMPLETE).</summary>
    public const string RequestIncomplete = "RFC 9114 §4.1.2: request stream ended without a complete request";

    /// <summary>§5.2: a request on a stream at or past the GOAWAY identifier is rejected (H3_REQUEST_REJECTED).</summary>
    public const string RequestAfterGoAway = "RFC 9114 §5.2: request on a stream past the GOAWAY identifier";

    /// <summary>§4.2: "Characters in field names MUST be converted to lowercase ... A request or response containing uppercase characters in field names MUST be treated as malformed."</summary>
    public const string FieldNameUppercase = "RFC 9114 §4.2: uppercase character in a field name";

    /// <summary>§4.2, RFC 9110 §5.1: a field name that is empty or holds a character outside tchar.</summary>
    public const string FieldNameInvalid = "RFC 9114 §4.2: invalid character in a field name";

    /// <summary>§4.2: a field value holding NUL, CR or LF, or starting or ending with whitespace.</summary>
    public const string FieldValueInvalid = "RFC 9114 §4.2: invalid field value";

    /// <summary>§4.2: "An endpoint MUST NOT generate an HTTP/3 field section containing connection-specific fields; any message containing connection-specific fields MUST be treated as malformed."</summary>
    public const string ConnectionSpecificField = "RFC 9114 §4.2: connection-specific field";

    /// <summary>§4.2: "The only exception to this is the TE header field, which MAY be present in an HTTP/3 request header; when it is, it MUST NOT contain any value other than "trailers"."</summary>
    public const string TeNotTrailers = "RFC 9114 §4.2: TE field with a value other than trailers";

    /// <summary>§4.3: "All pseudo-header fields MUST appear in the header section before regular fields."</summary>
    public const string PseudoAfterRegular = "RFC 9114 §4.3: pseudo-header field after a regular field";

    /// <summary>§4.3: "Endpoints MUST treat a request or response that contains undefined or invalid pseudo-header fields as malformed."</summary>
    public const string PseudoUnknown = "RFC 9114 §4.3: undefined or misplaced pseudo-header field";

    /// <summary>§4.3.1: "the same pseudo-header field name MUST NOT appear more than once".</summary>
    public const string PseudoDuplicate = "RFC 9114 §4.3.1: pseudo-header field repeated";

    /// <summary>§4.3: "Pseudo-header fields MUST NOT appear in trailer sections."</summary>
    public const string PseudoInTrailers = "RFC 9114 §4.3: pseudo-header field in trailers";

    /// <summary>§4.3.1: ":method" is required.</summary>
    public const string MethodMissing = "RFC 9114 §4.3.1: :method missing";

    /// <summary>§4.3.1: ":scheme" is required outside CONNECT.</summary>
    public const string SchemeMissing = "RFC 9114 §4.3.1: :scheme missing";

    /// <summary>§4.3.1: ":path" is required outside CONNECT.</summary>
    public const string PathMissing = "RFC 9114 §4.3.1: :path missing";

    /// <summary>§4.3.1: ":path ... MUST NOT be empty for "http" or "https" URIs"; it starts with "/" or is "*" for OPTIONS.</summary>
    public const string PathInvalid = "RFC 9114 §4.3.1: :path empty or not origin-form";

    /// <summary>§4.3.1: "If the :scheme pseudo-header field identifies a scheme that has a mandatory authority component (including "http" and "https"), the request MUST contain either an :authority pseudo-header field or a Host header field."</summary>
    public const string AuthorityMissing = "RFC 9114 §4.3.1: no :authority or Host for a scheme that has an authority";

    /// <summary>§4.3.1: ":authority ... MUST NOT include the deprecated userinfo subcomponent"; Host and :authority must agree.</summary>
    public const string AuthorityInvalid = "RFC 9114 §4.3.1: :authority with userinfo, or differing from Host";

    /// <summary>§4.4: CONNECT: "The :scheme and :path pseudo-header fields are omitted"; ":authority ... contains the host and port to connect to".</summary>
    public const string ConnectInvalid = "RFC 9114 §4.4: CONNECT with :scheme or :path, or without :authority";

    /// <summary>RFC 9220 §3: ":protocol" only with CONNECT, and only when SETTINGS_ENABLE_CONNECT_PROTOCOL was sent.</summary>
    public const string ProtocolNotAllowed = "RFC 9220 §3: :protocol without CONNECT or without SETTINGS_ENABLE_CONNECT_PROTOCOL";

    /// <summary>§4.3.2: a response needs exactly one valid ":status".</summary>
    public const string StatusInvalid = "RFC 9114 §4.3.2: :status missing or invalid";

    /// <summary>RFC 9110 §8.6: content-length not a number, or values that differ.</summary>
    public const string ContentLengthInvalid = "RFC 9110 §8.6: invalid content-length";

    /// <summary>§4.1.2: "A request or response that is defined as having content when it contains a Content-Length header field is malformed if the value of the Content-Length header field does not equal the sum of the DATA frame lengths received."</summary>
    public const string ContentLengthMismatch = "RFC 9114 §4.1.2: DATA lengths differ from content-length";

    /// <summary>A trailer section larger than the limits.</summary>
    public const string TrailersTooLarge = "RFC 9114 §4.2.2: trailer section larger than the limit";

    /// <summary>Input kept for a stream whose field section waits for QPACK inserts grew past the bound.</summary>
    public const string BlockedInputTooLarge = "RFC 9204 §2.1.2: input of a blocked stream past the buffering bound";

    /// <summary>The application closed the connection.</summary>
    public const string Aborted = "closed by the application";
}
