using System.Buffers.Text;
using System.Security.Cryptography;

namespace Roadrunner.WebSockets.Handshake;

/// <summary>
/// The Sec-WebSocket-Key / Sec-WebSocket-Accept pair (RFC 6455 §4.2.2 step 5.4, §1.3): the accept value is
/// "the base64-encoded SHA-1 of the concatenation of the |Sec-WebSocket-Key| (as a string, not base64-decoded)
/// with the string "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"".
/// </summary>
public static class SecWebSocketAccept
{
    /// <summary>Length of a valid key: base64 of a 16-byte nonce (§4.1: "randomly selected 16-byte value that has been base64-encoded").</summary>
    public const int KeyLength = 24;

    /// <summary>Length of the accept value: base64 of a 20-byte SHA-1 hash.</summary>
    public const int AcceptLength = 28;

    private static ReadOnlySpan<byte> Guid => "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"u8;

    /// <summary>
    /// Whether <paramref name="key"/> (already trimmed) is a valid Sec-WebSocket-Key: §4.2.1 item 5, "when
    /// decoded, is 16 bytes in length".
    /// </summary>
    public static bool IsValidKey(ReadOnlySpan<char> key)
    {
        if (key.Length != KeyLength) return false;
        Span<byte> nonce = stackalloc byte[18];
        return Convert.TryFromBase64Chars(key, nonce, out int written) && written == 16;
    }

    /// <summary>
    /// For a client: a fresh Sec-WebSocket-Key, §4.1 item 7: "a nonce consisting of a randomly selected 16-byte value
    /// that has been base64-encoded".
    /// </summary>
    public static string CreateKey()
    {
        Span<byte> nonce = stackalloc byte[16];
        RandomNumberGenerator.Fill(nonce);
        return Convert.ToBase64String(nonce);
    }

    /// <summary>
    /// Computes the accept value for a valid <paramref name="key"/>; allocates only the returned string.
    /// </summary>
    /// <example><c>SecWebSocketAccept.Compute("dGhlIHNhbXBsZSBub25jZQ==")</c> is <c>"s3pPLMBiTxaQ9kYGzzhZRbK+xOo="</c> (§1.3).</example>
    public static string Compute(ReadOnlySpan<char> key)
    {
        Span<byte> accept = stackalloc byte[AcceptLength];
        if (!TryCompute(key, accept)) throw new ArgumentException("Sec-WebSocket-Key must be 24 base64 characters encoding 16 bytes.", nameof(key));
        return string.Create(AcceptLength, accept, static (chars, bytes) =>
        {
            for (int i = 0; i < chars.Length; i++) chars[i] = (char)bytes[i];
        });
    }

    /// <summary>
    /// Writes the 28 ASCII bytes of the accept value for <paramref name="key"/> into <paramref name="destination"/>
    /// without allocating; false when the key is not valid or the destination is too short.
    /// </summary>
    public static bool TryCompute(ReadOnlySpan<char> key, Span<byte> destination)
    {
        if (destination.Length < AcceptLength || !IsValidKey(key)) return false;
        Span<byte> input = stackalloc byte[KeyLength + 36];
        for (int i = 0; i < KeyLength; i++) input[i] = (byte)key[i]; // base64 alphabet: ASCII
        Guid.CopyTo(input[KeyLength..]);
        Span<byte> hash = stackalloc byte[20];
        SHA1.HashData(input, hash); // CA5350: SHA-1 is what RFC 6455 specifies here; it is not used for security.
        Base64.EncodeToUtf8(hash, destination, out _, out _);
        return true;
    }
}
