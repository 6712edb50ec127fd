using Roadrunner.Quic.Crypto;

namespace Roadrunner.Quic.Tls;

/// <summary>
/// Something the handshake tells the connection, pulled with <see cref="QuicTlsHandshake.TryReadEvent"/> in the order
/// it happened.
/// </summary>
/// <remarks>
/// The handshake runs a few times per connection, so events are plain records: allocation here is not on a per-packet
/// path.
/// </remarks>
public abstract record QuicTlsEvent
{
    private protected QuicTlsEvent()
    {
    }
}

/// <summary>
/// Handshake bytes to send in CRYPTO frames at <paramref name="Level"/>, in order, after everything sent at that level
/// before (RFC 9001 §4.1.3). The connection owns their offsets and retransmission.
/// </summary>
public sealed record QuicTlsCryptoData(QuicEncryptionLevel Level, byte[] Data) : QuicTlsEvent;

/// <summary>
/// Traffic secrets for <paramref name="Level"/> became available (RFC 9001 §4.1.4). Either secret can be null when only
/// one direction is ready (a server has its 1-RTT write secret before it can read 1-RTT). Packet keys, IVs and header
/// protection keys derive from them with <see cref="KeySchedule"/>; key updates with
/// <see cref="KeySchedule.DeriveNextSecret"/>.
/// </summary>
public sealed record QuicTlsSecrets(QuicEncryptionLevel Level, CipherSuite CipherSuite, byte[]? ReadSecret, byte[]? WriteSecret) : QuicTlsEvent;

/// <summary>
/// The handshake completed (RFC 9001 §4.1.1): the server has received the client's Finished; the client has sent its
/// own. The negotiated values are on <see cref="QuicTlsHandshake"/>.
/// </summary>
public sealed record QuicTlsHandshakeComplete : QuicTlsEvent;
