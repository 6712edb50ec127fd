
namespace Roadrunner.WebSockets.Utf8;

/// <summary>
/// Incremental, strict UTF-8 validation (RFC 3629 §4, as RFC 6455 §8.1 requires of text messages) that carries an
/// incomplete sequence from one piece to the next, so a message is checked as its fragments (or the pieces of one
/// frame) arrive and fails on the first piece that cannot start valid text.
/// </summary>
/// <remarks>
/// <para>
/// Whole runs go through <see cref="System.Text.Unicode.Utf8.IsValid"/>, which is vectorised and skips ASCII
/// 16–64 bytes at a time; only the few bytes around a piece boundary are walked here, with the RFC 3629 table:
/// </para>
/// <code>
/// UTF8-1 = %x00-7F
/// UTF8-2 = %xC2-DF UTF8-tail
/// UTF8-3 = %xE0 %xA0-BF UTF8-tail / %xE1-EC 2( UTF8-tail ) / %xED %x80-9F UTF8-tail / %xEE-EF 2( UTF8-tail )
/// UTF8-4 = %xF0 %x90-BF 2( UTF8-tail ) / %xF1-F3 3( UTF8-tail ) / %xF4 %x80-8F 2( UTF8-tail )
/// </code>
/// <para>
/// That rejects overlong forms (C0, C1, E0 80..9F, F0 80..8F), surrogates (ED A0..BF) and code points above
/// U+10FFFF (F4 90.., F5..FF) at the first byte that proves them wrong.
/// </para>
/// </remarks>
internal struct Utf8Validator
{
    private byte _needed; // continuation bytes still expected
    private byte _lower;  // bounds of the next continuation byte
    private byte _upper;
    private bool _failed;

    /// <summary>True when no sequence is left open: the text so far may end here (§8.1: a message ending mid-sequence is invalid).</summary>
    public readonly bool IsComplete => _needed == 0 && !_failed;

    /// <summary>Starts a new text.</summary>
    public void Reset() => this = default;

    /// <summary>
    /// Validates the next piece of text. Returns false, and keeps returning false, once the bytes so far cannot be
    /// the start of valid UTF-8.
    /// </summary>
    public bool Validate(ReadOnlySpan<byte> data)
    {
        if (_failed) return false;
        int i = 0;
        // Finish the sequence left open by the previous piece.
        while (_needed > 0 && i < data.Length)
        {
            if (!Continue(data[i++])) return Fail();
        }
        if (i == data.Length) return true;
        data = data[i..];

        // Split off a trailing sequence that this piece leaves incomplete; the rest is whole and goes to the
        // vectorised validator.
        int tail = IncompleteTailStart(data);
        if (!System.Text.Unicode.Utf8.IsValid(data[..tail])) return Fail();
        for (i = tail; i < data.Length; i++)
        {
            if (_needed == 0 ? !Lead(data[i]) : !Continue(data[i])) return Fail();
        }
        return true;
    }

    /// <summary>Where a final, truncated multi-byte sequence starts, or <c>data.Length</c> when the piece ends on a boundary.</summary>
    private static int IncompleteTailStart(ReadOnlySpan<byte> data)
    {
        // A sequence is at most 4 bytes, so an incomplete one starts within the last 3.
        int limit = Math.Max(0, data.Length - 3);
        for (int j = data.Length - 1; j >= limit; j--)
        {
            byte b = data[j];
            if ((b & 0xC0) == 0x80) continue; // a continuation byte: keep looking for its lead
            int length = b < 0xC0 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
            return data.Length - j < length ? j : data.Length;
        }
        return data.Length;
    }

    private bool Lead(byte b)
    {
        switch (b)
        {
            case < 0x80: return true;
            case >= 0xC2 and <= 0xDF: return Expect(1, 0x80, 0xBF);
            case 0xE0: return Expect(2, 0xA0, 0xBF);
            case >= 0xE1 and <= 0xEC or 0xEE or 0xEF: return Expect(2, 0x80, 0xBF);
            case 0xED: return Expect(2, 0x80, 0x9F);
            case 0xF0: return Expect(3, 0x90, 0xBF);
            case >= 0xF1 and <= 0xF3: return Expect(3, 0x80, 0xBF);
            case 0xF4: return Expect(3, 0x80, 0x8F);
            default: return false; // 80..C1 (stray continuation, overlong 2-byte lead) and F5..FF
        }
    }

    private bool Expect(int needed, byte lower, byte upper)
    {
        _needed = (byte)needed;
        _lower = lower;
        _upper = upper;
        return true;
    }

    private bool Continue(byte b)
    {
        if (b < _lower || b > _upper) return false;
        _needed--;
        _lower = 0x80;
        _upper = 0xBF;
        return true;
    }

    private bool Fail()
    {
        _failed = true;
        return false;
    }
}
