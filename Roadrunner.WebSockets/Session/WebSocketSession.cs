using System.Buffers;
using Roadrunner.WebSockets.Buffers;
using Roadrunner.WebSockets.Deflate;
using Roadrunner.WebSockets.Frames;
using Roadrunner.WebSockets.Utf8;

namespace Roadrunner.WebSockets.Session;

/// <summary>
/// One WebSocket connection after the opening handshake (RFC 6455 §5–§8, RFC 7692), sans-IO: bytes in through
/// <see cref="Receive"/>, events pulled with <see cref="TryReadEvent"/>, bytes out into the
/// <see cref="IBufferWriter{T}"/> given at construction, time in as timestamps with <see cref="NextDeadline"/>
/// and <see cref="OnTimeout"/> for the close handshake. Peer faults never throw: the session fails the
/// connection with the RFC status code (a Close frame is written) and ends at once with a
/// <see cref="WebSocketEventType.Closed"/> event, so the caller closes the transport without waiting for anything
/// more (RFC 6455 §7.1.7). Only misuse throws. Not thread-safe: one caller at a time.
/// </summary>
/// <example>
/// <code>
/// using var session = new WebSocketSession(output, options, handshake.PerMessageDeflate);
/// while (connected)
/// {
///     int n = await socket.ReceiveAsync(buffer);
///     session.Receive(buffer.AsSpan(0, n), time.GetTimestamp());
///     while (session.TryReadEvent(out var e))
///     {
///         if (e.Type == WebSocketEventType.Message)
///             session.SendBinary(e.Payload.Span);           // echo; e.Payload is valid until the next call
///         else if (e.Type == WebSocketEventType.Closed)
///             connected = false;                              // flush, then close the socket
///     }
///     await output.FlushAsync();                              // pongs, echoes, the close reply
/// }
/// // A timer: when time.GetTimestamp() passes session.NextDeadline, call session.OnTimeout(now).
/// </code>
/// </example>
public sealed partial class WebSocketSession : IDisposable
{
    private const int InitialReceiveCapacity = 4096;
    private const int KeptReceiveCapacity = 64 * 1024;

    private readonly IBufferWriter<byte> _output;
    private readonly WebSocketOptions _options;
    private readonly PerMessageDeflateOptions _deflateOptions;
    private readonly long _closeTimeoutTicks;

    // Received bytes not consumed yet: _in[_inStart.._inEnd].
    private byte[] _in = [];
    private int _inStart;
    private int _inEnd;
    private long _now;

    // The frame being read: its header is consumed; its payload starts at _inStart.
    private bool _haveHeader;
    private FrameHeader _header;
    private int _processed;   // payload bytes already unmasked (and, for plain text, validated)

    // The data message being read.
    private bool _inMessage;
    private bool _firstFrame;
    private WebSocketMessageType _messageType;
    private bool _messageCompressed;
    private long _messageLength;
    private Utf8Validator _utf8;
    private readonly PooledByteBuffer _message = new();
    private MessageDecompressor? _decompressor;

    // Closing.
    private WebSocketState _state;
    private bool _closeSent;
    private WebSocketCloseCode _closedCode;
    private string _closedReason = "";
    private bool _closedPending;
    private long _deadline = long.MaxValue;

    private bool _disposed;

    /// <summary>
    /// Starts a session on an established connection.
    /// </summary>
    /// <param name="output">Where frames to send are written; the caller flushes it to the transport.</param>
    /// <param name="options">Limits and behaviour; null for <see cref="WebSocketOptions.Default"/>.</param>
    /// <param name="perMessageDeflate">The agreed permessage-deflate parameters from the handshake, or null when not negotiated.</param>
    /// <param name="role">Server (default) or client: decides masking in both directions.</param>
    public WebSocketSession(
        IBufferWriter<byte> output,
        WebSocketOptions? options = null,
        PerMessageDeflateParameters? perMessageDeflate = null,
        WebSocketRole role = WebSocketRole.Server)
    {
        ArgumentNullException.ThrowIfNull(output);
        options ??= WebSocketOptions.Default;
        options.Validate();
        options.PerMessageDeflate?.Validate();
        _output = output;
        _options = options;
        _deflateOptions = options.PerMessageDeflate ?? PerMessageDeflateOptions.Default;
        _closeTimeoutTicks = options.CloseTimeoutTicks;
        PerMessageDeflate = perMessageDeflate;
        Role = role;
    }

    /// <summary>Server or client.</summary>
    public WebSocketRole Role { get; }

    /// <summary>The agreed permessage-deflate parameters, or null when messages are never compressed.</summary>
    public PerMessageDeflateParameters? PerMessageDeflate { get; }

    /// <summary>Open, CloseSent or Closed.</summary>
    public WebSocketState State => _state;

    /// <summary>
    /// The timestamp at which <see cref="OnTimeout"/> has work to do (the end of the wait for the peer's Close),
    /// or <see cref="long.MaxValue"/> when no timer is needed.
    /// </summary>
    public long NextDeadline => _deadline;

    /// <summary>
    /// Received bytes the session holds for what is not complete yet: the unread input (a frame still arriving) plus
    /// the fragments of a message being assembled. 0 between messages and once Closed. A server may add this up over
    /// its connections to bound their memory together (RFC 6455 §10.4).
    /// </summary>
    public long BufferedBytes => (_inEnd - _inStart) + (_inMessage && _options.AssembleMessages ? _message.Length : 0);

    /// <summary>
    /// Hands the session bytes read from the transport at time <paramref name="now"/>. They are copied (frames are
    /// unmasked in place), so the span may be reused at once; then drain <see cref="TryReadEvent"/>. Bytes that
    /// arrive once the session is Closed are ignored (§5.5.1: nothing follows a Close). Invalidates the payload of
    /// events read before.
    /// </summary>
    public void Receive(ReadOnlySpan<byte> data, long now)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _now = now;
        if (_state == WebSocketState.Closed || data.IsEmpty) return;

        int unread = _inEnd - _inStart;
        if (unread == 0)
        {
            _inStart = _inEnd = 0;
            if (_in.Length > KeptReceiveCapacity && data.Length <= KeptReceiveCapacity)
            {
                ArrayPool<byte>.Shared.Return(_in);
                _in = [];
            }
        }
        if (_inEnd + data.Length > _in.Length)
        {
            long needed = (long)unread + data.Length;
            if (needed > Array.MaxLength) throw new InvalidOperationException("Too much input buffered: drain TryReadEvent after each Receive.");
            if (needed <= _in.Length)
            {
                _in.AsSpan(_inStart, unread).CopyTo(_in);
            }
            else
            {
                long size = Math.Min(Array.MaxLength, Math.Max(needed, Math.Max((long)_in.Length * 2, InitialReceiveCapacity)));
                var grown = ArrayPool<byte>.Shared.Rent((int)size);
                _in.AsSpan(_inStart, unread).CopyTo(grown);
                if (_in.Length > 0) ArrayPool<byte>.Shared.Return(_in);
                _in = grown;
            }
            _inStart = 0;
            _inEnd = unread;
        }
        data.CopyTo(_in.AsSpan(_inEnd));
        _inEnd += data.Length;
    }

    /// <summary>
    /// Reads the next event from the bytes received so far; false when more bytes are needed (or the session is
    /// over). Frames that need no attention (a fragment being assembled, a Ping already answered) are consumed on
    /// the way; answers (Pong, the Close reply) are written to the output as they are decided.
    /// </summary>
    public bool TryReadEvent(out WebSocketEvent webSocketEvent)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        // The last message handed out is no longer needed: its buffer is cleared (a large one goes back to the pool).
        if (!_inMessage && _message.Length > 0) _message.Clear();
        while (true)
        {
            if (_closedPending)
            {
                _closedPending = false;
                webSocketEvent = WebSocketEvent.Closed(_closedCode, _closedReason);
                return true;
            }
            if (_state == WebSocketState.Closed) break;
            var step = ReadFrame(out webSocketEvent);
            if (step == Step.Event) return true;
            if (step == Step.NeedMoreData && !_closedPending) break;
        }
        webSocketEvent = default;
        return false;
    }

    /// <summary>
    /// Fires what is due at <paramref name="now"/>: when the peer has not answered our Close by
    /// <see cref="NextDeadline"/>, the session gives up (RFC 6455 §7.1.1 lets the endpoint close the transport)
    /// and reports Closed with 1006.
    /// </summary>
    public void OnTimeout(long now)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_state != WebSocketState.CloseSent || now < _deadline) return;
        EndClosed(WebSocketCloseCode.AbnormalClosure, "RFC 6455 §7.1.1: no Close frame in reply before the close timeout");
    }

    /// <summary>
    /// _Fail the WebSocket Connection_ from this side (RFC 6455 §7.1.7), e.g. when a resource limit outside the
    /// session is reached (§10.4, 1009 "too big for it to process"): sends a Close with <paramref name="code"/> and
    /// <paramref name="reason"/> unless ours is already out, drops what was buffered, and ends the session at once
    /// (the next <see cref="TryReadEvent"/> reports Closed with <paramref name="code"/>). The caller then closes the
    /// transport without waiting for the peer's Close. Returns false when the session was already Closed.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The code may not be sent (see <see cref="SendClose"/>).</exception>
    /// <exception cref="ArgumentException">The reason is longer than 123 bytes in UTF-8.</exception>
    public bool FailConnection(WebSocketCloseCode code, string? reason)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        CheckClose(code, ref reason);
        if (_state == WebSocketState.Closed) return false;
        Fail(code, reason);
        return true;
    }

    /// <summary>
    /// Tells the session the transport ended (the peer closed it, or it broke). Unless already Closed, the session
    /// reports Closed with 1006 (RFC 6455 §7.1.5: "If _The WebSocket Connection is Closed_ and no Close control frame
    /// was received ... _The WebSocket Connection Close Code_ is considered to be 1006").
    /// </summary>
    public void OnTransportClosed()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_state == WebSocketState.Closed) return;
        EndClosed(WebSocketCloseCode.AbnormalClosure, "RFC 6455 §7.1.5: the transport closed without a Close frame");
    }

    /// <summary>Returns the pooled buffers and releases the compression state.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (_in.Length > 0) ArrayPool<byte>.Shared.Return(_in);
        _in = [];
        _message.Dispose();
        _text?.Dispose();
        _decompressor?.Dispose();
        _compressor?.Dispose();
    }

    /// <summary>
    /// _Fail the WebSocket Connection_ (RFC 6455 §7.1.7): "the endpoint SHOULD send a Close frame with an
    /// appropriate status code before proceeding to _Close the WebSocket Connection_", and "MUST NOT continue to
    /// attempt to process data (including a responding Close frame) from the remote endpoint". So the Close is sent
    /// (unless ours is already out) and the session ends at once, reporting the failure's status: the caller closes
    /// the transport now rather than wait for a reply an attacker never sends. Returns false, so a header check can
    /// end with <c>return Fail(...)</c>.
    /// </summary>
    private bool Fail(WebSocketCloseCode code, string reason)
    {
        if (_state == WebSocketState.Closed) return false;
        if (!_closeSent)
        {
            WriteClose(code, reason);
            _closeSent = true;
        }
        EndClosed(code, reason);
        return false;
    }

    /// <summary>The session is over: one Closed event follows, then nothing.</summary>
    private void EndClosed(WebSocketCloseCode code, string reason)
    {
        _state = WebSocketState.Closed;
        _deadline = long.MaxValue;
        _closedCode = code;
        _closedReason = reason;
        _closedPending = true;
        _haveHeader = false;
        _inMessage = false;
        _inStart = _inEnd = 0;
        _message.Clear();
    }
}
