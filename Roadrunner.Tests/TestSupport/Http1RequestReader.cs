using System.Text;
using Roadrunner.Http1;
using Roadrunner.Http1.Body;
using Roadrunner.Http1.Parsing;

namespace Roadrunner.Tests.TestSupport;

/// <summary>How reading a byte stream of requests ended.</summary>
internal enum ReadOutcome
{
    /// <summary>All bytes were used; nothing but ignorable empty lines is pending.</summary>
    AtBoundary,

    /// <summary>The bytes end inside a head or a body.</summary>
    Partial,

    /// <summary>The parser or the body decoder rejected the bytes.</summary>
    Error,

    /// <summary>A request asked to close the connection (KeepAlive false); bytes after it are never read.</summary>
    Closed,

    /// <summary>A CONNECT or an Upgrade request: what follows belongs to another protocol.</summary>
    Switched,
}

/// <summary>One header or trailer field, with offsets into the whole input.</summary>
internal sealed record ReadField(string Name, string Value, int NameOffset, int ValueOffset);

/// <summary>A request read from the stream, copied out of the reused head.</summary>
internal sealed record ReadRequest(
    int MethodOffset,
    string Method,
    KnownMethod KnownMethod,
    int TargetOffset,
    string Target,
    string Path,
    string? Query,
    RequestTargetForm TargetForm,
    Http1Version Version,
    IReadOnlyList<ReadField> Fields,
    int HostIndex,
    BodyFraming Framing,
    long ContentLength,
    bool KeepAlive,
    bool ExpectContinue,
    bool HasUpgrade,
    int HeadEnd,
    byte[] Body,
    IReadOnlyList<ReadField> Trailers,
    int End)
{
    /// <summary>A one-line description, for assertion messages.</summary>
    public override string ToString() =>
        $"{Method} {Target} {Version} fields={Fields.Count} framing={Framing} body={Body.Length} keepAlive={KeepAlive} end={End}";
}

/// <summary>Everything read from one byte stream.</summary>
internal sealed record ReadResult(IReadOnlyList<ReadRequest> Requests, ReadOutcome Outcome, Http1Error Error, int Leftover)
{
    /// <summary>A comparable description of the whole result.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        foreach (var request in Requests)
        {
            text.Append(request).Append(" [");
            foreach (var field in request.Fields) text.Append(field.Name).Append('=').Append(field.Value).Append(';');
            text.Append("] body=").Append(Encoding.Latin1.GetString(request.Body)).Append(" trailers=").Append(request.Trailers.Count).AppendLine();
        }
        text.Append(Outcome);
        if (!Error.IsNone) text.Append(' ').Append(Error.StatusCode).Append(' ').Append(Error.Reason);
        // Where an error stops the reading depends on how the framing bytes before it were split; it carries no meaning.
        if (Outcome != ReadOutcome.Error) text.Append(" leftover=").Append(Leftover);
        return text.ToString();
    }
}

/// <summary>
/// Drives <see cref="Http1RequestParser"/> and <see cref="Http1BodyDecoder"/> over a byte stream the way a
/// connection does — bytes arrive in pieces, the head is re-parsed from its first byte, the body decoder gets what
/// is left — and records every request. The piece sizes are chosen by the caller, so one input can be read whole,
/// byte by byte and in random splits, and the results compared.
/// </summary>
internal static class Http1RequestReader
{
    /// <summary>Reads <paramref name="input"/> in one piece.</summary>
    public static ReadResult ReadWhole(byte[] input, Http1Options? options = null, bool skipBody = false) =>
        Read(input, [input.Length], options, skipBody);

    /// <summary>Reads <paramref name="input"/> one byte at a time.</summary>
    public static ReadResult ReadByteByByte(byte[] input, Http1Options? options = null, bool skipBody = false) =>
        Read(input, Enumerable.Range(1, input.Length).ToArray(), options, skipBody);

    /// <summary>Reads <paramref name="input"/> in pieces cut at random places chosen by <paramref name="random"/>.</summary>
    public static ReadResult ReadRandomSplits(byte[] input, Random random, Http1Options? options = null, bool skipBody = false)
    {
        var cuts = new SortedSet<int> { input.Length };
        int count = input.Length == 0 ? 0 : random.Next(1, Math.Min(input.Length, 12) + 1);
        for (int i = 0; i < count; i++) cuts.Add(random.Next(1, input.Length + 1));
        return Read(input, [.. cuts], options, skipBody);
    }

    /// <summary>
    /// Reads <paramref name="input"/>, making the bytes up to each of <paramref name="cuts"/> (ascending, the last
    /// one the input length) available in turn whenever the codec asks for more.
    /// </summary>
    /// <param name="skipBody">Treat every body as absent, as a caller that does not read bodies would.</param>
    public static ReadResult Read(byte[] input, IReadOnlyList<int> cuts, Http1Options? options = null, bool skipBody = false)
    {
        options ??= Http1Options.Default;
        var parser = new Http1RequestParser(options);
        var decoder = new Http1BodyDecoder(options);
        var head = new RequestHead(options.MaxHeaderCount);
        var requests = new List<ReadRequest>();

        int start = 0;
        int available = 0;
        int nextCut = 0;
        ReadRequest? current = null;
        var body = new List<byte>();

        while (true)
        {
            var pending = input.AsSpan(start, available - start);
            if (current is null)
            {
                var status = parser.ParseHead(pending, head, out int consumed, out var error);
                if (status == Http1ParseStatus.Error) return new ReadResult(requests, ReadOutcome.Error, error, start);
                if (status == Http1ParseStatus.Complete)
                {
                    current = Snapshot(input, start, consumed, head);
                    start += consumed;
                    decoder.Start(skipBody ? BodyFraming.None : head.Framing, head.ContentLength);
                    body.Clear();
                    continue;
                }
            }
            else
            {
                var status = decoder.Decode(pending, out int consumed, out int offset, out int length, out var error);
                if (status == BodyDecodeStatus.Error) return new ReadResult(requests, ReadOutcome.Error, error, start);
                if (status == BodyDecodeStatus.Data) body.AddRange(pending.Slice(offset, length).ToArray());
                if (status == BodyDecodeStatus.Complete)
                {
                    var trailers = new List<ReadField>();
                    foreach (var field in decoder.Trailers) trailers.Add(ToField(input, start, field));
                    start += consumed;
                    var done = current with { Body = [.. body], Trailers = trailers, End = start };
                    requests.Add(done);
                    current = null;

                    if (done.KnownMethod == KnownMethod.Connect || done.HasUpgrade)
                    {
                        return new ReadResult(requests, ReadOutcome.Switched, default, start);
                    }
                    if (!done.KeepAlive) return new ReadResult(requests, ReadOutcome.Closed, default, start);
                    continue;
                }
                start += consumed;
                if (status == BodyDecodeStatus.Data) continue;
            }

            if (available == input.Length)
            {
                bool onlyEmptyLines = current is null && input.AsSpan(start).IndexOfAnyExcept("\r\n"u8) < 0;
                return new ReadResult(requests, onlyEmptyLines ? ReadOutcome.AtBoundary : ReadOutcome.Partial, default, start);
            }
            available = cuts[nextCut++];
        }
    }

    private static ReadRequest Snapshot(byte[] input, int start, int consumed, RequestHead head)
    {
        var span = input.AsSpan(start);
        var fields = new List<ReadField>();
        foreach (var field in head.Fields) fields.Add(ToField(input, start, field));
        return new ReadRequest(
            start + head.MethodOffset,
            Encoding.Latin1.GetString(head.MethodBytes(span)),
            head.Method,
            start + head.TargetOffset,
            Encoding.Latin1.GetString(head.Target(span)),
            Encoding.Latin1.GetString(head.Path(span)),
            head.QueryOffset < 0 ? null : Encoding.Latin1.GetString(head.Query(span)),
            head.TargetForm,
            head.Version,
            fields,
            head.HostIndex,
            head.Framing,
            head.ContentLength,
            head.KeepAlive,
            head.ExpectContinue,
            head.HasUpgrade,
            start + consumed,
            [],
            [],
            start + consumed);
    }

    private static ReadField ToField(byte[] input, int start, FieldRange field)
    {
        var span = input.AsSpan(start);
        return new ReadField(
            Encoding.Latin1.GetString(field.Name(span)),
            Encoding.Latin1.GetString(field.Value(span)),
            start + field.NameOffset,
            start + field.ValueOffset);
    }
}
