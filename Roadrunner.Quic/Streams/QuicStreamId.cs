namespace Roadrunner.Quic.Streams;

/// <summary>
/// Stream ID rules (RFC 9000 §2.1): the least significant bit says who opened the stream (0 client, 1 server), the
/// second whether it is bidirectional (0) or unidirectional (1); the rest is the stream's index within its type.
/// </summary>
public static class QuicStreamId
{
    /// <summary>Whether the client opened the stream (§2.1: "Client-initiated streams have even-numbered stream IDs").</summary>
    public static bool IsClientInitiated(ulong streamId) => (streamId & 1) == 0;

    /// <summary>Whether the stream carries data both ways (§2.1: the second bit is 0).</summary>
    public static bool IsBidirectional(ulong streamId) => (streamId & 2) == 0;

    /// <summary>Whether an endpoint of <paramref name="role"/> opened the stream.</summary>
    public static bool IsLocal(ulong streamId, QuicRole role) => IsClientInitiated(streamId) == (role == QuicRole.Client);

    /// <summary>The stream's index among the streams of its type (the ID shifted right by two).</summary>
    public static ulong GetIndex(ulong streamId) => streamId >> 2;

    /// <summary>The ID of the stream with <paramref name="index"/> opened by <paramref name="initiator"/>.</summary>
    public static ulong Create(ulong index, QuicRole initiator, bool bidirectional) =>
        (index << 2) | (initiator == QuicRole.Server ? 1UL : 0UL) | (bidirectional ? 0UL : 2UL);

    /// <summary>Whether an endpoint of <paramref name="role"/> may send on the stream: bidirectional, or unidirectional and its own (§2.1).</summary>
    public static bool CanSend(ulong streamId, QuicRole role) => IsBidirectional(streamId) || IsLocal(streamId, role);

    /// <summary>Whether an endpoint of <paramref name="role"/> may receive on the stream: bidirectional, or unidirectional and the peer's (§2.1).</summary>
    public static bool CanReceive(ulong streamId, QuicRole role) => IsBidirectional(streamId) || !IsLocal(streamId, role);
}
