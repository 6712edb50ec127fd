using System.Buffers.Binary;
using System.Text;

namespace Roadrunner.Tests.WebSockets.Support;

/// <summary>
/// Raw frame bytes for tests, written independently of the package: any opcode, any RSV bits, masked with a key
/// (client to server) or not, with the length in any encoding; and a parser for what an endpoint wrote.
/// </summary>
internal static class Wire
{
    /// <summary>The masking key of the RFC 6455 §5.7 examples, 37 fa 21 3d.</summary>
    public static readonly byte[] ExampleKey = [0x37, 0xfa, 0x21, 0x3d];

    public const int Continuation = 0x0, Text = 0x1, Binary = 0x2, Close = 0x8, Ping = 0x9, Pong = 0xA;

    /// <summary>
    /// One frame. <paramref name="key"/> null writes it unmasked; <paramref name="lengthBytes"/> forces the length
    /// encoding (0 = minimal, 2 = 16-bit, 8 = 64-bit).
    /// </summary>
    public static byte[] Frame(int opcode, ReadOnlySpan<byte> payload, bool fin = true, bool rsv1 = false, bool rsv2 = false,
        bool rsv3 = false, byte[]? key = null, int lengthBytes = 0, bool masked = true)
    {
        key ??= masked ? ExampleKey : null;
        var bytes = new List<byte>
        {
            (byte)((fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | (rsv2 ? 0x20 : 0) | (rsv3 ? 0x10 : 0) | (opcode & 0xF)),
        };
        byte mask = key is null ? (byte)0 : (byte)0x80;
        if (lengthBytes == 0) lengthBytes = payload.Length <= 125 ? 0 : payload.Length <= 0xFFFF ? 2 : 8;
        if (lengthBytes == 0)
        {
            bytes.Add((byte)(mask | payload.Length));
        }
        else if (lengthBytes == 2)
        {
            bytes.Add((byte)(mask | 126));
            bytes.Add((byte)(payload.Length >> 8));
            bytes.Add((byte)payload.Length);
        }
        else
        {
            bytes.Add((byte)(mask | 127));
            for (int shift = 56; shift >= 0; shift -= 8) bytes.Add((byte)((long)payload.Length >> shift));
        }
        if (key is not null) bytes.AddRange(key);
        for (int i = 0; i < payload.Length; i++) bytes.Add(key is null ? payload[i] : (byte)(payload[i] ^ key[i % 4]));
        return [.. bytes];
    }

    /// <summary>A masked text frame.</summary>
    public static byte[] TextFrame(string text, bool fin = true) => Frame(Text, Encoding.UTF8.GetBytes(text), fin);

    /// <summary>A masked binary frame.</summary>
    public static byte[] BinaryFrame(ReadOnlySpan<byte> data, bool fin = true) => Frame(Binary, data, fin);

    /// <summary>A Close body: code and reason.</summary>
    public static byte[] CloseBody(int code, string reason = "") => CloseBody(code, Encoding.UTF8.GetBytes(reason));

    /// <summary>A Close body with raw reason bytes.</summary>
    public static byte[] CloseBody(int code, byte[] reason)
    {
        var body = new byte[2 + reason.Length];
        BinaryPrimitives.WriteUInt16BigEndian(body, (ushort)code);
        reason.CopyTo(body, 2);
        return body;
    }

    /// <summary>A masked Close frame with a code and reason.</summary>
    public static byte[] CloseFrame(int code, string reason = "") => Frame(Close, CloseBody(code, reason));

    /// <summary>Concatenates byte arrays.</summary>
    public static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];

    /// <summary>Hex to bytes, ignoring spaces: <c>"81 05 48"</c>.</summary>
    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    /// <summary>Parses complete frames; throws on a truncated one (the endpoint must write whole frames).</summary>
    public static List<WireFrame> Parse(ReadOnlySpan<byte> bytes)
    {
        var frames = new List<WireFrame>();
        while (!bytes.IsEmpty)
        {
            byte b0 = bytes[0], b1 = bytes[1];
            long length = b1 & 0x7F;
            int at = 2;
            if (length == 126)
            {
                length = BinaryPrimitives.ReadUInt16BigEndian(bytes[2..]);
                at = 4;
            }
            else if (length == 127)
            {
                length = (long)BinaryPrimitives.ReadUInt64BigEndian(bytes[2..]);
                at = 10;
            }
            bool masked = (b1 & 0x80) != 0;
            byte[]? key = masked ? bytes.Slice(at, 4).ToArray() : null;
            if (masked) at += 4;
            var payload = bytes.Slice(at, (int)length).ToArray();
            if (key is not null)
            {
                for (int i = 0; i < payload.Length; i++) payload[i] ^= key[i % 4];
            }
            frames.Add(new WireFrame((b0 & 0x80) != 0, (b0 & 0x40) != 0, (b0 & 0x20) != 0, (b0 & 0x10) != 0, b0 & 0xF, masked, payload, at));
            bytes = bytes[(at + (int)length)..];
        }
        return frames;
    }
}

/// <summary>A parsed frame.</summary>
internal sealed record WireFrame(bool Fin, bool Rsv1, bool Rsv2, bool Rsv3, int Opcode, bool Masked, byte[] Payload, int HeaderLength)
{
    /// <summary>The status code of a Close frame, or null when its body is empty.</summary>
    public int? CloseCode => Opcode == Wire.Close && Payload.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(Payload) : null;

    /// <summary>The payload as UTF-8 text.</summary>
    public string Text => Encoding.UTF8.GetString(Payload);

    /// <summary>
    /// A compact description to compare in tests: <c>"Text Hello"</c>, <c>"Binary 256"</c>, <c>"Pong 48656C6C6F"</c>,
    /// <c>"Close 1002"</c>, <c>"Close"</c> (empty body), with <c>" rsv1"</c> / <c>" more"</c> (FIN clear) flags.
    /// </summary>
    public override string ToString()
    {
        var text = new StringBuilder(Opcode switch
        {
            Wire.Continuation => "Continuation",
            Wire.Text => "Text",
            Wire.Binary => "Binary",
            Wire.Close => "Close",
            Wire.Ping => "Ping",
            Wire.Pong => "Pong",
            _ => $"Opcode{Opcode:X}",
        });
        if (Rsv1) text.Append(" rsv1");
        if (!Fin) text.Append(" more");
        if (Opcode == Wire.Close)
        {
            if (CloseCode is { } code) text.Append(' ').Append(code);
        }
        else if (Opcode == Wire.Text && !Rsv1 && Payload.Length <= 40)
        {
            text.Append(' ').Append(Encoding.UTF8.GetString(Payload));
        }
        else if (Payload.Length is > 0 and <= 16 && Opcode != Wire.Binary)
        {
            text.Append(' ').Append(Convert.ToHexString(Payload));
        }
        else
        {
            text.Append(' ').Append(Payload.Length);
        }
        return text.ToString().TrimEnd();
    }
}
