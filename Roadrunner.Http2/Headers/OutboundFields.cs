using System.Buffers;
using Roadrunner.Hpack;

namespace Roadrunner.Http2.Headers;

/// <summary>
/// Checks and encodes the fields the application sends (RFC 9113 §8.2). Every field of a section is checked before
/// any is encoded: an exception half-way through encoding would leave the HPACK encoder's table ahead of the peer's.
/// </summary>
internal static class OutboundFields
{
    private const int StackLimit = 256;

    /// <summary>Throws for a field that cannot be sent.</summary>
    /// <exception cref="ArgumentException">The name is empty, a pseudo-header field or not a token, or the value holds NUL, CR, LF or a character above U+00FF.</exception>
    public static void Validate(in Http2Header header)
    {
        if (header.NameString is { } name)
        {
            foreach (char c in name)
            {
                char lower = c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
                if (lower > 0x7F || FieldSyntax.CheckName([(byte)lower]) is not null) throw InvalidName(name);
            }

            if (name.Length == 0) throw InvalidName(name);
            foreach (char c in header.ValueString!)
            {
                if (c > 0xFF || c is '\0' or '\r' or '\n') throw InvalidValue(name);
            }

            return;
        }

        var nameBytes = header.NameBytes.Span;
        if (FieldSyntax.CheckName(nameBytes) is not null) throw InvalidName(System.Text.Encoding.Latin1.GetString(nameBytes));
        if (header.ValueBytes.Span.IndexOfAny((byte)0, (byte)'\r', (byte)'\n') >= 0) throw InvalidValue(System.Text.Encoding.Latin1.GetString(nameBytes));
    }

    /// <summary>Encodes one checked field into the block; connection-specific fields are dropped.</summary>
    public static void Encode(HpackEncoder encoder, IBufferWriter<byte> block, in Http2Header header)
    {
        if (header.NameString is not { } nameString)
        {
            EncodeBytes(encoder, block, header.NameBytes.Span, header.ValueBytes.Span, header.NeverIndex);
            return;
        }

        string valueString = header.ValueString!;
        byte[]? rentedName = null;
        byte[]? rentedValue = null;
        try
        {
            Span<byte> name = nameString.Length <= StackLimit ? stackalloc byte[StackLimit] : (rentedName = ArrayPool<byte>.Shared.Rent(nameString.Length));
            name = name[..nameString.Length];
            for (int i = 0; i < nameString.Length; i++)
            {
                char c = nameString[i];
                name[i] = (byte)(c is >= 'A' and <= 'Z' ? c + 32 : c);
            }

            Span<byte> value = valueString.Length <= StackLimit ? stackalloc byte[StackLimit] : (rentedValue = ArrayPool<byte>.Shared.Rent(valueString.Length));
            value = value[..valueString.Length];
            for (int i = 0; i < valueString.Length; i++) value[i] = (byte)valueString[i];
            EncodeBytes(encoder, block, name, value, header.NeverIndex);
        }
        finally
        {
            if (rentedName is not null) ArrayPool<byte>.Shared.Return(rentedName);
            if (rentedValue is not null) ArrayPool<byte>.Shared.Return(rentedValue);
        }
    }

    private static void EncodeBytes(HpackEncoder encoder, IBufferWriter<byte> block, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, bool neverIndex)
    {
        // RFC 9113 §8.2.2: "An endpoint MUST NOT generate an HTTP/2 message containing connection-specific header
        // fields"; an intermediary "MUST remove" them, which is what happens here.
        if (FieldSyntax.IsConnectionSpecific(name)) return;

        // RFC 9113 §8.2.1: "A field value MUST NOT start or end with an ASCII whitespace character".
        encoder.Encode(block, name, value.Trim(" \t"u8), neverIndex);
    }

    private static ArgumentException InvalidName(string name) =>
        new($"Field name '{name}' is not a token (pseudo-header fields are set by the connection).", "headers");

    private static ArgumentException InvalidValue(string name) =>
        new($"Field '{name}' has a value with NUL, CR, LF or a character above U+00FF.", "headers");
}
