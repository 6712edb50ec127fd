using Roadrunner.Hpack;
using Roadrunner.Http1.Parsing;
using Roadrunner.Http2;
using Roadrunner.Http3;
using Roadrunner.Qpack;
using Roadrunner.WebSockets.Session;

namespace Roadrunner.Fuzz;

/// <summary>
/// The fuzz targets, one per codec, each a static method over <see cref="ReadOnlySpan{T}"/> so that tests can call it,
/// and the table that names them for the command line and the corpus folders (<c>fuzz/corpus/&lt;name&gt;/</c>).
/// </summary>
public static class FuzzTargets
{
    private static readonly FuzzTarget Http1Entry = PackageEntry.Bind(typeof(Http1RequestParser), "Roadrunner.Http1.Fuzzing.Http1Fuzz", "ParseRequest");
    private static readonly FuzzTarget HpackEntry = PackageEntry.Bind(typeof(HpackDecoder), "Roadrunner.Hpack.Fuzzing.HpackFuzz", "Decode");
    private static readonly FuzzTarget Http2Entry = PackageEntry.Bind(typeof(Http2Connection), "Roadrunner.Http2.Fuzzing.Http2Fuzz", "Receive");
    private static readonly FuzzTarget QpackFieldSection = PackageEntry.Bind(typeof(QpackDecoder), "Roadrunner.Qpack.Fuzzing.QpackFuzz", "FieldSection");
    private static readonly FuzzTarget QpackEncoderStream = PackageEntry.Bind(typeof(QpackDecoder), "Roadrunner.Qpack.Fuzzing.QpackFuzz", "EncoderStream");
    private static readonly FuzzTarget WebSocketEntry = PackageEntry.Bind(typeof(WebSocketSession), "Roadrunner.WebSockets.Fuzzing.WebSocketFuzz", "Receive");

    // The first octet picks the stream the rest arrives on, so afl learns each stream kind as its own path.
    private static readonly FuzzTarget[] Http3Streams =
    [
        PackageEntry.Bind(typeof(Http3Connection), "Roadrunner.Http3.Fuzzing.Http3Fuzz", "RequestStream"),
        PackageEntry.Bind(typeof(Http3Connection), "Roadrunner.Http3.Fuzzing.Http3Fuzz", "ControlStream"),
        PackageEntry.Bind(typeof(Http3Connection), "Roadrunner.Http3.Fuzzing.Http3Fuzz", "EncoderStream"),
        PackageEntry.Bind(typeof(Http3Connection), "Roadrunner.Http3.Fuzzing.Http3Fuzz", "DecoderStream"),
        PackageEntry.Bind(typeof(Http3Connection), "Roadrunner.Http3.Fuzzing.Http3Fuzz", "UniStream"),
        PackageEntry.Bind(typeof(Http3Connection), "Roadrunner.Http3.Fuzzing.Http3Fuzz", "ResponseStream"),
    ];

    /// <summary>Every target by its command-line name, with what it covers.</summary>
    public static IReadOnlyList<(string Name, FuzzTarget Run, string Covers)> All { get; } =
    [
        ("http1", Http1, "HTTP/1.1 request head parser and body decoder (content-length and chunked, trailers), pipelined, whole and byte by byte"),
        ("hpack", Hpack, "HPACK decoder: one block, a run of blocks with table size updates, Huffman strings; decoded blocks re-encode and decode back"),
        ("http2", Http2, "HTTP/2 server connection after the preface and SETTINGS (whole, 7-octet pieces) and as raw first bytes; events drained, requests answered, output written, timers fired"),
        ("qpack", Qpack, "QPACK field-section decoder against a populated table, and the encoder-stream parser whole and octet by octet"),
        ("http3", Http3, "HTTP/3 connection: octet 0 picks the request, control, QPACK encoder or decoder, typed uni or response stream; the rest arrives whole and octet by octet"),
        ("websocket", WebSocket, "WebSocket server sessions on masked frames, plain and permessage-deflate, assembled and fragment by fragment; close timer; extension header parser"),
        ("quic-wire", QuicWire.Run, "QUIC packet header parser over a datagram (octet 0 picks the short-header DCID length), frame reader in every packet space, transport parameters codec"),
        ("quic-endpoint", QuicEndpoint.Run, "QUIC server endpoint: octet 0 even, the rest is a raw datagram; odd, the rest is the plaintext of a client Initial the target protects, so it reaches TLS and the frame handlers"),
    ];

    /// <summary>The target named <paramref name="name"/>, or null.</summary>
    public static FuzzTarget? Find(string name)
    {
        foreach (var (n, run, _) in All)
        {
            if (n == name) return run;
        }
        return null;
    }

    /// <summary>HTTP/1.1 request heads and bodies.</summary>
    public static void Http1(ReadOnlySpan<byte> data) => Http1Entry(data);

    /// <summary>HPACK header blocks and Huffman strings.</summary>
    public static void Hpack(ReadOnlySpan<byte> data) => HpackEntry(data);

    /// <summary>HTTP/2 frames into a server connection.</summary>
    public static void Http2(ReadOnlySpan<byte> data) => Http2Entry(data);

    /// <summary>A QPACK field section, then the same octets as an encoder stream.</summary>
    public static void Qpack(ReadOnlySpan<byte> data)
    {
        QpackFieldSection(data);
        QpackEncoderStream(data);
    }

    /// <summary>HTTP/3 stream octets; the first picks the stream.</summary>
    public static void Http3(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty) return;
        Http3Streams[data[0] % Http3Streams.Length](data[1..]);
    }

    /// <summary>WebSocket frames from a client into server sessions.</summary>
    public static void WebSocket(ReadOnlySpan<byte> data) => WebSocketEntry(data);
}
