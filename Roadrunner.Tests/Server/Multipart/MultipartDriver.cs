using System.Text;
using Roadrunner.Server.Multipart;

namespace Roadrunner.Tests.Server.Multipart;

/// <summary>A caller of <see cref="MultipartReader"/> the way a server drives it: keep what was not consumed, append what arrives.</summary>
internal static class MultipartDriver
{
    internal sealed class Part(MultipartPartHeaders headers)
    {
        public MultipartPartHeaders Headers { get; } = headers;

        public List<byte> Body { get; } = [];

        public bool Ended { get; set; }

        public string Text => Encoding.UTF8.GetString(Body.ToArray());
    }

    internal sealed class Outcome
    {
        public List<Part> Parts { get; } = [];

        public List<string> Events { get; } = [];

        public bool Completed { get; set; }

        public MultipartError Error { get; set; }

        /// <summary>Most bytes left unconsumed after a call that asked for more input, while inside a part body.</summary>
        public int MaxHeldInBody { get; set; }
    }

    public static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);

    public static Outcome Run(string boundary, string body, MultipartOptions? options = null) => Run(boundary, [Bytes(body)], options);

    public static Outcome Run(string boundary, IEnumerable<byte[]> chunks, MultipartOptions? options = null)
    {
        var reader = new MultipartReader(boundary, options);
        var outcome = new Outcome();
        var buffer = new byte[64];
        var length = 0;
        var done = false;
        Part? current = null;
        foreach (var chunk in chunks)
        {
            if (length + chunk.Length > buffer.Length)
            {
                Array.Resize(ref buffer, Math.Max(buffer.Length * 2, length + chunk.Length));
            }

            chunk.CopyTo(buffer, length);
            length += chunk.Length;
            Drain(ref length);
            if (done)
            {
                return outcome;
            }
        }

        Drain(ref length);
        if (!done)
        {
            var error = reader.Finish();
            if (!error.IsNone)
            {
                outcome.Error = error;
                outcome.Events.Add("Error");
            }
        }

        return outcome;

        void Drain(ref int len)
        {
            while (!done)
            {
                var got = reader.TryRead(buffer.AsSpan(0, len), out var consumed, out var ev);
                if (consumed < 0 || consumed > len)
                {
                    throw new InvalidOperationException("consumed out of range");
                }

                // Copy out what the event aliases before the buffer moves.
                var data = ev.Kind == MultipartEventKind.PartData ? ev.Data.ToArray() : [];
                var kind = ev.Kind;
                var headers = ev.Headers;
                var error = ev.Error;
                Buffer.BlockCopy(buffer, consumed, buffer, 0, len - consumed);
                len -= consumed;
                if (!got)
                {
                    if (current is not null && !current.Ended)
                    {
                        outcome.MaxHeldInBody = Math.Max(outcome.MaxHeldInBody, len);
                    }

                    return;
                }

                switch (kind)
                {
                    case MultipartEventKind.PartStarted:
                        outcome.Events.Add("PartStarted");
                        current = new Part(headers!);
                        outcome.Parts.Add(current);
                        break;
                    case MultipartEventKind.PartData:
                        if (data.Length == 0)
                        {
                            throw new InvalidOperationException("empty data event");
                        }

                        if (outcome.Events[^1] != "PartData")
                        {
                            outcome.Events.Add("PartData");
                        }

                        current!.Body.AddRange(data);
                        break;
                    case MultipartEventKind.PartEnded:
                        outcome.Events.Add("PartEnded");
                        current!.Ended = true;
                        break;
                    case MultipartEventKind.Completed:
                        outcome.Events.Add("Completed");
                        outcome.Completed = true;
                        done = true;
                        break;
                    case MultipartEventKind.Error:
                        outcome.Events.Add("Error");
                        outcome.Error = error;
                        done = true;
                        break;
                    default:
                        throw new InvalidOperationException("no event");
                }
            }
        }
    }

    public static IEnumerable<byte[]> Split(byte[] data, params int[] at)
    {
        var start = 0;
        foreach (var p in at)
        {
            yield return data[start..p];
            start = p;
        }

        yield return data[start..];
    }

    public static IEnumerable<byte[]> Chunks(byte[] data, int size)
    {
        for (var i = 0; i < data.Length; i += size)
        {
            yield return data[i..Math.Min(data.Length, i + size)];
        }
    }
}
