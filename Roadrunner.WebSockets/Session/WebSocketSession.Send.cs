using System.Security.Cryptography;
using System.Text;
using Roadrunner.WebSockets.Buffers;
using Roadrunner.WebSockets.Deflate;
using Roadrunner.WebSockets.Frames;

namespace Roadrunner.WebSockets.Session;

/// <summary>Sending: data messages (whole or fragmented, compressed when agreed), Ping, Pong and Close.</summary>
public sealed partial class WebSocketSession
{
    private bool _sendInMessage;
    private WebSocketMessageType _sendType;
    private bool _sendCompressed;
    private MessageCompressor? _compressor;
    private PooledByteBuffer? _text;
    private readonly byte[] _maskKeys = new byte[64];
    private int _maskKeyAt = 64;

    /// <summary>A fixed masking key for the client role, so tests can compare bytes; null draws a fresh random key per frame.</summary>
    internal uint? FixedMaskKey { get; set; }

    /// <summary>
    /// Sends UTF-8 text (not re-validated: the caller vouches for it), whole or as one fragment
    /// (<paramref name="endOfMessage"/> false, then more calls, RFC 6455 §5.4). <paramref name="compress"/> asks
    /// for permessage-deflate when it was agreed; the first fragment decides for the whole message. Returns false
    /// (and sends nothing) once our Close is out.
    /// </summary>
    /// <exception cref="InvalidOperationException">A binary message is unfinished.</exception>
    public bool SendText(ReadOnlySpan<byte> utf8, bool endOfMessage = true, bool compress = true) =>
        SendData(WebSocketMessageType.Text, utf8, endOfMessage, compress);

    /// <summary>Sends text, encoded as UTF-8; a fragment should end on a whole character. See <see cref="SendText(ReadOnlySpan{byte}, bool, bool)"/>.</summary>
    public bool SendText(ReadOnlySpan<char> text, bool endOfMessage = true, bool compress = true)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _text ??= new PooledByteBuffer();
        _text.Clear();
        var span = _text.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        int written = Encoding.UTF8.GetBytes(text, span);
        return SendData(WebSocketMessageType.Text, span[..written], endOfMessage, compress);
    }

    /// <summary>Sends binary data, whole or as one fragment. See <see cref="SendText(ReadOnlySpan{byte}, bool, bool)"/>.</summary>
    /// <exception cref="InvalidOperationException">A text message is unfinished.</exception>
    public bool SendBinary(ReadOnlySpan<byte> data, bool endOfMessage = true, bool compress = true) =>
        SendData(WebSocketMessageType.Binary, data, endOfMessage, compress);

    /// <summary>Sends a Ping (at most 125 bytes of application data, §5.5); false once our Close is out.</summary>
    public bool SendPing(ReadOnlySpan<byte> payload = default) => SendControl(WebSocketOpcode.Ping, payload);

    /// <summary>Sends an unsolicited Pong (§5.5.3: "serves as a unidirectional heartbeat"); false once our Close is out.</summary>
    public bool SendPong(ReadOnlySpan<byte> payload = default) => SendControl(WebSocketOpcode.Pong, payload);

    /// <summary>
    /// Starts the closing handshake (RFC 6455 §7.1.2): sends Close with <paramref name="code"/> and
    /// <paramref name="reason"/>, then waits for the peer's Close until <paramref name="now"/> +
    /// <see cref="WebSocketOptions.CloseTimeout"/>. Returns false when a Close was already sent.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The code may not be sent (1004–1006, 1015, outside 1000–4999 ...).</exception>
    /// <exception cref="ArgumentException">The reason is longer than 123 bytes in UTF-8.</exception>
    public bool SendClose(WebSocketCloseCode code, string? reason, long now)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        CheckClose(code, ref reason);
        if (_closeSent || _state == WebSocketState.Closed) return false;
        WriteClose(code, reason);
        _closeSent = true;
        _sendInMessage = false;
        _state = WebSocketState.CloseSent;
        _deadline = now + _closeTimeoutTicks;
        return true;
    }

    private static void CheckClose(WebSocketCloseCode code, [System.Diagnostics.CodeAnalysis.NotNull] ref string? reason)
    {
        if (!ClosePayload.IsValidOnWire((int)code))
            throw new ArgumentOutOfRangeException(nameof(code), code, "RFC 6455 §7.4: this status code may not be sent in a Close frame.");
        reason ??= "";
        if (Encoding.UTF8.GetByteCount(reason) > ClosePayload.MaxReasonBytes)
            throw new ArgumentException("The close reason must fit 123 bytes of UTF-8 (RFC 6455 §5.5).", nameof(reason));
    }

    private bool SendData(WebSocketMessageType type, ReadOnlySpan<byte> data, bool endOfMessage, bool compress)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        // §5.4: "the fragments of one message MUST NOT be interleaved between the fragments of another message".
        if (_sendInMessage && type != _sendType)
            throw new InvalidOperationException($"A {type} message cannot start while a {_sendType} message is unfinished (RFC 6455 §5.4).");
        // §5.5.1: "The application MUST NOT send any more data frames after sending a Close frame."
        if (_closeSent || _state == WebSocketState.Closed) return false;

        bool first = !_sendInMessage;
        if (first)
        {
            _sendType = type;
            _sendCompressed = compress && CanCompress && !(endOfMessage && data.Length < _deflateOptions.CompressionThreshold);
        }
        var opcode = first ? (WebSocketOpcode)type : WebSocketOpcode.Continuation;
        if (_sendCompressed)
        {
            _compressor ??= new MessageCompressor(_deflateOptions.CompressionLevel, PerMessageDeflate!.Value.NoContextTakeover(Role));
            // RFC 7692 §6: RSV1 marks the first frame of a compressed message.
            WriteFrame(opcode, endOfMessage, first, _compressor.Compress(data, endOfMessage));
        }
        else
        {
            WriteFrame(opcode, endOfMessage, false, data);
        }
        _sendInMessage = !endOfMessage;
        return true;
    }

    /// <summary>
    /// Whether our messages may be compressed: permessage-deflate agreed and the window we may use is the 2^15
    /// DeflateStream always uses (RFC 7692 §7.1.2: a smaller agreed window is honoured by not compressing).
    /// </summary>
    private bool CanCompress => PerMessageDeflate is { } agreed && agreed.MaxWindowBits(Role) == 15;

    private bool SendControl(WebSocketOpcode opcode, ReadOnlySpan<byte> payload)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (payload.Length > FrameHeader.MaxControlPayload)
            throw new ArgumentException("Control frame payloads are at most 125 bytes (RFC 6455 §5.5).", nameof(payload));
        if (_closeSent || _state == WebSocketState.Closed) return false;
        WriteFrame(opcode, true, false, payload);
        return true;
    }

    private void WriteClose(WebSocketCloseCode code, string reason)
    {
        Span<byte> body = stackalloc byte[FrameHeader.MaxControlPayload];
        int reasonLength = Encoding.UTF8.GetBytes(reason, body[2..]);
        int length = ClosePayload.Write(body, code, body.Slice(2, reasonLength));
        WriteFrame(WebSocketOpcode.Close, true, false, body[..length]);
    }

    /// <summary>Writes one frame; a client masks it with a fresh key (§5.3: "unpredictable").</summary>
    private void WriteFrame(WebSocketOpcode opcode, bool fin, bool rsv1, ReadOnlySpan<byte> payload)
    {
        bool masked = Role == WebSocketRole.Client;
        FrameWriter.Write(_output, opcode, fin, rsv1, payload, masked, masked ? NextMaskKey() : 0);
    }

    private uint NextMaskKey()
    {
        if (FixedMaskKey is { } key) return key;
        if (_maskKeyAt == _maskKeys.Length)
        {
            RandomNumberGenerator.Fill(_maskKeys);
            _maskKeyAt = 0;
        }
        uint next = BitConverter.ToUInt32(_maskKeys, _maskKeyAt);
        _maskKeyAt += 4;
        return next;
    }
}
