using System.Buffers;
using System.Text;
using Roadrunner.WebSockets;
using Roadrunner.WebSockets.Deflate;
using Roadrunner.WebSockets.Session;

namespace Roadrunner.Tests.WebSockets.Support;

/// <summary>
/// Drives one session with bytes, records its events (payloads copied), and parses what it wrote. Time is a fake
/// clock in milliseconds. With <see cref="Echo"/> on it answers each message like the Autobahn echo server.
/// </summary>
internal sealed class SessionDriver : IDisposable
{
    private readonly ArrayBufferWriter<byte> _output = new();

    public SessionDriver(WebSocketOptions? options = null, PerMessageDeflateParameters? deflate = null, WebSocketRole role = WebSocketRole.Server)
    {
        Options = (options ?? new WebSocketOptions()) with { TimestampFrequency = 1000 };
        Session = new WebSocketSession(_output, Options, deflate, role);
    }

    public WebSocketOptions Options { get; }

    public WebSocketSession Session { get; }

    /// <summary>Echo each message (or fragment) back as it is read.</summary>
    public bool Echo { get; init; }

    /// <summary>The fake clock, in milliseconds.</summary>
    public long Now { get; set; }

    /// <summary>Every event read so far.</summary>
    public List<Recorded> Events { get; } = [];

    /// <summary>Feeds <paramref name="bytes"/> in pieces of <paramref name="chunk"/> bytes, draining events after each; returns the new events.</summary>
    public List<Recorded> Feed(byte[] bytes, int chunk = int.MaxValue)
    {
        int before = Events.Count;
        for (int at = 0; at < bytes.Length; at += chunk)
        {
            Session.Receive(bytes.AsSpan(at, Math.Min(chunk, bytes.Length - at)), Now);
            Drain();
        }
        if (bytes.Length == 0) Drain();
        return Events.GetRange(before, Events.Count - before);
    }

    /// <summary>Feeds several frames.</summary>
    public List<Recorded> Feed(params byte[][] frames) => Feed(Wire.Concat(frames));

    /// <summary>Reads the pending events.</summary>
    public List<Recorded> Drain()
    {
        int before = Events.Count;
        while (Session.TryReadEvent(out var e))
        {
            Events.Add(Recorded.From(e));
            if (!Echo) continue;
            if (e.Type == WebSocketEventType.Message)
            {
                if (e.MessageType == WebSocketMessageType.Text) Session.SendText(e.Payload.Span);
                else Session.SendBinary(e.Payload.Span);
            }
        }
        return Events.GetRange(before, Events.Count - before);
    }

    /// <summary>The bytes written since the last take.</summary>
    public byte[] TakeBytes()
    {
        var bytes = _output.WrittenSpan.ToArray();
        _output.ResetWrittenCount();
        return bytes;
    }

    /// <summary>The frames written since the last take.</summary>
    public List<WireFrame> TakeFrames() => Wire.Parse(TakeBytes());

    /// <summary>The frames written since the last take, described (see <see cref="WireFrame.ToString"/>).</summary>
    public List<string> TakeDescribed() => [.. TakeFrames().Select(f => f.ToString())];

    public void Dispose() => Session.Dispose();
}

/// <summary>An event with its payload copied.</summary>
internal sealed record Recorded(WebSocketEventType Type, WebSocketMessageType MessageType, bool EndOfMessage, byte[] Payload,
    WebSocketCloseCode CloseCode, string? CloseReason)
{
    public static Recorded From(WebSocketEvent e) =>
        new(e.Type, e.MessageType, e.EndOfMessage, e.Payload.ToArray(), e.CloseCode, e.CloseReason);

    public string Text => Encoding.UTF8.GetString(Payload);

    /// <summary><c>"Message Text Hello"</c>, <c>"Fragment Binary 3 more"</c>, <c>"CloseReceived 1000"</c>, <c>"Closed 1002"</c>, <c>"Ping 3"</c>.</summary>
    public override string ToString() => Type switch
    {
        WebSocketEventType.Message or WebSocketEventType.Fragment => $"{Type} {MessageType} "
            + (MessageType == WebSocketMessageType.Text && Payload.Length <= 40 ? Text : Payload.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))
            + (EndOfMessage ? "" : " more"),
        WebSocketEventType.CloseReceived or WebSocketEventType.Closed => $"{Type} {(int)CloseCode}",
        _ => $"{Type} {Payload.Length}",
    };
}
