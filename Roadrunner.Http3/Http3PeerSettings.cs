namespace Roadrunner.Http3;

/// <summary>The peer's SETTINGS (RFC 9114 §7.2.4), with the values in force before they arrive (§7.2.4.2).</summary>
/// <param name="MaxFieldSectionSize">SETTINGS_MAX_FIELD_SECTION_SIZE; unlimited (long.MaxValue) when absent.</param>
/// <param name="QpackMaxTableCapacity">SETTINGS_QPACK_MAX_TABLE_CAPACITY; 0 when absent.</param>
/// <param name="QpackBlockedStreams">SETTINGS_QPACK_BLOCKED_STREAMS; 0 when absent.</param>
/// <param name="EnableConnectProtocol">SETTINGS_ENABLE_CONNECT_PROTOCOL = 1 (RFC 9220).</param>
/// <param name="H3Datagram">SETTINGS_H3_DATAGRAM = 1 (RFC 9297).</param>
public readonly record struct Http3PeerSettings(long MaxFieldSectionSize, long QpackMaxTableCapacity, long QpackBlockedStreams, bool EnableConnectProtocol, bool H3Datagram)
{
    /// <summary>The values before the peer's SETTINGS arrive.</summary>
    public static readonly Http3PeerSettings Initial = new(long.MaxValue, 0, 0, false, false);
}
