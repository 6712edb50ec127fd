using System.Buffers;
using Roadrunner.Qpack;

namespace Roadrunner.Tests.Http3.Support;

/// <summary>Builds raw HTTP/3 octets for tests: variable-length integers, frames, SETTINGS, HEADERS with a static-only QPACK encoder.</summary>
internal static class H3Bytes
{
    public static byte[] VarInt(long value)
    {
        int length = value < 0x40 ? 1 : value < 0x4000 ? 2 : value < 0x4000_0000 ? 4 : 8;
        var bytes = new byte[length];
        ulong bits = (ulong)value;
        for (int i = length - 1; i >= 0; i--)
        {
            bytes[i] = (byte)bits;
            bits >>= 8;
        }
        bytes[0] |= length switch { 1 => 0x00, 2 => 0x40, 4 => 0x80, _ => 0xc0 };
        return bytes;
    }

    public static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];

    public static byte[] Frame(long type, params byte[] payload) => Concat(VarInt(type), VarInt(payload.Length), payload);

    public static byte[] SettingsPayload(params (long Id, long Value)[] settings) =>
        Concat([.. settings.Select(s => Concat(VarInt(s.Id), VarInt(s.Value)))]);

    public static byte[] Settings(params (long Id, long Value)[] settings) => Frame(0x04, SettingsPayload(settings));

    /// <summary>A control stream opening: type 0x00 and a SETTINGS frame.</summary>
    public static byte[] ControlStream(params (long Id, long Value)[] settings) => Concat(VarInt(0x00), Settings(settings));

    public static byte[] Data(byte[] payload) => Frame(0x00, payload);

    public static byte[] Data(string payload) => Frame(0x00, System.Text.Encoding.ASCII.GetBytes(payload));

    /// <summary>An encoded field section using the static table and literals only (no dynamic table), as a client starts.</summary>
    public static byte[] Section(params (string Name, string Value)[] fields)
    {
        using var encoder = new QpackEncoder(0);
        var writer = new ArrayBufferWriter<byte>();
        encoder.BeginSection(0);
        foreach (var (name, value) in fields) encoder.Encode(Latin1(name), Latin1(value));
        encoder.EndSection(writer);
        return writer.WrittenSpan.ToArray();
    }

    public static byte[] Headers(params (string Name, string Value)[] fields) => Frame(0x01, Section(fields));

    /// <summary>A plain GET request's header section.</summary>
    public static (string, string)[] Get(string path = "/", params (string, string)[] extra) =>
        [(":method", "GET"), (":scheme", "https"), (":authority", "example.com"), (":path", path), .. extra];

    /// <summary>A POST request's header section.</summary>
    public static (string, string)[] Post(string path = "/", params (string, string)[] extra) =>
        [(":method", "POST"), (":scheme", "https"), (":authority", "example.com"), (":path", path), .. extra];

    public static byte[] Latin1(string s) => System.Text.Encoding.Latin1.GetBytes(s);
}
