using Roadrunner.Http1.Body;
using Roadrunner.Http1.Parsing;

namespace Roadrunner.Http1.Fuzzing;

/// <summary>
/// Fuzz targets: drive the request parser and body decoder over arbitrary bytes the way a connection does.
/// The only property asserted is that wire bytes never throw and the offsets handed back stay inside the input.
/// </summary>
internal static class Http1Fuzz
{
    /// <summary>
    /// Reads as many pipelined requests from <paramref name="data"/> as it holds, all at once and then again one
    /// byte at a time.
    /// </summary>
    public static void ParseRequest(ReadOnlySpan<byte> data)
    {
        var options = new Http1Options { MaxHeaderCount = 16, MaxHeaderBlockLength = 2048, MaxContentLength = 1 << 20 };
        var parser = new Http1RequestParser(options);
        var decoder = new Http1BodyDecoder(options);
        var head = new RequestHead(options.MaxHeaderCount);

        ReadAll(data, data.Length, parser, decoder, head);
        ReadAll(data, 1, parser, decoder, head);
    }

    /// <summary>Feeds <paramref name="data"/> in pieces of <paramref name="step"/> bytes, as a connection reads them.</summary>
    private static void ReadAll(ReadOnlySpan<byte> data, int step, Http1RequestParser parser, Http1BodyDecoder decoder, RequestHead head)
    {
        parser.Reset();
        int start = 0;      // first byte not consumed
        int available = 0;  // bytes received so far
        bool inBody = false;
        while (true)
        {
            var pending = data[start..available];
            if (!inBody)
            {
                var status = parser.ParseHead(pending, head, out int consumed, out _);
                Check(consumed >= 0 && consumed <= pending.Length);
                if (status == Http1ParseStatus.Error) return;
                if (status == Http1ParseStatus.Complete)
                {
                    Check(head.MethodOffset + head.MethodLength <= consumed && head.TargetOffset + head.TargetLength <= consumed);
                    foreach (var field in head.Fields) Check(field.ValueOffset + field.ValueLength <= consumed);
                    if (head.Method == KnownMethod.Connect || head.HasUpgrade || !head.KeepAlive) return;
                    start += consumed;
                    decoder.Start(head.Framing, head.ContentLength);
                    inBody = true;
                    continue;
                }
            }
            else
            {
                var status = decoder.Decode(pending, out int consumed, out int offset, out int length, out _);
                Check(consumed >= 0 && consumed <= pending.Length && offset >= 0 && length >= 0 && offset + length <= pending.Length);
                if (status == BodyDecodeStatus.Error) return;
                start += consumed;
                if (status == BodyDecodeStatus.Complete)
                {
                    foreach (var field in decoder.Trailers) Check(field.ValueOffset + field.ValueLength <= pending.Length);
                    inBody = false;
                    continue;
                }
                if (status == BodyDecodeStatus.Data) continue;
            }

            if (available == data.Length) return;
            available = Math.Min(data.Length, available + step);
        }
    }

    private static void Check(bool condition)
    {
        if (!condition) throw new InvalidOperationException("Fuzz invariant broken: an offset points outside the input.");
    }
}
