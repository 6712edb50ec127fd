namespace Roadrunner.Quic.Endpoints;

/// <summary>When a server endpoint asks a new client to prove its address with a Retry round trip (RFC 9000 §8.1.2).</summary>
public enum QuicRetryMode
{
    /// <summary>Never: every Initial within the caps opens a connection; the anti-amplification limit (§8.1) is the only guard.</summary>
    Never,

    /// <summary>
    /// Only while many handshakes are open at once (<see cref="QuicServerEndpointOptions.RetryThreshold"/>): a flood of
    /// Initials from spoofed addresses then costs one stateless Retry each and holds no state, while clients that come
    /// back with the token are admitted. In quiet times clients save the round trip.
    /// </summary>
    UnderLoad,

    /// <summary>Always: every Initial without a valid token is answered with a Retry.</summary>
    Always,
}
