namespace Roadrunner.Quic;

/// <summary>QUIC version numbers (RFC 8999 §5.1, RFC 9000 §15).</summary>
public static class QuicVersion
{
    /// <summary>QUIC version 1 (RFC 9000).</summary>
    public const uint Version1 = 0x00000001;

    /// <summary>The value of the Version field in a Version Negotiation packet (RFC 8999 §6).</summary>
    public const uint Negotiation = 0x00000000;
}
