using System.Buffers.Binary;

namespace Roadrunner.Quic.Tls;

/// <summary>
/// A bounds-checked reader of the TLS presentation language (RFC 8446 §3): big-endian integers and vectors with a 1-,
/// 2- or 3-byte length prefix. Every read returns false instead of running past the end, so wire bytes never throw.
/// </summary>
internal ref struct TlsReader(ReadOnlySpan<byte> source)
{
    private ReadOnlySpan<byte> _rest = source;

    /// <summary>The bytes not read yet.</summary>
    public readonly int Remaining => _rest.Length;

    /// <summary>Reads one byte.</summary>
    public bool TryReadUInt8(out byte value)
    {
        if (_rest.IsEmpty)
        {
            value = 0;
            return false;
        }

        value = _rest[0];
        _rest = _rest[1..];
        return true;
    }

    /// <summary>Reads a uint16.</summary>
    public bool TryReadUInt16(out ushort value)
    {
        if (_rest.Length < 2)
        {
            value = 0;
            return false;
        }

        value = BinaryPrimitives.ReadUInt16BigEndian(_rest);
        _rest = _rest[2..];
        return true;
    }

    /// <summary>Reads a uint24.</summary>
    public bool TryReadUInt24(out int value)
    {
        if (_rest.Length < 3)
        {
            value = 0;
            return false;
        }

        value = (_rest[0] << 16) | (_rest[1] << 8) | _rest[2];
        _rest = _rest[3..];
        return true;
    }

    /// <summary>Reads <paramref name="length"/> raw bytes.</summary>
    public bool TryReadBytes(int length, out ReadOnlySpan<byte> value)
    {
        if ((uint)length > (uint)_rest.Length)
        {
            value = default;
            return false;
        }

        value = _rest[..length];
        _rest = _rest[length..];
        return true;
    }

    /// <summary>Reads a vector with a one-byte length, e.g. <c>opaque legacy_session_id&lt;0..32&gt;</c>.</summary>
    public bool TryReadVector8(out ReadOnlySpan<byte> value)
    {
        value = default;
        return TryReadUInt8(out byte length) && TryReadBytes(length, out value);
    }

    /// <summary>Reads a vector with a two-byte length, e.g. <c>Extension extensions&lt;8..2^16-1&gt;</c>.</summary>
    public bool TryReadVector16(out ReadOnlySpan<byte> value)
    {
        value = default;
        return TryReadUInt16(out ushort length) && TryReadBytes(length, out value);
    }

    /// <summary>Reads a vector with a three-byte length, e.g. <c>CertificateEntry certificate_list&lt;0..2^24-1&gt;</c>.</summary>
    public bool TryReadVector24(out ReadOnlySpan<byte> value)
    {
        value = default;
        return TryReadUInt24(out int length) && TryReadBytes(length, out value);
    }
}
