using Roadrunner.Quic.TransportParameters;

namespace Roadrunner.Tests.Quic.Tls;

/// <summary>Raw handshake messages built field by field, to send a handshake exactly the bytes a rule is about.</summary>
internal static class TlsMessageBuilder
{
    /// <summary>The RFC 8448 §3 client x25519 public key: a valid point to put in a key share.</summary>
    public static readonly byte[] X25519PublicKey = TlsTestSupport.Hex("99 38 1d e5 60 e4 bd 43 d2 3d 8e 43 5a 7d ba fe b3 c0 6e 51 c1 3c ae 4d 54 13 69 1e 52 9a af 2c");

    public static byte[] U16(params int[] values) => [.. values.SelectMany(v => new[] { (byte)(v >> 8), (byte)v })];

    public static byte[] Vec8(params byte[][] parts)
    {
        byte[] body = [.. parts.SelectMany(p => p)];
        return [(byte)body.Length, .. body];
    }

    public static byte[] Vec16(params byte[][] parts)
    {
        byte[] body = [.. parts.SelectMany(p => p)];
        return [(byte)(body.Length >> 8), (byte)body.Length, .. body];
    }

    public static byte[] Vec24(params byte[][] parts)
    {
        byte[] body = [.. parts.SelectMany(p => p)];
        return [(byte)(body.Length >> 16), (byte)(body.Length >> 8), (byte)body.Length, .. body];
    }

    public static byte[] Message(byte type, params byte[][] parts)
    {
        byte[] body = [.. parts.SelectMany(p => p)];
        return [type, .. Vec24(body)];
    }

    public static byte[] Extension(ushort type, byte[] body) => [.. U16(type), .. Vec16(body)];

    public static byte[] Ascii(string s) => System.Text.Encoding.ASCII.GetBytes(s);

    public static byte[] Alpn(params string[] names) => Vec16([.. names.Select(n => Vec8(Ascii(n)))]);

    public static byte[] KeyShareEntry(ushort group, byte[] key) => [.. U16(group), .. Vec16(key)];

    public static byte[] TransportParameters(QuicTransportParameters parameters)
    {
        var bytes = new byte[QuicTransportParametersCodec.GetEncodedLength(parameters)];
        QuicTransportParametersCodec.TryEncode(parameters, bytes, out _);
        return bytes;
    }

    /// <summary>A ServerHello or HelloRetryRequest from its fields.</summary>
    public static byte[] ServerHello(byte[] random, ushort suite, params byte[][] extensions) =>
        Message(2, U16(0x0303), random, Vec8(), U16(suite), [0], Vec16(extensions));
}

/// <summary>A ClientHello assembled from its fields; by default one our server accepts.</summary>
internal sealed class ClientHelloBuilder
{
    private readonly List<(ushort Type, byte[] Body)> _extensions =
    [
        (43, TlsMessageBuilder.Vec8(TlsMessageBuilder.U16(0x0304))),
        (10, TlsMessageBuilder.Vec16(TlsMessageBuilder.U16(0x001d))),
        (13, TlsMessageBuilder.Vec16(TlsMessageBuilder.U16(0x0403, 0x0804))),
        (16, TlsMessageBuilder.Alpn("h3")),
        (51, TlsMessageBuilder.Vec16(TlsMessageBuilder.KeyShareEntry(0x001d, TlsMessageBuilder.X25519PublicKey))),
        (57, TlsMessageBuilder.TransportParameters(TlsTestSupport.ClientParameters)),
    ];

    public byte[] SessionId { get; set; } = [];

    public byte[] CipherSuites { get; set; } = TlsMessageBuilder.U16(0x1301);

    public byte[] Compression { get; set; } = [0];

    public bool NoExtensions { get; set; }

    public ClientHelloBuilder Without(ushort type)
    {
        _extensions.RemoveAll(e => e.Type == type);
        return this;
    }

    public ClientHelloBuilder With(ushort type, byte[] body)
    {
        int at = _extensions.FindIndex(e => e.Type == type);
        if (at < 0)
        {
            _extensions.Add((type, body));
        }
        else
        {
            _extensions[at] = (type, body);
        }

        return this;
    }

    public ClientHelloBuilder Add(ushort type, byte[] body)
    {
        _extensions.Add((type, body));
        return this;
    }

    public byte[] Extensions => [.. _extensions.SelectMany(e => TlsMessageBuilder.Extension(e.Type, e.Body))];

    public byte[] Build()
    {
        byte[] random = new byte[32];
        byte[] fixedPart = [.. TlsMessageBuilder.U16(0x0303), .. random, .. TlsMessageBuilder.Vec8(SessionId), .. TlsMessageBuilder.Vec16(CipherSuites), .. TlsMessageBuilder.Vec8(Compression)];
        return NoExtensions
            ? TlsMessageBuilder.Message(1, fixedPart)
            : TlsMessageBuilder.Message(1, fixedPart, TlsMessageBuilder.Vec16(Extensions));
    }
}
