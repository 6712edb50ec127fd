namespace Roadrunner.Http2;

/// <summary>The client connection preface (RFC 9113 §3.4).</summary>
public static class Http2Preface
{
    /// <summary>Octets in the preface.</summary>
    public const int Length = 24;

    /// <summary><c>PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n</c>: the 24 octets a client sends first.</summary>
    public static ReadOnlySpan<byte> Bytes => "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8;

    /// <summary>
    /// True when <paramref name="data"/> could be the start of an HTTP/2 connection with prior knowledge: its first
    /// octets (up to 24) equal the preface's. Lets a cleartext listener tell HTTP/2 from HTTP/1.1 before committing.
    /// </summary>
    public static bool IsPossiblePrefix(ReadOnlySpan<byte> data)
    {
        int n = Math.Min(data.Length, Length);
        return data[..n].SequenceEqual(Bytes[..n]);
    }
}
