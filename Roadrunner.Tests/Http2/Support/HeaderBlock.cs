using System.Text;

namespace Roadrunner.Tests.Http2.Support;

/// <summary>
/// Hand-made HPACK field blocks (RFC 7541), independent of the package's encoder. Literal fields without indexing
/// (§6.2.2) never touch the dynamic table, so a block built here can be sent any number of times.
/// </summary>
internal static class HeaderBlock
{
    /// <summary>A request: :method, :scheme, :path, :authority, then <paramref name="fields"/>.</summary>
    public static byte[] Request(string method = "GET", string path = "/", params (string Name, string Value)[] fields) =>
        Literal([(":method", method), (":scheme", "http"), (":path", path), (":authority", "localhost"), .. fields]);

    /// <summary>A POST request with a content-length.</summary>
    public static byte[] Post(long contentLength) => Request("POST", "/", ("content-length", contentLength.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>Literal header fields without indexing, new names, no Huffman coding (RFC 7541 §6.2.2).</summary>
    public static byte[] Literal(params (string Name, string Value)[] fields)
    {
        var bytes = new List<byte>();
        foreach (var (name, value) in fields)
        {
            bytes.Add(0x00);
            String(bytes, name);
            String(bytes, value);
        }

        return [.. bytes];
    }

    /// <summary>A literal field with incremental indexing and a new name (RFC 7541 §6.2.1): it enters the dynamic table.</summary>
    public static byte[] Indexed(string name, string value)
    {
        var bytes = new List<byte> { 0x40 };
        String(bytes, name);
        String(bytes, value);
        return [.. bytes];
    }

    /// <summary>An indexed field (RFC 7541 §6.1): index 62 is the newest dynamic table entry.</summary>
    public static byte[] IndexedReference(int index) => Integer(index, 7, 0x80);

    private static void String(List<byte> bytes, string s)
    {
        var raw = Encoding.Latin1.GetBytes(s);
        bytes.AddRange(Integer(raw.Length, 7, 0x00));
        bytes.AddRange(raw);
    }

    /// <summary>An HPACK integer (RFC 7541 §5.1) with an N-bit prefix.</summary>
    public static byte[] Integer(int value, int prefixBits, byte firstByteFlags)
    {
        int max = (1 << prefixBits) - 1;
        if (value < max) return [(byte)(firstByteFlags | value)];
        var bytes = new List<byte> { (byte)(firstByteFlags | max) };
        value -= max;
        while (value >= 128)
        {
            bytes.Add((byte)((value % 128) + 128));
            value /= 128;
        }

        bytes.Add((byte)value);
        return [.. bytes];
    }
}
