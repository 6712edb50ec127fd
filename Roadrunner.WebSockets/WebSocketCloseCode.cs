namespace Roadrunner.WebSockets;

/// <summary>
/// Close status codes (RFC 6455 §7.4.1, IANA "WebSocket Close Code Number Registry"). Application codes
/// 3000–4999 (§7.4.2) have no name here but are carried as values of this type.
/// </summary>
public enum WebSocketCloseCode : ushort
{
    /// <summary>1000: the purpose for which the connection was established has been fulfilled.</summary>
    NormalClosure = 1000,
    /// <summary>1001: an endpoint is going away (server going down, browser navigating away).</summary>
    GoingAway = 1001,
    /// <summary>1002: the connection is terminated because of a protocol error.</summary>
    ProtocolError = 1002,
    /// <summary>1003: a data type was received that the endpoint cannot accept.</summary>
    UnsupportedData = 1003,
    /// <summary>1005: reserved, never sent; reports a Close frame that carried no status code.</summary>
    NoStatusReceived = 1005,
    /// <summary>1006: reserved, never sent; reports a connection that ended without a Close frame.</summary>
    AbnormalClosure = 1006,
    /// <summary>1007: data within a message was not consistent with its type (e.g. non-UTF-8 text).</summary>
    InvalidFramePayloadData = 1007,
    /// <summary>1008: a message violates the endpoint's policy.</summary>
    PolicyViolation = 1008,
    /// <summary>1009: a message is too big to process.</summary>
    MessageTooBig = 1009,
    /// <summary>1010: (client) the server did not negotiate an extension the client requires.</summary>
    MandatoryExtension = 1010,
    /// <summary>1011: (server) an unexpected condition prevented the request from being fulfilled.</summary>
    InternalError = 1011,
    /// <summary>1012: the service is restarting.</summary>
    ServiceRestart = 1012,
    /// <summary>1013: try again later (temporary overload).</summary>
    TryAgainLater = 1013,
    /// <summary>1014: a gateway or proxy received an invalid response from upstream.</summary>
    BadGateway = 1014,
    /// <summary>1015: reserved, never sent; reports a failed TLS handshake.</summary>
    TlsHandshake = 1015,
}
