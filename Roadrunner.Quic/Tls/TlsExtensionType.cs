namespace Roadrunner.Quic.Tls;

/// <summary>The ExtensionType values (RFC 8446 §4.2, RFC 9001 §8.2) the handshake reads or writes.</summary>
internal static class TlsExtensionType
{
    /// <summary>server_name (RFC 6066 §3).</summary>
    public const ushort ServerName = 0;

    /// <summary>supported_groups (RFC 8446 §4.2.7).</summary>
    public const ushort SupportedGroups = 10;

    /// <summary>signature_algorithms (RFC 8446 §4.2.3).</summary>
    public const ushort SignatureAlgorithms = 13;

    /// <summary>application_layer_protocol_negotiation (RFC 7301).</summary>
    public const ushort ApplicationLayerProtocolNegotiation = 16;

    /// <summary>pre_shared_key (RFC 8446 §4.2.11): ignored, no resumption.</summary>
    public const ushort PreSharedKey = 41;

    /// <summary>early_data (RFC 8446 §4.2.10): ignored, no 0-RTT.</summary>
    public const ushort EarlyData = 42;

    /// <summary>supported_versions (RFC 8446 §4.2.1).</summary>
    public const ushort SupportedVersions = 43;

    /// <summary>cookie (RFC 8446 §4.2.2).</summary>
    public const ushort Cookie = 44;

    /// <summary>psk_key_exchange_modes (RFC 8446 §4.2.9).</summary>
    public const ushort PskKeyExchangeModes = 45;

    /// <summary>key_share (RFC 8446 §4.2.8).</summary>
    public const ushort KeyShare = 51;

    /// <summary>quic_transport_parameters (RFC 9001 §8.2).</summary>
    public const ushort QuicTransportParameters = 0x39;
}
