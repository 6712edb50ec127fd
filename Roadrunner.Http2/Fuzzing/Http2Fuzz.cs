using System.Buffers;
using Roadrunner.Http2.Frames;

namespace Roadrunner.Http2.Fuzzing;

/// <summary>
/// Fuzz target: drives a server connection over arbitrary bytes the way a server does — read, answer requests,
/// consume content, write output, fire timers. The property is that wire bytes never throw.
/// </summary>
internal static class Http2Fuzz
{
    private static readonly Http2Options Options = new()
    {
        MaxConcurrentStreams = 8,
        MaxHeaderListSize = 4096,
        MaxHeaderBlockSize = 4096,
        MaxPendingOutput = 64 * 1024,
        TimestampFrequency = 1000,
    };

    /// <summary>
    /// Feeds <paramref name="data"/> after a valid preface and SETTINGS (so that the bytes reach the frame handlers),
    /// all at once and then in pieces of 7 bytes; then feeds it raw, as the first bytes of a connection.
    /// </summary>
    public static void Receive(ReadOnlySpan<byte> data)
    {
        Run(data, data.Length, withPreface: true);
        Run(data, 7, withPreface: true);
        Run(data, data.Length, withPreface: false);
    }

    private static void Run(ReadOnlySpan<byte> data, int step, bool withPreface)
    {
        using var connection = new Http2Connection(Http2Role.Server, Options, 0);
        var output = new ArrayBufferWriter<byte>();
        long now = 0;
        if (withPreface)
        {
            Span<byte> settings = stackalloc byte[Http2FrameHeader.Size];
            Http2FrameHeader.Write(settings, 0, Http2FrameType.SETTINGS, 0, 0);
            connection.Receive(Http2Preface.Bytes, now);
            connection.Receive(settings, now);
        }

        step = Math.Max(1, step);
        for (int offset = 0; offset < data.Length; offset += step)
        {
            now += 10;
            bool open = connection.Receive(data.Slice(offset, Math.Min(step, data.Length - offset)), now);
            Answer(connection);
            connection.WritePending(output);
            output.ResetWrittenCount();
            connection.OnTimeout(now);
            if (!open) break;
        }

        connection.SendGoAway(now);
        connection.OnTimeout(now + 1_000_000);
        connection.WritePending(output);
    }

    /// <summary>Answers what a server would: each request with a small response, content consumed, oversized requests with 431.</summary>
    private static void Answer(Http2Connection connection)
    {
        while (connection.TryReadEvent(out var e))
        {
            switch (e.Kind)
            {
                case Http2EventKind.RequestHeadersReceived:
                    foreach (var field in e.Headers) _ = field.Name.Length + field.Value.Length;
                    _ = e.Headers.Method.Length + e.Headers.Path.Length + e.Headers.Authority.Length;
                    connection.SendHeaders(e.StreamId, 200, [new Http2Header("content-type", "text/plain")], endStream: false);
                    connection.SendData(e.StreamId, "hello"u8, endStream: e.StreamId % 4 == 1);
                    if (e.StreamId % 4 == 3) connection.SendTrailers(e.StreamId, [new Http2Header("x-checksum", "1")]);
                    break;
                case Http2EventKind.HeaderListTooLarge:
                    connection.SendHeaders(e.StreamId, 431, [], endStream: true);
                    break;
                case Http2EventKind.DataReceived:
                    connection.ConsumeData(e.StreamId, e.Data.Length);
                    break;
                default:
                    break;
            }
        }
    }
}
