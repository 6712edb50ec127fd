using System.Buffers;
using Roadrunner.WebSockets.Deflate;
using Roadrunner.WebSockets.Handshake;
using Roadrunner.WebSockets.Session;

namespace Roadrunner.WebSockets.Fuzzing;

/// <summary>
/// Fuzz target: drives server sessions (plain and with permessage-deflate, assembling and not) over arbitrary
/// bytes, all at once and then in small pieces, drains every event and runs the close timer. The property is that
/// wire bytes never throw. The extension header parser gets the same bytes as text.
/// </summary>
internal static class WebSocketFuzz
{
    private static readonly WebSocketOptions Small = new()
    {
        MaxFrameSize = 1 << 16,
        MaxMessageSize = 1 << 17,
        TimestampFrequency = 1000,
        PerMessageDeflate = new PerMessageDeflateOptions { CompressionThreshold = 0 },
    };

    private static readonly WebSocketOptions Fragments = Small with { AssembleMessages = false, ControlFrameEvents = true };

    /// <summary>Feeds <paramref name="data"/> to sessions in several ways; never throws.</summary>
    public static void Receive(ReadOnlySpan<byte> data)
    {
        Run(data, data.Length, Small, null);
        Run(data, 7, Small, new PerMessageDeflateParameters());
        Run(data, 1, Fragments, new PerMessageDeflateParameters { ClientNoContextTakeover = true });
        Run(data, 3, Fragments, null);
        ExtensionHeaderParser.Parse(System.Text.Encoding.Latin1.GetString(data));
    }

    private static void Run(ReadOnlySpan<byte> data, int step, WebSocketOptions options, PerMessageDeflateParameters? deflate)
    {
        var output = new ArrayBufferWriter<byte>();
        using var session = new WebSocketSession(output, options, deflate);
        long now = 0;
        for (int at = 0; at < data.Length && session.State != WebSocketState.Closed; at += step)
        {
            session.Receive(data.Slice(at, Math.Min(step, data.Length - at)), now++);
            while (session.TryReadEvent(out var e))
            {
                if (e.Type == WebSocketEventType.Message && e.Payload.Length < 256)
                {
                    if (e.MessageType == WebSocketMessageType.Text) session.SendText(e.Payload.Span);
                    else session.SendBinary(e.Payload.Span);
                }
            }
            if (output.WrittenCount > 1 << 20) output.ResetWrittenCount();
        }
        session.OnTimeout(long.MaxValue / 2);
        while (session.TryReadEvent(out _))
        {
        }
    }
}
