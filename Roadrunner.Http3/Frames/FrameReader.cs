namespace Roadrunner.Http3.Frames;

/// <summary>
/// Reads frames (RFC 9114 §7.1) from a stream whose octets arrive in pieces of any size: the header's two variable-length
/// integers are gathered in a few octets of its own, the payload is handed out as it arrives and never buffered here.
/// </summary>
/// <remarks>
/// <code>
/// HTTP/3 Frame Format {
///   Type (i),
///   Length (i),
///   Frame Payload (..),
/// }
/// </code>
/// </remarks>
internal sealed class FrameReader
{
    private readonly byte[] _partial = new byte[VarInt.MaxLength];
    private int _partialLength;
    private bool _typeRead;

    /// <summary>True between a frame's header and the end of its payload.</summary>
    public bool InPayload { get; private set; }

    /// <summary>The type of the current frame.</summary>
    public long Type { get; private set; }

    /// <summary>The payload length of the current frame.</summary>
    public long Length { get; private set; }

    /// <summary>Payload octets of the current frame not read yet.</summary>
    public long Remaining { get; private set; }

    /// <summary>True when the stream may end here: not inside a frame header or payload (§7.1: a truncated frame is H3_FRAME_ERROR).</summary>
    public bool AtBoundary => !InPayload && _partialLength == 0 && !_typeRead;

    /// <summary>Clears the state for a stream reused from a pool.</summary>
    public void Reset()
    {
        _partialLength = 0;
        _typeRead = false;
        InPayload = false;
        Type = Length = Remaining = 0;
    }

    /// <summary>
    /// Reads one variable-length integer that may be split across calls (a stream type, §6.2), consuming from
    /// <paramref name="data"/>. Only valid outside a frame.
    /// </summary>
    public bool TryReadVarInt(ref ReadOnlySpan<byte> data, out long value)
    {
        value = 0;
        if (data.IsEmpty) return false;
        if (_partialLength == 0 && VarInt.TryRead(data, out value, out int length))
        {
            data = data[length..];
            return true;
        }

        // Gather the integer's octets: its length is known from the first one.
        if (_partialLength == 0) _partial[_partialLength++] = ReadOne(ref data);
        int size = 1 << (_partial[0] >> 6);
        while (_partialLength < size && !data.IsEmpty) _partial[_partialLength++] = ReadOne(ref data);
        if (_partialLength < size) return false;
        VarInt.TryRead(_partial.AsSpan(0, size), out value, out _);
        _partialLength = 0;
        return true;
    }

    /// <summary>Reads a frame header, consuming from <paramref name="data"/>; true when a new frame starts.</summary>
    public bool TryReadHeader(ref ReadOnlySpan<byte> data)
    {
        if (!_typeRead)
        {
            if (!TryReadVarInt(ref data, out long type)) return false;
            Type = type;
            _typeRead = true;
        }
        if (!TryReadVarInt(ref data, out long length)) return false;
        _typeRead = false;
        Length = Remaining = length;
        InPayload = true;
        return true;
    }

    /// <summary>Takes the next piece of the current payload from <paramref name="data"/>.</summary>
    public ReadOnlySpan<byte> TakePayload(ref ReadOnlySpan<byte> data)
    {
        int take = (int)Math.Min(Remaining, data.Length);
        var piece = data[..take];
        data = data[take..];
        Remaining -= take;
        return piece;
    }

    /// <summary>Ends the current frame once its payload is read.</summary>
    public void EndFrame() => InPayload = false;

    private static byte ReadOne(ref ReadOnlySpan<byte> data)
    {
        byte b = data[0];
        data = data[1..];
        return b;
    }
}
