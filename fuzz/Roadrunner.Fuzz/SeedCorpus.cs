using System.Buffers;
using System.Net;
using System.Text;
using Roadrunner.Hpack;
using Roadrunner.Quic.Connections;
using Roadrunner.Quic.Crypto;
using Roadrunner.Quic.Packets;
using Roadrunner.Quic.Tls;

namespace Roadrunner.Fuzz;

/// <summary>
/// The seed inputs of each target: RFC examples verbatim and small valid messages, so afl starts from inputs that
/// reach deep into each codec. <c>Roadrunner.Fuzz --write-seeds fuzz/corpus</c> writes them; the committed corpus
/// also holds entries afl found.
/// </summary>
public static class SeedCorpus
{
    /// <summary>The seeds of <paramref name="target"/> by file name.</summary>
    public static IReadOnlyList<(string Name, byte[] Data)> For(string target) => target switch
    {
        "http1" => Http1(),
        "hpack" => Hpack(),
        "http2" => Http2(),
        "qpack" => Qpack(),
        "http3" => Http3(),
        "websocket" => WebSocket(),
        "quic-wire" => QuicWireSeeds(),
        "quic-endpoint" => QuicEndpointSeeds(),
        _ => [],
    };

    /// <summary>Writes every target's seeds under <paramref name="root"/>/&lt;target&gt;/.</summary>
    public static int WriteAll(string root)
    {
        int count = 0;
        foreach (var (name, _, _) in FuzzTargets.All)
        {
            string directory = Path.Combine(root, name);
            Directory.CreateDirectory(directory);
            foreach (var (file, data) in For(name))
            {
                File.WriteAllBytes(Path.Combine(directory, file), data);
                count++;
            }
        }
        return count;
    }

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    private static List<(string, byte[])> Http1() =>
    [
        ("get", Ascii("GET /hello HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\n\r\n")),
        ("post-content-length", Ascii("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello")),
        ("post-chunked-trailers", Ascii("POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTrailer: x-checksum\r\n\r\n5;ext=1\r\nhello\r\n1a\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nx-checksum: 42\r\n\r\n")),
        ("pipelined", Ascii("GET /a HTTP/1.1\r\nHost: a\r\n\r\nPOST /b HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabcGET /c?q=1 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")),
        ("absolute-form", Ascii("GET http://example.com:8080/path?x=y HTTP/1.1\r\nHost: example.com:8080\r\n\r\n")),
        ("connect", Ascii("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n")),
        ("options-asterisk", Ascii("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n")),
        ("http10", Ascii("GET / HTTP/1.0\r\n\r\n")),
        ("upgrade-websocket", Ascii("GET /ws HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n")),
        ("many-fields", Ascii("GET / HTTP/1.1\r\nHost: [::1]:80\r\nCookie: a=b; c=d\r\nAccept-Encoding: gzip, br\r\nIf-None-Match: \"x\"\r\nRange: bytes=0-10\r\nX-Forwarded-For: 203.0.113.7\r\nTE: trailers\r\n\r\n")),
        ("chunked-keep-alive", Ascii("PUT /f HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n")),
    ];

    private static byte[] HpackBlock(params (string Name, string Value)[] fields)
    {
        var encoder = new HpackEncoder();
        var writer = new ArrayBufferWriter<byte>();
        encoder.BeginBlock(writer);
        foreach (var (name, value) in fields) encoder.Encode(writer, Encoding.ASCII.GetBytes(name), Encoding.ASCII.GetBytes(value));
        return writer.WrittenSpan.ToArray();
    }

    private static readonly (string, string)[] GetRequest = [(":method", "GET"), (":scheme", "https"), (":authority", "example.com"), (":path", "/hello"), ("accept", "*/*")];

    private static List<(string, byte[])> Hpack() =>
    [
        // RFC 7541 C.3.1, C.4.1, C.4.2, C.4.3, C.5.1, C.6.1: literal and Huffman requests and responses.
        ("rfc7541-c3-1", Hex("8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d")),
        ("rfc7541-c4-1", Hex("8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff")),
        ("rfc7541-c4-2", Hex("8286 84be 5886 a8eb 1064 9cbf")),
        ("rfc7541-c4-3", Hex("8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf")),
        ("rfc7541-c5-1", Hex("4803 3330 3258 0770 7269 7661 7465 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3120 474d 546e 1768 7474 7073 3a2f 2f77 7777 2e65 7861 6d70 6c65 2e63 6f6d")),
        ("rfc7541-c6-1", Hex("4882 6402 5885 aec3 771a 4b61 96d0 7abe 9410 54d4 44a8 2005 9504 0b81 66e0 82a6 2d1b ff6e 919d 29ad 1718 63c7 8f0b 97c8 e9ae 82ae 43d3")),
        ("size-update-then-literal", Hex("3fe1 1f 00 03 6b65 79 05 7661 6c75 65 1f 10 03 6162 63")),
        ("encoder-request", HpackBlock(GetRequest)),
        ("encoder-repeat", [.. HpackBlock(GetRequest), .. HpackBlock(GetRequest)]),
    ];

    private static byte[] Frame(byte type, byte flags, int stream, ReadOnlySpan<byte> payload)
    {
        var frame = new byte[9 + payload.Length];
        frame[0] = (byte)(payload.Length >> 16);
        frame[1] = (byte)(payload.Length >> 8);
        frame[2] = (byte)payload.Length;
        frame[3] = type;
        frame[4] = flags;
        frame[5] = (byte)(stream >> 24);
        frame[6] = (byte)(stream >> 16);
        frame[7] = (byte)(stream >> 8);
        frame[8] = (byte)stream;
        payload.CopyTo(frame.AsSpan(9));
        return frame;
    }

    private static List<(string, byte[])> Http2()
    {
        var get = HpackBlock(GetRequest);
        var post = HpackBlock((":method", "POST"), (":scheme", "https"), (":authority", "a"), (":path", "/echo"), ("content-length", "5"));
        var trailer = HpackBlock(("x-checksum", "1"));
        return
        [
            ("get", Frame(0x1, 0x5, 1, get)),
            ("post-data", [.. Frame(0x1, 0x4, 1, post), .. Frame(0x0, 0x1, 1, "hello"u8)]),
            ("padded-data-trailers", [.. Frame(0x1, 0x4, 1, post), .. Frame(0x0, 0x8, 1, [3, .. "hello"u8, 0, 0, 0]), .. Frame(0x1, 0x5, 1, trailer)]),
            ("continuation", [.. Frame(0x1, 0x1, 3, get.AsSpan(0, 4)), .. Frame(0x9, 0x4, 3, get.AsSpan(4))]),
            ("priority-headers", [.. Frame(0x1, 0x25, 5, [0, 0, 0, 1, 15, .. get]), .. Frame(0x2, 0, 7, [0, 0, 0, 5, 200])]),
            ("settings-ping-window", [.. Frame(0x4, 0, 0, [0, 4, 0, 1, 0, 0, 0, 5, 0, 0, 0x80, 0, 0, 1, 0, 0, 0x10, 0]), .. Frame(0x6, 0, 0, new byte[8]), .. Frame(0x8, 0, 0, [0, 0, 0x10, 0])]),
            ("settings-ack-rst", [.. Frame(0x4, 0x1, 0, []), .. Frame(0x1, 0x4, 1, get), .. Frame(0x3, 0, 1, [0, 0, 0, 8]), .. Frame(0x8, 0, 1, [0, 0, 1, 0])]),
            ("two-streams-goaway", [.. Frame(0x1, 0x5, 1, get), .. Frame(0x1, 0x5, 3, get), .. Frame(0x7, 0, 0, [0, 0, 0, 3, 0, 0, 0, 0])]),
            ("unknown-frame", [.. Frame(0xfa, 0xff, 0, [1, 2, 3]), .. Frame(0x1, 0x5, 1, get)]),
        ];
    }

    private static List<(string, byte[])> Qpack() =>
    [
        // RFC 9204 B.1 (static only), B.2 (the table the target pre-loads), B.3 and B.4 (encoder instructions).
        ("rfc9204-b1-section", Hex("0000 510b 2f69 6e64 6578 2e68 746d 6c")),
        ("rfc9204-b2-section", Hex("0381 10 11")),
        ("rfc9204-b2-encoder", Hex("3fbd01 c00f 7777 772e 6578 616d 706c 652e 636f 6d c10c 2f73 616d 706c 652f 7061 7468")),
        ("rfc9204-b3-encoder", Hex("4a63 7573 746f 6d2d 6b65 790c 6375 7374 6f6d 2d76 616c 7565")),
        ("rfc9204-b4-encoder", Hex("02")),
        ("rfc9204-b4-section", Hex("0500 80 c1 81")),
        ("static-request", [0x00, 0x00, 0xd1, 0xd7, 0xc1, 0x50, 0x0b, .. "example.com"u8, 0x5f, 0x1d, 0x03, .. "*/*"u8]),
        ("huffman-literal", Hex("0000 2f01 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff 86 a8eb 1064 9cbf")),
    ];

    private static List<(string, byte[])> Http3()
    {
        byte[] request = [0x00, 0x00, 0xd1, 0xd7, 0xc1, 0x50, 0x0b, .. "example.com"u8];
        byte[] post = [0x00, 0x00, 0xd4, 0xd7, 0xc1, 0x50, 0x01, (byte)'a', 0x54, 0x01, (byte)'5'];
        byte[] response = [0x00, 0x00, 0xd9];
        byte[] trailer = [0x00, 0x00, 0x27, 0x03, .. "x-t"u8, 0x01, (byte)'1'];
        return
        [
            ("request-get", [0, 0x01, (byte)request.Length, .. request]),
            ("request-post-data-trailers", [0, 0x01, (byte)post.Length, .. post, 0x00, 0x05, .. "hello"u8, 0x01, (byte)trailer.Length, .. trailer]),
            ("request-dynamic-ref", [0, 0x01, 0x05, 0x02, 0x00, 0x80, 0xd1, 0xd7]),
            ("request-unknown-frame", [0, 0x21, 0x02, 0xaa, 0xbb, 0x01, (byte)request.Length, .. request]),
            ("control-settings-goaway", [1, 0x04, 0x06, 0x01, 0x40, 0x80, 0x06, 0x44, 0x00, 0x07, 0x01, 0x00]),
            ("control-max-push-id", [1, 0x04, 0x00, 0x0d, 0x01, 0x04, 0x03, 0x01, 0x00]),
            ("encoder-inserts", [2, .. Hex("3fbd01 c00f 7777 772e 6578 616d 706c 652e 636f 6d c10c 2f73 616d 706c 652f 7061 7468 02")]),
            ("decoder-acks", [3, 0x80, 0x01, 0x44, 0x81]),
            ("uni-control", [4, 0x00, 0x04, 0x00]),
            ("uni-encoder", [4, 0x02, 0x3f, 0xbd, 0x01]),
            ("uni-push-refused", [4, 0x01, 0x00]),
            ("uni-reserved", [4, 0x21, 0x01, 0x02, 0x03]),
            ("response", [5, 0x01, (byte)response.Length, .. response, 0x00, 0x02, (byte)'o', (byte)'k']),
        ];
    }

    /// <summary>A client frame: masked with a fixed key, as RFC 6455 §5.3 requires of clients.</summary>
    private static byte[] Masked(byte first, ReadOnlySpan<byte> payload)
    {
        byte[] key = [0x37, 0xfa, 0x21, 0x3d];
        var frame = new List<byte> { first };
        if (payload.Length < 126)
        {
            frame.Add((byte)(0x80 | payload.Length));
        }
        else if (payload.Length <= ushort.MaxValue)
        {
            frame.AddRange([0xfe, (byte)(payload.Length >> 8), (byte)payload.Length]);
        }
        else
        {
            frame.AddRange([0xff, 0, 0, 0, 0, (byte)(payload.Length >> 24), (byte)(payload.Length >> 16), (byte)(payload.Length >> 8), (byte)payload.Length]);
        }
        frame.AddRange(key);
        for (int i = 0; i < payload.Length; i++) frame.Add((byte)(payload[i] ^ key[i % 4]));
        return [.. frame];
    }

    private static List<(string, byte[])> WebSocket()
    {
        // RFC 7692 §7.2.3.1: "Hello" compressed, the 4-octet tail removed.
        byte[] deflatedHello = [0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00];
        return
        [
            ("rfc6455-masked-hello", Hex("8185 37fa 213d 7f9f 4d51 58")),
            ("fragmented-text-ping", [.. Masked(0x01, "Hel"u8), .. Masked(0x89, "ping"u8), .. Masked(0x80, "lo"u8)]),
            ("binary-16bit-length", Masked(0x82, new byte[300])),
            ("binary-64bit-length", Masked(0x82, new byte[70000])[..200]),
            ("rfc7692-compressed-hello", Masked(0xc1, deflatedHello)),
            ("rfc7692-compressed-fragments", [.. Masked(0x41, [0xf2, 0x48, 0xcd]), .. Masked(0x80, [0xc9, 0xc9, 0x07, 0x00])]),
            ("compressed-twice", [.. Masked(0xc1, deflatedHello), .. Masked(0xc1, [0xf2, 0x00, 0x11, 0x00, 0x00])]),
            ("close-1000", Masked(0x88, [0x03, 0xe8, .. "bye"u8])),
            ("pong-then-utf8", [.. Masked(0x8a, [1, 2]), .. Masked(0x81, "h\u00e9llo \u20ac"u8)]),
            ("extension-header", Ascii("permessage-deflate; client_max_window_bits; server_max_window_bits=10, permessage-deflate")),
        ];
    }

    private static List<(string, byte[])> QuicWireSeeds()
    {
        var buffer = new byte[600];
        var seeds = new List<(string, byte[])>();
        QuicPacketWriter.TryWriteInitial(buffer, Roadrunner.Quic.QuicVersion.Version1, [1, 2, 3, 4, 5, 6, 7, 8], [5, 6], [7, 8, 9], 1, 2, 40, out int n);
        seeds.Add(("initial-header", [4, .. buffer.AsSpan(0, n + 40)]));
        QuicPacketWriter.TryWriteShort(buffer, [1, 2, 3, 4], true, false, 9, 1, out n);
        seeds.Add(("short-header", [4, .. buffer.AsSpan(0, n + 20)]));
        QuicPacketWriter.TryWriteVersionNegotiation(buffer, [1], [2], [1, 2], out n);
        seeds.Add(("version-negotiation", [4, .. buffer.AsSpan(0, n)]));
        var datagram = ClientInitialDatagram();
        seeds.Add(("client-initial", [8, .. datagram]));
        seeds.Add(("client-initial-plaintext", [8, .. ClientInitialPlaintext(datagram)]));

        // A frame run: ACK with ECN, STREAM, NEW_CONNECTION_ID, CRYPTO, CONNECTION_CLOSE, and more.
        seeds.Add(("frames", [0, .. Hex("03 3c 03 01 0a 09 01 02 03"), .. Hex("0f 04 40 64 03 010203"), .. Hex("18 02 01 03 010203 00000000000000000000000000000000"),
            .. Hex("06 00 02 0102"), .. Hex("1c 07 08 01 72"), .. Hex("01 00 04 1f 10 40 00 12 05 13 05 14 0a 16 01 11 08 0102030405060708 1e")]));
        seeds.Add(("transport-parameters", [0, .. Hex("00 02 0102 04 02 43e8 0b 01 1e 0f 01 03 01 02 7530 03 02 45ac 08 01 64 09 01 64 05 02 4400 06 02 4400 07 02 4400")]));
        return seeds;
    }

    private static List<(string, byte[])> QuicEndpointSeeds()
    {
        var datagram = ClientInitialDatagram();
        byte[] unsupported = new byte[1200];
        Hex("c0 1a2a3a4a 08 0102030405060708 00").CopyTo(unsupported, 0);
        byte[] shortHeader = [0x40, .. new byte[8], .. new byte[40]];
        return
        [
            ("raw-client-initial", [0, .. datagram]),
            ("initial-client-hello", [1, .. ClientInitialPlaintext(datagram)]),
            ("initial-ping-ack", [1, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00]),
            ("raw-unsupported-version", [0, .. unsupported]),
            ("raw-short-header", [0, .. shortHeader]),
        ];
    }

    /// <summary>The first datagram of a real client: a padded Initial carrying its ClientHello.</summary>
    private static byte[] ClientInitialDatagram()
    {
        using var client = QuicConnection.CreateClient(
            new QuicTlsClientOptions { ServerName = "localhost", ValidateCertificate = _ => true },
            null,
            new IPEndPoint(IPAddress.Loopback, 4433),
            1_000_000);
        var buffer = new byte[1500];
        int length = client.Send(buffer, 1_000_000, out _);
        return buffer[..length];
    }

    /// <summary>The plaintext frames of the first Initial in <paramref name="datagram"/>, trailing PADDING dropped.</summary>
    private static byte[] ClientInitialPlaintext(byte[] datagram)
    {
        var packet = (byte[])datagram.Clone();
        if (!QuicPacketParser.TryParse(packet, 0, 0, out var header).IsNone) return [];
        int pnOffset = header.PacketNumberOffset, end = header.PacketEnd;
        Span<byte> clientSecret = stackalloc byte[32], serverSecret = stackalloc byte[32];
        KeySchedule.DeriveInitialSecrets(header.DestinationConnectionId, clientSecret, serverSecret);
        using var key = PacketKey.FromSecret(CipherSuite.TLS_AES_128_GCM_SHA256, clientSecret);
        using var headerKey = HeaderProtectionKey.FromSecret(CipherSuite.TLS_AES_128_GCM_SHA256, clientSecret);
        var span = packet.AsSpan(0, end);
        if (!PacketProtection.TryRemoveHeaderProtection(span, pnOffset, headerKey, out int pnLength, out uint pn)) return [];
        if (!PacketProtection.TryOpen(span, pnOffset + pnLength, pn, key)) return [];
        var plaintext = span[(pnOffset + pnLength)..^PacketKey.TagLength];
        int last = plaintext.LastIndexOfAnyExcept((byte)0);
        return plaintext[..(last + 1)].ToArray();
    }
}
