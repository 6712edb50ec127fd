namespace Roadrunner.Http2.Frames;

/// <summary>Setting identifiers (RFC 9113 §6.5.2, RFC 8441 §3, RFC 9218 §2.1), spelled as in the RFCs. Others are ignored (§6.5.2).</summary>
public enum Http2SettingsParameter : ushort
{
    /// <summary>Largest HPACK dynamic table the sender's decoder allows (initial 4096).</summary>
    SETTINGS_HEADER_TABLE_SIZE = 0x1,
    /// <summary>Whether server push is allowed (0 or 1; initial 1).</summary>
    SETTINGS_ENABLE_PUSH = 0x2,
    /// <summary>Most concurrent streams the sender allows its peer to open (initial unlimited).</summary>
    SETTINGS_MAX_CONCURRENT_STREAMS = 0x3,
    /// <summary>The sender's initial stream flow-control window (initial 65535, at most 2^31-1).</summary>
    SETTINGS_INITIAL_WINDOW_SIZE = 0x4,
    /// <summary>Largest frame payload the sender accepts (16384 to 16777215; initial 16384).</summary>
    SETTINGS_MAX_FRAME_SIZE = 0x5,
    /// <summary>Advisory largest field section the sender accepts (initial unlimited).</summary>
    SETTINGS_MAX_HEADER_LIST_SIZE = 0x6,
    /// <summary>RFC 8441: the server accepts extended CONNECT with <c>:protocol</c> (0 or 1).</summary>
    SETTINGS_ENABLE_CONNECT_PROTOCOL = 0x8,
    /// <summary>RFC 9218: the sender does not use RFC 7540 priorities (0 or 1).</summary>
    SETTINGS_NO_RFC7540_PRIORITIES = 0x9,
}
