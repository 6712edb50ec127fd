namespace Roadrunner.Http2.Frames;

/// <summary>Frame types defined by RFC 9113 §6, spelled as in the RFC. Other values are extension frames (§5.5).</summary>
public enum Http2FrameType : byte
{
    /// <summary>§6.1: request or response content.</summary>
    DATA = 0x00,
    /// <summary>§6.2: opens a stream and carries a field block fragment.</summary>
    HEADERS = 0x01,
    /// <summary>§6.3: deprecated priority signal, still parsed.</summary>
    PRIORITY = 0x02,
    /// <summary>§6.4: immediate termination of a stream.</summary>
    RST_STREAM = 0x03,
    /// <summary>§6.5: configuration parameters.</summary>
    SETTINGS = 0x04,
    /// <summary>§6.6: server push (never accepted by this implementation).</summary>
    PUSH_PROMISE = 0x05,
    /// <summary>§6.7: round-trip measurement and liveness.</summary>
    PING = 0x06,
    /// <summary>§6.8: connection shutdown.</summary>
    GOAWAY = 0x07,
    /// <summary>§6.9: flow-control credit.</summary>
    WINDOW_UPDATE = 0x08,
    /// <summary>§6.10: continues a field block.</summary>
    CONTINUATION = 0x09,
}
