using Roadrunner.Qpack;
using Roadrunner.Qpack.Fuzzing;
using Roadrunner.Tests.Hpack.Support;
using Shouldly;
using static Roadrunner.Tests.Qpack.Support.QpackTestHelpers;

namespace Roadrunner.Tests.Qpack.Fuzzing;

/// <summary>
/// Seeded random octets and mutations of the Appendix B octets, fed to the encoder-stream parser, the decoder-stream
/// parser and the field-section decoder, whole and in pieces: wire octets never throw, and every refusal carries
/// a QPACK error code and a reason.
/// </summary>
[TestClass]
public sealed class QpackFuzzTests
{
    private static readonly string[] Seeds =
    [
        "3fbd01 c00f 7777 772e 6578 616d 706c 652e 636f 6d c10c 2f73 616d 706c 652f 7061 7468",
        "4a63 7573 746f 6d2d 6b65 790c 6375 7374 6f6d 2d76 616c 7565",
        "02 810d 6375 7374 6f6d 2d76 616c 7565 32",
        "0000 510b 2f69 6e64 6578 2e68 746d 6c",
        "0381 10 11",
        "0500 80 c1 81",
        "84 01 48",
        "0000 2f01 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf",
    ];

    [TestMethod]
    public void RandomOctets_NeverThrow()
    {
        var random = new Random(9204);
        for (int i = 0; i < 4000; i++)
        {
            var input = new byte[random.Next(0, 200)];
            random.NextBytes(input);
            Run(input, random);
        }
    }

    [TestMethod]
    public void MutatedExamples_NeverThrow()
    {
        var seeds = Seeds.Select(Hex).ToArray();
        var random = new Random(20220601);
        for (int i = 0; i < 6000; i++)
        {
            var input = seeds[random.Next(seeds.Length)].Concat(seeds[random.Next(seeds.Length)]).ToArray();
            int flips = random.Next(1, 4);
            for (int f = 0; f < flips && input.Length > 0; f++)
            {
                int at = random.Next(input.Length);
                input[at] = random.Next(3) == 0 ? (byte)random.Next(256) : (byte)(input[at] ^ (1 << random.Next(8)));
            }
            Run(input, random);
        }
    }

    private static void Run(byte[] input, Random random)
    {
        QpackFuzz.EncoderStream(input);
        QpackFuzz.DecoderStream(input);
        QpackFuzz.FieldSection(input);

        // Encoder stream, whole and in random pieces, then the same octets as a field section.
        using var decoder = new QpackDecoder(maxTableCapacity: 256, maxBlockedStreams: 2, maxFieldSectionSize: 512);
        Check(decoder.ReceiveEncoderStream(input));
        using var pieces = new QpackDecoder(maxTableCapacity: 256, maxBlockedStreams: 2, maxFieldSectionSize: 512);
        for (int i = 0; i < input.Length;)
        {
            int length = Math.Min(random.Next(1, 8), input.Length - i);
            Check(pieces.ReceiveEncoderStream(input.AsSpan(i, length)));
            i += length;
        }
        using var sections = new QpackDecoder(maxTableCapacity: 256, maxBlockedStreams: 2, maxFieldSectionSize: 512);
        sections.ReceiveEncoderStream(Hex(Seeds[0]));
        var result = sections.DecodeSection(0, input, new RecordingSink());
        if (result.Status == QpackSectionStatus.Failed) Check(result.Error);
        Check(sections.ReceiveEncoderStream(input));
        while (sections.TryReadEvent(out var decoded)) Check(decoded.Error);
        sections.WriteDecoderStream(new System.Buffers.ArrayBufferWriter<byte>());

        // Decoder stream against an encoder with outstanding sections.
        using var encoder = new QpackEncoder();
        encoder.ApplyPeerSettings(256, 2);
        EncodeSection(encoder, 4, new HeaderField("x-a", "1"), new HeaderField("x-b", "2"));
        EncodeSection(encoder, 8, new HeaderField("x-a", "1"));
        for (int i = 0; i < input.Length;)
        {
            int length = Math.Min(random.Next(1, 5), input.Length - i);
            Check(encoder.ReceiveDecoderStream(input.AsSpan(i, length)));
            i += length;
        }
        EncodeSection(encoder, 12, new HeaderField("x-c", "3"));
    }

    private static void Check(QpackError error)
    {
        if (error.IsNone) return;
        error.Reason.ShouldNotBeNullOrEmpty();
        ((long)error.Code).ShouldBeInRange(0x200, 0x202);
    }
}
