using System.Buffers;
using Roadrunner.Qpack;
using Roadrunner.Tests.Hpack.Support;
using Shouldly;

namespace Roadrunner.Tests.Qpack.Support;

/// <summary>
/// An encoder and a decoder joined the way two HTTP/3 endpoints are: sections travel on request streams, encoder
/// instructions on one stream and decoder instructions back on another, each delivered when the test says so.
/// </summary>
internal sealed class QpackPipe : IDisposable
{
    private readonly ArrayBufferWriter<byte> _encoderStream = new();

    public QpackPipe(int encoderLimit, int decoderCapacity, int blockedStreams, int maxFieldSectionSize = 16384)
    {
        Encoder = new QpackEncoder(encoderLimit);
        Decoder = new QpackDecoder(decoderCapacity, blockedStreams, maxFieldSectionSize);
        Encoder.ApplyPeerSettings(decoderCapacity, blockedStreams);
    }

    public QpackEncoder Encoder { get; }

    public QpackDecoder Decoder { get; }

    /// <summary>Encodes a section; its encoder-stream octets wait in the pipe until <see cref="DeliverEncoderStream"/>.</summary>
    public byte[] Encode(long streamId, IEnumerable<HeaderField> fields)
    {
        var section = new ArrayBufferWriter<byte>();
        Encoder.BeginSection(streamId);
        foreach (var field in fields) Encoder.Encode(QpackTestHelpers.Ascii(field.Name), QpackTestHelpers.Ascii(field.Value), field.NeverIndexed);
        Encoder.EndSection(section);
        Encoder.WriteEncoderStream(_encoderStream);
        return section.WrittenSpan.ToArray();
    }

    /// <summary>Hands the decoder everything written on the encoder stream so far, in pieces of <paramref name="piece"/> octets.</summary>
    public void DeliverEncoderStream(int piece = int.MaxValue)
    {
        var octets = _encoderStream.WrittenSpan;
        for (int i = 0; i < octets.Length; i += piece)
        {
            Decoder.ReceiveEncoderStream(octets.Slice(i, Math.Min(piece, octets.Length - i))).IsNone.ShouldBeTrue();
        }
        _encoderStream.ResetWrittenCount();
    }

    /// <summary>Hands the encoder everything the decoder has to say.</summary>
    public void DeliverDecoderStream()
    {
        var writer = new ArrayBufferWriter<byte>();
        Decoder.WriteDecoderStream(writer);
        Encoder.ReceiveDecoderStream(writer.WrittenSpan).IsNone.ShouldBeTrue();
    }

    /// <summary>Encodes, delivers the encoder stream, decodes and acknowledges: one message's header section.</summary>
    public List<HeaderField> RoundTrip(long streamId, IEnumerable<HeaderField> fields)
    {
        var section = Encode(streamId, fields);
        DeliverEncoderStream();
        var sink = new RecordingSink();
        var result = Decoder.DecodeSection(streamId, section, sink);
        result.Error.ShouldBe(QpackError.None);
        result.Status.ShouldBe(QpackSectionStatus.Decoded);
        DeliverDecoderStream();
        return sink.Fields;
    }

    public void Dispose()
    {
        Encoder.Dispose();
        Decoder.Dispose();
    }
}
