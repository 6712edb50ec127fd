using System.Buffers.Binary;

namespace Roadrunner.Http2.Frames;

/// <summary>
/// The priority fields carried by PRIORITY frames and by HEADERS frames with the PRIORITY flag (RFC 9113 §5.3.2, §6.3).
/// The RFC 7540 priority scheme is deprecated; the fields are parsed and checked, then ignored.
/// </summary>
/// <param name="Exclusive">The exclusive bit.</param>
/// <param name="StreamDependency">The stream this one depends on.</param>
/// <param name="Weight">The weight octet (the weight is this plus one).</param>
public readonly record struct Http2Priority(bool Exclusive, int StreamDependency, byte Weight)
{
    /// <summary>Octets the fields take.</summary>
    public const int Size = 5;

    /// <summary>Reads the five octets at the start of <paramref name="source"/>.</summary>
    public static Http2Priority Read(ReadOnlySpan<byte> source)
    {
        uint dependency = BinaryPrimitives.ReadUInt32BigEndian(source);
        return new Http2Priority((dependency & 0x80000000) != 0, (int)(dependency & 0x7FFFFFFF), source[4]);
    }

    /// <summary>Writes the five octets at the start of <paramref name="destination"/>.</summary>
    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)StreamDependency | (Exclusive ? 0x80000000 : 0));
        destination[4] = Weight;
    }
}
