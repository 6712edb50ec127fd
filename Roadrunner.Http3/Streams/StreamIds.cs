namespace Roadrunner.Http3.Streams;

/// <summary>What a QUIC stream ID says about its stream (RFC 9000 §2.1): the two low bits.</summary>
internal static class StreamIds
{
    /// <summary>Bit 0x02: unidirectional.</summary>
    public static bool IsUnidirectional(long id) => (id & 0x02) != 0;

    /// <summary>Bit 0x01 clear: opened by the client.</summary>
    public static bool IsClientInitiated(long id) => (id & 0x01) == 0;

    /// <summary>True when the stream was opened by the peer of an endpoint in <paramref name="role"/>.</summary>
    public static bool IsPeerInitiated(long id, Http3Role role) => IsClientInitiated(id) == (role == Http3Role.Server);

    /// <summary>The first unidirectional stream IDs an endpoint opens: 2, 6, 10 for a client; 3, 7, 11 for a server.</summary>
    public static long FirstUni(Http3Role role, int index) => (role == Http3Role.Client ? 2 : 3) + (4L * index);
}
