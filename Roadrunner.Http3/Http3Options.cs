namespace Roadrunner.Http3;

/// <summary>
/// Settings we announce and bounds we enforce on one HTTP/3 connection. Every inbound size is bounded here and each
/// default is given on its property.
/// </summary>
/// <remarks>
/// Flow control is QUIC's, not HTTP/3's: the caller applies back-pressure by how fast it hands received octets to
/// <see cref="Http3Connection.Receive"/> and how fast it drains <see cref="Http3Connection.TryReadOutput"/>, and QUIC
/// stream and connection windows bound what the peer can send meanwhile.
/// </remarks>
public sealed record Http3Options
{
    /// <summary>Shared instance with the defaults.</summary>
    public static Http3Options Default { get; } = new();

    /// <summary>
    /// The largest encoded field section (a HEADERS frame payload) accepted: 16384 by default, the reference server's
    /// h2/h3 max_header_block. A larger request header section is skipped unread and reported as
    /// <see cref="Http3EventKind.HeaderSectionTooLarge"/> so the server can answer 431 without decoding it.
    /// </summary>
    public int MaxHeaderBlock { get; init; } = 16384;

    /// <summary>
    /// SETTINGS_MAX_FIELD_SECTION_SIZE we advertise (RFC 9114 §7.2.4.1) and enforce after decoding (name + value + 32
    /// per field line, §4.2.2); a larger request is reported as <see cref="Http3EventKind.HeaderSectionTooLarge"/>.
    /// Default 16384.
    /// </summary>
    public int MaxFieldSectionSize { get; init; } = 16384;

    /// <summary>
    /// How many request streams the peer may open at once. Enforced by the QUIC layer with MAX_STREAMS (RFC 9000 §4.6),
    /// not here; exposed so the caller configures QUIC from the same options. Default 100.
    /// </summary>
    public int MaxConcurrentStreams { get; init; } = 100;

    /// <summary>
    /// SETTINGS_QPACK_MAX_TABLE_CAPACITY we advertise (RFC 9204 §5): the dynamic table the peer's encoder may use
    /// against our decoder. Default 4096, as common HTTP/3 stacks use; 0 turns the dynamic table off.
    /// </summary>
    public int QpackMaxTableCapacity { get; init; } = 4096;

    /// <summary>
    /// SETTINGS_QPACK_BLOCKED_STREAMS we advertise (RFC 9204 §5): streams that may wait for inserts at once. Default 100,
    /// the same as <see cref="MaxConcurrentStreams"/>, so any open stream may block.
    /// </summary>
    public int QpackBlockedStreams { get; init; } = 100;

    /// <summary>
    /// The largest dynamic table our encoder uses, whatever the peer allows (the smaller of the two is used). Default
    /// 4096; 0 keeps our responses to the static table and literals.
    /// </summary>
    public int QpackEncoderMaxTableCapacity { get; init; } = 4096;

    /// <summary>
    /// The largest payload of a frame that is read whole on the control stream (SETTINGS, GOAWAY, MAX_PUSH_ID,
    /// CANCEL_PUSH): a larger one is a connection error H3_EXCESSIVE_LOAD. Default 4096; unknown frame types are
    /// skipped whatever their size.
    /// </summary>
    public int MaxControlFramePayload { get; init; } = 4096;

    /// <summary>
    /// The most octets kept for a request stream while its header section waits for QPACK inserts (RFC 9204 §2.1.2);
    /// more is a stream error H3_EXCESSIVE_LOAD. Default 65536.
    /// </summary>
    public int MaxBlockedStreamBuffer { get; init; } = 65536;

    /// <summary>SETTINGS_ENABLE_CONNECT_PROTOCOL (RFC 9220): accept extended CONNECT with <c>:protocol</c>, for WebSockets over HTTP/3. Default false.</summary>
    public bool EnableConnectProtocol { get; init; }

    /// <summary>
    /// The seed of the GREASE values we send (RFC 9114 §7.2.4.1, §7.2.8, §9): a reserved setting and a reserved frame
    /// type on the control stream. Null (the default) draws them at random; tests pass a seed.
    /// </summary>
    public int? GreaseSeed { get; init; }

    /// <summary>Throws when an option is out of range.</summary>
    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(MaxHeaderBlock);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxFieldSectionSize);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxConcurrentStreams);
        ArgumentOutOfRangeException.ThrowIfNegative(QpackMaxTableCapacity);
        ArgumentOutOfRangeException.ThrowIfNegative(QpackBlockedStreams);
        ArgumentOutOfRangeException.ThrowIfNegative(QpackEncoderMaxTableCapacity);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxControlFramePayload, 64);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxBlockedStreamBuffer);
    }
}
