namespace Roadrunner.Hpack.Integers;

/// <summary>The outcome of reading a prefixed integer (RFC 7541 §5.1).</summary>
public enum IntegerDecodeStatus
{
    /// <summary>The integer was read completely.</summary>
    Done,
    /// <summary>The input ends inside the integer. In HPACK a header block is complete, so this is a truncated block.</summary>
    NeedMoreData,
    /// <summary>The integer does not fit in a non-negative 32-bit <see cref="int"/>, or uses more continuation octets than such a value needs.</summary>
    Overflow,
}
