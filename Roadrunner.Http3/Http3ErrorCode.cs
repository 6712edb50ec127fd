namespace Roadrunner.Http3;

/// <summary>
/// HTTP/3 error codes (RFC 9114 §8.1), carried in CONNECTION_CLOSE, RESET_STREAM and STOP_SENDING. The QPACK codes
/// 0x200 to 0x202 (RFC 9204 §6, <see cref="Roadrunner.Qpack.QpackErrorCode"/>) travel in the same space and appear
/// here as those numeric values.
/// </summary>
public enum Http3ErrorCode : ulong
{
    /// <summary>No error. This is used when the connection or stream needs to be closed, but there is no error to signal.</summary>
    H3_NO_ERROR = 0x0100,

    /// <summary>Peer violated protocol requirements in a way that does not match a more specific error code.</summary>
    H3_GENERAL_PROTOCOL_ERROR = 0x0101,

    /// <summary>An internal error has occurred in the HTTP stack.</summary>
    H3_INTERNAL_ERROR = 0x0102,

    /// <summary>The endpoint detected that its peer created a stream that it will not accept.</summary>
    H3_STREAM_CREATION_ERROR = 0x0103,

    /// <summary>A stream required by the HTTP/3 connection was closed or reset.</summary>
    H3_CLOSED_CRITICAL_STREAM = 0x0104,

    /// <summary>A frame was received that is not permitted in the current state or on the current stream.</summary>
    H3_FRAME_UNEXPECTED = 0x0105,

    /// <summary>A frame that fails to satisfy layout requirements or with an invalid size was received.</summary>
    H3_FRAME_ERROR = 0x0106,

    /// <summary>The endpoint detected that its peer is exhibiting a behavior that might be generating excessive load.</summary>
    H3_EXCESSIVE_LOAD = 0x0107,

    /// <summary>A stream ID or push ID was used incorrectly, such as exceeding a limit, reducing a limit, or being reused.</summary>
    H3_ID_ERROR = 0x0108,

    /// <summary>An endpoint detected an error in the payload of a SETTINGS frame.</summary>
    H3_SETTINGS_ERROR = 0x0109,

    /// <summary>No SETTINGS frame was received at the beginning of the control stream.</summary>
    H3_MISSING_SETTINGS = 0x010a,

    /// <summary>A server rejected a request without performing any application processing.</summary>
    H3_REQUEST_REJECTED = 0x010b,

    /// <summary>The request or its response (including pushed response) is cancelled.</summary>
    H3_REQUEST_CANCELLED = 0x010c,

    /// <summary>The client's stream terminated without containing a fully formed request.</summary>
    H3_REQUEST_INCOMPLETE = 0x010d,

    /// <summary>An HTTP message was malformed and cannot be processed.</summary>
    H3_MESSAGE_ERROR = 0x010e,

    /// <summary>The TCP connection established in response to a CONNECT request was reset or abnormally closed.</summary>
    H3_CONNECT_ERROR = 0x010f,

    /// <summary>The requested operation cannot be served over HTTP/3. The peer should retry over HTTP/1.1.</summary>
    H3_VERSION_FALLBACK = 0x0110,

    /// <summary>RFC 9204 §6: the decoder failed to interpret an encoded field section.</summary>
    QPACK_DECOMPRESSION_FAILED = 0x0200,

    /// <summary>RFC 9204 §6: the decoder failed to interpret an encoder instruction received on the encoder stream.</summary>
    QPACK_ENCODER_STREAM_ERROR = 0x0201,

    /// <summary>RFC 9204 §6: the encoder failed to interpret a decoder instruction received on the decoder stream.</summary>
    QPACK_DECODER_STREAM_ERROR = 0x0202,
}
