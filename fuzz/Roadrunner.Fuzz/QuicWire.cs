using Roadrunner.Quic;
using Roadrunner.Quic.Frames;
using Roadrunner.Quic.Packets;
using Roadrunner.Quic.TransportParameters;

namespace Roadrunner.Fuzz;

/// <summary>
/// QUIC wire parsing with no connection behind it: the packet headers of a datagram, the frames of a payload in each
/// packet space, and the transport parameters extension. Properties: nothing throws, every reader moves forward, and
/// what a reader hands back lies inside the input.
/// </summary>
public static class QuicWire
{
    private static readonly QuicPacketType[] FrameSpaces = [QuicPacketType.Initial, QuicPacketType.ZeroRtt, QuicPacketType.Handshake, QuicPacketType.OneRtt];

    /// <summary>Octet 0 modulo 21 is the short-header connection ID length; the rest is the datagram.</summary>
    public static void Run(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty) return;
        var datagram = data[1..];
        ReadPackets(datagram, data[0] % (QuicPacketParser.MaxConnectionIdLength + 1));
        foreach (var space in FrameSpaces) ReadFrames(datagram, space);
        ReadTransportParameters(datagram, QuicRole.Client);
        ReadTransportParameters(datagram, QuicRole.Server);
    }

    private static void ReadPackets(ReadOnlySpan<byte> datagram, int shortHeaderConnectionIdLength)
    {
        var reader = new QuicDatagramReader(datagram, shortHeaderConnectionIdLength);
        int previous = reader.Offset;
        while (reader.TryReadPacket(out var header, out _))
        {
            Check(header.PacketStart == previous && header.PacketEnd > header.PacketStart && header.PacketEnd <= datagram.Length, "a packet lies outside the datagram");
            Check(reader.Offset == header.PacketEnd, "the reader did not move to the end of the packet");
            // RFC 9000 §17.2: 20 octets at most in version 1; RFC 8999 §5.1: up to 255 in other versions and Version
            // Negotiation, which a server must still read to answer.
            if (header.Version == QuicVersion.Version1)
            {
                Check(header.DestinationConnectionId.Length <= QuicPacketParser.MaxConnectionIdLength && header.SourceConnectionId.Length <= QuicPacketParser.MaxConnectionIdLength, "a version 1 connection ID over 20 octets");
            }
            if (header.HasPacketNumber) Check(header.PacketNumberOffset > header.PacketStart && header.PacketNumberOffset < header.PacketEnd, "the packet number lies outside the packet");
            for (int i = 0; i < header.SupportedVersionCount; i++) _ = header.GetSupportedVersion(i);
            _ = header.Token.Length + header.RetryIntegrityTag.Length;
            previous = reader.Offset;
        }
    }

    private static void ReadFrames(ReadOnlySpan<byte> payload, QuicPacketType space)
    {
        var frames = new QuicFrameReader(payload, space);
        int previous = frames.Position;
        while (frames.TryReadFrame(out var frame, out var error))
        {
            Check(error.IsNone, "a frame was read together with an error");
            Check(frames.Position > previous && frames.Position <= payload.Length, "the frame reader did not move forward inside the payload");
            Check(frame.Data.Length <= payload.Length && frame.ReasonPhrase.Length <= payload.Length, "frame data longer than the payload");
            if (frame.Type is QuicFrameType.ACK or QuicFrameType.ACK_ECN)
            {
                ulong below = ulong.MaxValue;
                foreach (var range in frame.GetAckRanges())
                {
                    Check(range.Smallest <= range.Largest && range.Largest < below, "ACK ranges out of order");
                    below = range.Smallest;
                }
            }
            previous = frames.Position;
        }
    }

    private static void ReadTransportParameters(ReadOnlySpan<byte> input, QuicRole sender)
    {
        if (!QuicTransportParametersCodec.TryDecode(input, sender, out var parameters).IsNone || parameters is null) return;

        // What was accepted encodes again and decodes to an accepted set.
        var encoded = new byte[QuicTransportParametersCodec.GetEncodedLength(parameters)];
        Check(QuicTransportParametersCodec.TryEncode(parameters, encoded, out int written) && written == encoded.Length, "accepted transport parameters do not encode");
        Check(QuicTransportParametersCodec.TryDecode(encoded, sender, out _).IsNone, "re-encoded transport parameters are refused");
    }

    private static void Check(bool condition, string property)
    {
        if (!condition) throw new InvalidOperationException("QUIC wire fuzz property broken: " + property);
    }
}
