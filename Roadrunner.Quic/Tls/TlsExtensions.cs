namespace Roadrunner.Quic.Tls;

/// <summary>
/// The extension block of a handshake message (RFC 8446 §4.2), split into the extensions the handshake reads. Each
/// body is a slice of the message; <see cref="Has"/> tells a present empty body from an absent one.
/// </summary>
internal ref struct TlsExtensions
{
    private ulong _present;

    /// <summary>server_name.</summary>
    public ReadOnlySpan<byte> ServerName;

    /// <summary>supported_groups.</summary>
    public ReadOnlySpan<byte> SupportedGroups;

    /// <summary>signature_algorithms.</summary>
    public ReadOnlySpan<byte> SignatureAlgorithms;

    /// <summary>application_layer_protocol_negotiation.</summary>
    public ReadOnlySpan<byte> ApplicationLayerProtocolNegotiation;

    /// <summary>supported_versions.</summary>
    public ReadOnlySpan<byte> SupportedVersions;

    /// <summary>cookie.</summary>
    public ReadOnlySpan<byte> Cookie;

    /// <summary>key_share.</summary>
    public ReadOnlySpan<byte> KeyShare;

    /// <summary>quic_transport_parameters.</summary>
    public ReadOnlySpan<byte> QuicTransportParameters;

    /// <summary>The type of the last extension of the block.</summary>
    public ushort LastType;

    /// <summary>True when the extension of <paramref name="type"/> was present (only for the types read here).</summary>
    public readonly bool Has(ushort type) => (_present & Bit(type)) != 0;

    /// <summary>
    /// Splits <paramref name="block"/> (the inside of <c>Extension extensions&lt;0..2^16-1&gt;</c>). Returns 0, or the
    /// alert to end the handshake with: decode_error for a malformed block, illegal_parameter for a repeated type
    /// (RFC 8446 §4.2: "There MUST NOT be more than one extension of the same type in a given extension block"), and
    /// unsupported_extension for a type outside <paramref name="allowed"/> when that list is given (a client must
    /// reject responses it did not ask for, RFC 8446 §4.2). Without the list, unknown types are ignored.
    /// </summary>
    public static byte Parse(ReadOnlySpan<byte> block, ReadOnlySpan<ushort> allowed, bool restrict, out TlsExtensions extensions)
    {
        extensions = default;
        var reader = new TlsReader(block);
        HashSet<ushort>? seenOthers = null;
        while (reader.Remaining > 0)
        {
            if (!reader.TryReadUInt16(out ushort type) || !reader.TryReadVector16(out var body))
            {
                return TlsAlert.DecodeError;
            }

            if (restrict && !allowed.Contains(type))
            {
                return TlsAlert.UnsupportedExtension;
            }

            ulong bit = Bit(type);
            if (bit == 0)
            {
                seenOthers ??= [];
                if (!seenOthers.Add(type))
                {
                    return TlsAlert.IllegalParameter;
                }
            }
            else if ((extensions._present & bit) != 0)
            {
                return TlsAlert.IllegalParameter;
            }

            extensions._present |= bit;
            extensions.LastType = type;
            switch (type)
            {
                case TlsExtensionType.ServerName: extensions.ServerName = body; break;
                case TlsExtensionType.SupportedGroups: extensions.SupportedGroups = body; break;
                case TlsExtensionType.SignatureAlgorithms: extensions.SignatureAlgorithms = body; break;
                case TlsExtensionType.ApplicationLayerProtocolNegotiation: extensions.ApplicationLayerProtocolNegotiation = body; break;
                case TlsExtensionType.SupportedVersions: extensions.SupportedVersions = body; break;
                case TlsExtensionType.Cookie: extensions.Cookie = body; break;
                case TlsExtensionType.KeyShare: extensions.KeyShare = body; break;
                case TlsExtensionType.QuicTransportParameters: extensions.QuicTransportParameters = body; break;
            }
        }

        return 0;
    }

    private static ulong Bit(ushort type) => type switch
    {
        TlsExtensionType.ServerName => 1UL << 0,
        TlsExtensionType.SupportedGroups => 1UL << 1,
        TlsExtensionType.SignatureAlgorithms => 1UL << 2,
        TlsExtensionType.ApplicationLayerProtocolNegotiation => 1UL << 3,
        TlsExtensionType.PreSharedKey => 1UL << 4,
        TlsExtensionType.EarlyData => 1UL << 5,
        TlsExtensionType.SupportedVersions => 1UL << 6,
        TlsExtensionType.Cookie => 1UL << 7,
        TlsExtensionType.PskKeyExchangeModes => 1UL << 8,
        TlsExtensionType.KeyShare => 1UL << 9,
        TlsExtensionType.QuicTransportParameters => 1UL << 10,
        _ => 0,
    };
}
