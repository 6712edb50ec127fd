namespace Roadrunner.Http3.Frames;

/// <summary>Setting identifiers (RFC 9114 §7.2.4.1, §11.2.2; RFC 9204 §5; RFC 9220 §3; RFC 9297 §2.1.1).</summary>
internal static class Http3SettingId
{
    /// <summary>RFC 9204 §5: SETTINGS_QPACK_MAX_TABLE_CAPACITY.</summary>
    public const long QpackMaxTableCapacity = 0x01;

    /// <summary>§7.2.4.1: SETTINGS_MAX_FIELD_SECTION_SIZE.</summary>
    public const long MaxFieldSectionSize = 0x06;

    /// <summary>RFC 9204 §5: SETTINGS_QPACK_BLOCKED_STREAMS.</summary>
    public const long QpackBlockedStreams = 0x07;

    /// <summary>RFC 9220 §3: SETTINGS_ENABLE_CONNECT_PROTOCOL.</summary>
    public const long EnableConnectProtocol = 0x08;

    /// <summary>RFC 9297 §2.1.1: SETTINGS_H3_DATAGRAM.</summary>
    public const long H3Datagram = 0x33;

    /// <summary>
    /// §7.2.4.1: "Setting identifiers that were defined in [HTTP/2] where there is no corresponding HTTP/3 setting
    /// have also been reserved ... Their receipt MUST be treated as a connection error of type H3_SETTINGS_ERROR."
    /// Those are 0x02, 0x03, 0x04 and 0x05.
    /// </summary>
    public static bool IsHttp2Only(long id) => id is >= 0x02 and <= 0x05;
}
