using System.Buffers;
using Roadrunner.Hpack;

namespace Roadrunner.Qpack.Fuzzing;

/// <summary>
/// Fuzz targets: drive each QPACK parser over arbitrary octets the way a connection does, and check properties that
/// must hold whatever the input. Wire octets never throw; an exception from here is a bug, raised on purpose when a
/// property breaks.
/// </summary>
internal static class QpackFuzz
{
    /// <summary>The encoder-stream parser, fed whole and then one octet at a time: both must end in the same state.</summary>
    public static void EncoderStream(ReadOnlySpan<byte> data)
    {
        using var whole = new QpackDecoder(maxTableCapacity: 256, maxBlockedStreams: 2, maxFieldSectionSize: 512);
        var wholeError = whole.ReceiveEncoderStream(data);
        using var split = new QpackDecoder(maxTableCapacity: 256, maxBlockedStreams: 2, maxFieldSectionSize: 512);
        var splitError = QpackError.None;
        for (int i = 0; i < data.Length && splitError.IsNone; i++) splitError = split.ReceiveEncoderStream(data.Slice(i, 1));

        // Input split at any point applies the same instructions; only an over-long partial instruction may be
        // caught at a different point, and it is the same error either way.
        Check(wholeError.Code == splitError.Code, "whole and split input end with different error codes");
        if (wholeError.IsNone)
        {
            Check(whole.InsertCount == split.InsertCount && whole.TableSize == split.TableSize, "whole and split input build different tables");
        }
        Check(whole.TableSize <= whole.TableCapacity, "table larger than its capacity");
    }

    /// <summary>The decoder-stream parser against an encoder with outstanding sections.</summary>
    public static void DecoderStream(ReadOnlySpan<byte> data)
    {
        using var encoder = new QpackEncoder();
        encoder.ApplyPeerSettings(256, 2);
        var section = new ArrayBufferWriter<byte>();
        for (int stream = 0; stream < 3; stream++)
        {
            encoder.BeginSection(stream * 4);
            encoder.Encode("x-fuzz"u8, "value"u8);
            encoder.EndSection(section);
        }
        var error = encoder.ReceiveDecoderStream(data);
        Check(error.IsNone || error.Code == QpackErrorCode.QPACK_DECODER_STREAM_ERROR, "decoder-stream error with the wrong code");
        Check(encoder.KnownReceivedCount <= encoder.InsertCount, "Known Received Count past the inserts");
        encoder.BeginSection(100);
        encoder.Encode("x-fuzz"u8, "value"u8);
        encoder.EndSection(section);
    }

    /// <summary>The field-section decoder, against a table with a few entries.</summary>
    public static void FieldSection(ReadOnlySpan<byte> data)
    {
        using var decoder = new QpackDecoder(maxTableCapacity: 256, maxBlockedStreams: 2, maxFieldSectionSize: 512);
        // Capacity 220, :authority www.example.com, :path /sample/path (RFC 9204 B.2).
        decoder.ReceiveEncoderStream(
        [
            0x3f, 0xbd, 0x01, 0xc0, 0x0f, .. "www.example.com"u8, 0xc1, 0x0c, .. "/sample/path"u8,
        ]);
        var sink = new SizeSink();
        var result = decoder.DecodeSection(0, data, sink);
        Check(result.Status != QpackSectionStatus.Failed || result.Error.Code == QpackErrorCode.QPACK_DECOMPRESSION_FAILED, "section error with the wrong code");
        Check(sink.Size <= decoder.MaxFieldSectionSize, "fields past the section size limit reached the sink");
    }

    private static void Check(bool condition, string property)
    {
        if (!condition) throw new InvalidOperationException("QPACK fuzz property broken: " + property);
    }

    private sealed class SizeSink : IHeaderSink
    {
        public long Size { get; private set; }

        public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, bool neverIndexed) => Size += name.Length + value.Length + 32;
    }
}
