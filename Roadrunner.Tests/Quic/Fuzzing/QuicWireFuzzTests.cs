using Roadrunner.Quic;
using Roadrunner.Quic.Frames;
using Roadrunner.Quic.Packets;
using Roadrunner.Quic.TransportParameters;

namespace Roadrunner.Tests.Quic.Fuzzing;

/// <summary>
/// Seeded random bytes and mutations of valid encodings through the header parser, the datagram walker, the frame
/// reader and the transport parameter decoder. The only property: wire bytes never throw.
/// </summary>
[TestClass]
public sealed class QuicWireFuzzTests
{
    private static readonly QuicPacketType[] FrameSpaces = [QuicPacketType.Initial, QuicPacketType.Handshake, QuicPacketType.ZeroRtt, QuicPacketType.OneRtt];

    private static byte[][] Seeds()
    {
        var buffer = new byte[512];
        var seeds = new List<byte[]>();
        QuicPacketWriter.TryWriteInitial(buffer, QuicVersion.Version1, [1, 2, 3, 4], [5, 6], [7, 8, 9], 1, 2, 40, out int n);
        seeds.Add(buffer[..(n + 40)]);
        QuicPacketWriter.TryWriteShort(buffer, [1, 2, 3, 4], true, false, 9, 1, out n);
        seeds.Add(buffer[..(n + 20)]);
        QuicPacketWriter.TryWriteVersionNegotiation(buffer, [1], [2], [1, 2], out n);
        seeds.Add(buffer[..n]);

        int at = 0;
        QuicFrameWriter.TryWriteAck(buffer, [new(50, 60), new(10, 20)], 3, out n, new QuicEcnCounts(1, 2, 3));
        at += n;
        QuicFrameWriter.TryWriteStream(buffer.AsSpan(at), 4, 100, [1, 2, 3], true, out n);
        at += n;
        QuicFrameWriter.TryWriteNewConnectionId(buffer.AsSpan(at), 2, 1, [1, 2, 3], new byte[16], out n);
        at += n;
        QuicFrameWriter.TryWriteCrypto(buffer.AsSpan(at), 0, [1, 2], out n);
        at += n;
        QuicFrameWriter.TryWriteConnectionClose(buffer.AsSpan(at), 7, 8, "r"u8, out n);
        at += n;
        seeds.Add(buffer[..at]);

        var parameters = new QuicTransportParameters
        {
            OriginalDestinationConnectionId = new QuicConnectionId([1, 2]),
            InitialSourceConnectionId = new QuicConnectionId([3]),
            InitialMaxData = 1000,
            MaxAckDelay = 30,
            PreferredAddress = new QuicPreferredAddress(1, 2, 3, 4, new QuicConnectionId([9]), default),
        };
        QuicTransportParametersCodec.TryEncode(parameters, buffer, out n);
        seeds.Add(buffer[..n]);
        return [.. seeds];
    }

    private static void Feed(byte[] input, int shortDcidLength)
    {
        var reader = new QuicDatagramReader(input, shortDcidLength);
        while (reader.TryReadPacket(out var header, out _))
        {
            _ = header.PacketNumberOffset;
        }

        foreach (var space in FrameSpaces)
        {
            var frames = new QuicFrameReader(input, space);
            while (frames.TryReadFrame(out var frame, out _))
            {
                if (frame.Type is QuicFrameType.ACK or QuicFrameType.ACK_ECN)
                {
                    foreach (var range in frame.GetAckRanges()) _ = range.Smallest;
                }
            }
        }

        QuicTransportParametersCodec.TryDecode(input, QuicRole.Client, out _);
        QuicTransportParametersCodec.TryDecode(input, QuicRole.Server, out _);
    }

    /// <summary>Random datagrams of random lengths never throw.</summary>
    [TestMethod]
    public void RandomBytes_NeverThrow()
    {
        var random = new Random(9000);
        for (int i = 0; i < 5000; i++)
        {
            var input = new byte[random.Next(0, 300)];
            random.NextBytes(input);
            Run(input, random.Next(0, 21), i);
        }
    }

    /// <summary>Bit flips, insertions, deletions and splices of valid encodings never throw.</summary>
    [TestMethod]
    public void Mutations_OfValidEncodings_NeverThrow()
    {
        var seeds = Seeds();
        var random = new Random(8999);
        for (int i = 0; i < 5000; i++)
        {
            var bytes = new List<byte>(seeds[random.Next(seeds.Length)]);
            for (int m = random.Next(1, 5); m > 0; m--)
            {
                int at = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
                switch (random.Next(4))
                {
                    case 0 when bytes.Count > 0:
                        bytes[at] ^= (byte)(1 << random.Next(8));
                        break;
                    case 1:
                        bytes.Insert(at, (byte)random.Next(256));
                        break;
                    case 2 when bytes.Count > 0:
                        bytes.RemoveAt(at);
                        break;
                    default:
                        bytes.InsertRange(at, seeds[random.Next(seeds.Length)]);
                        break;
                }
            }

            Run([.. bytes], 4, i);
        }
    }

    private static void Run(byte[] input, int shortDcidLength, int iteration)
    {
        try
        {
            Feed(input, shortDcidLength);
        }
        catch (Exception e)
        {
            Assert.Fail($"iteration {iteration} threw on {Convert.ToHexString(input)}: {e}");
        }
    }
}
