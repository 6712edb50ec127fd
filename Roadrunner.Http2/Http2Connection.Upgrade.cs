using Roadrunner.Http2.Frames;
using Roadrunner.Http2.Streams;

namespace Roadrunner.Http2;

/// <summary>
/// The HTTP/1.1 Upgrade to h2c (RFC 7540 §3.2, kept for cleartext clients such as curl): the request that carried
/// the Upgrade becomes stream 1, and its HTTP2-Settings field stands for the client's first SETTINGS frame.
/// </summary>
public sealed partial class Http2Connection
{
    /// <summary>
    /// Server role, before any <see cref="Receive"/>: accepts an HTTP/1.1 <c>Upgrade: h2c</c>. The decoded
    /// <c>HTTP2-Settings</c> payload is applied as the client's settings (RFC 7540 §3.2.1: "Explicit acknowledgement
    /// of these settings is not necessary, since a 101 response serves as implicit acknowledgment"), and stream 1 is
    /// opened half-closed (remote) for the request that asked (RFC 7540 §3.2: "The HTTP/1.1 request that is sent
    /// prior to upgrade is assigned a stream identifier of 1 ... with default priority values. Stream 1 is implicitly
    /// "half-closed" from the client toward the server"). Answer it with <see cref="SendHeaders"/> on stream 1. The
    /// client preface is still expected from the peer.
    /// </summary>
    /// <param name="settingsPayload">The base64url-decoded value of HTTP2-Settings: a SETTINGS frame payload.</param>
    /// <returns>False, with nothing changed, when the payload is not a valid SETTINGS payload: then do not upgrade.</returns>
    /// <exception cref="InvalidOperationException">Not a server, or input was already received.</exception>
    public bool TryAcceptUpgrade(ReadOnlySpan<byte> settingsPayload)
    {
        ThrowIfDisposed();
        if (Role != Http2Role.Server) throw new InvalidOperationException("Only a server accepts an upgrade.");
        if (_highestPeerStreamId != 0 || _prefaceRemaining != Http2Preface.Length || _closed)
            throw new InvalidOperationException("An upgrade is accepted only before any input.");

        // RFC 9113 §6.5: a SETTINGS payload is a sequence of six-octet settings; each value must be in range.
        if (settingsPayload.Length % Http2Setting.Size != 0) return false;
        for (int offset = 0; offset < settingsPayload.Length; offset += Http2Setting.Size)
        {
            var setting = Http2Setting.Read(settingsPayload[offset..]);
            if (!setting.Validate().IsNone) return false;
        }

        for (int offset = 0; offset < settingsPayload.Length; offset += Http2Setting.Size)
        {
            // No stream is open yet, so no setting can fail here (window changes apply to open streams only).
            ApplyPeerSetting(Http2Setting.Read(settingsPayload[offset..]));
        }

        var stream = RentStream(1);
        Apply(stream, StreamTransition.ReceiveHeaders);
        Apply(stream, StreamTransition.ReceiveEndStream);
        _highestPeerStreamId = 1;
        _lastProcessedStreamId = 1;
        return true;
    }
}
