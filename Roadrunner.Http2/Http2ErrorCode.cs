namespace Roadrunner.Http2;

/// <summary>HTTP/2 error codes (RFC 9113 §7), spelled as in the RFC.</summary>
public enum Http2ErrorCode : uint
{
    /// <summary>Graceful shutdown or no error.</summary>
    NO_ERROR = 0x0,
    /// <summary>Protocol error detected.</summary>
    PROTOCOL_ERROR = 0x1,
    /// <summary>Implementation fault.</summary>
    INTERNAL_ERROR = 0x2,
    /// <summary>Flow-control limits exceeded.</summary>
    FLOW_CONTROL_ERROR = 0x3,
    /// <summary>Settings not acknowledged.</summary>
    SETTINGS_TIMEOUT = 0x4,
    /// <summary>Frame received for closed stream.</summary>
    STREAM_CLOSED = 0x5,
    /// <summary>Frame size incorrect.</summary>
    FRAME_SIZE_ERROR = 0x6,
    /// <summary>Stream not processed.</summary>
    REFUSED_STREAM = 0x7,
    /// <summary>Stream cancelled.</summary>
    CANCEL = 0x8,
    /// <summary>Compression state not updated.</summary>
    COMPRESSION_ERROR = 0x9,
    /// <summary>TCP connection error for CONNECT method.</summary>
    CONNECT_ERROR = 0xa,
    /// <summary>Processing capacity exceeded.</summary>
    ENHANCE_YOUR_CALM = 0xb,
    /// <summary>Negotiated TLS parameters not acceptable.</summary>
    INADEQUATE_SECURITY = 0xc,
    /// <summary>Use HTTP/1.1 for the request.</summary>
    HTTP_1_1_REQUIRED = 0xd,
}
