using System.Text;
using Roadrunner.Http1;
using Roadrunner.Tests.TestSupport;

namespace Roadrunner.Tests.Conformance;

/// <summary>Compares what we read from a corpus input with llhttp's log of the same input.</summary>
internal static class LogComparison
{
    private const int ChunkedFlag = 0x08;
    private const int ContentLengthFlag = 0x20;

    /// <summary>Returns the differences; empty when our reading matches the log.</summary>
    public static List<string> Compare(byte[] input, LlhttpLog log, ReadResult ours)
    {
        var problems = new List<string>();
        var completed = log.Messages.Where(m => m.Complete is not null).ToList();
        bool endsInsideMessage = log.Messages.Count > completed.Count;
        bool dataAfterUs = input.AsSpan(ours.Leftover).IndexOfAnyExcept("\r\n"u8) >= 0;

        var expected = log.ErrorCode switch
        {
            LlhttpLog.PausedUpgrade => ReadOutcome.Switched,
            LlhttpLog.ClosedConnection => ReadOutcome.Closed,
            not null => ReadOutcome.Error,
            null when log.Finish is int finish => finish == 0 ? ReadOutcome.AtBoundary : ReadOutcome.Partial,
            null => endsInsideMessage ? ReadOutcome.Partial : ReadOutcome.AtBoundary,
        };

        var actual = ours.Outcome;
        // A request that closes the connection with nothing after it ends cleanly, as llhttp sees it.
        if (actual == ReadOutcome.Closed && !dataAfterUs) actual = ReadOutcome.AtBoundary;
        if (actual != expected) problems.Add($"outcome {ours.Outcome} (expected {expected}{(log.ErrorCode is null ? "" : $", llhttp error {log.ErrorCode} \"{log.ErrorReason}\"")})");

        if (ours.Requests.Count != completed.Count) problems.Add($"{ours.Requests.Count} requests (expected {completed.Count})");
        for (int i = 0; i < Math.Min(ours.Requests.Count, completed.Count); i++)
        {
            CompareMessage(input, completed[i], ours.Requests[i], $"request {i + 1}", problems);
        }
        return problems;
    }

    private static void CompareMessage(byte[] input, LogMessage e, ReadRequest r, string where, List<string> problems)
    {
        CompareSpan(e.Method, r.MethodOffset, r.Method.Length, $"{where} method", problems);
        CompareSpan(e.Url, r.TargetOffset, r.Target.Length, $"{where} target", problems);

        string version = e.Version is LogSpan v ? Encoding.Latin1.GetString(input, v.Offset, v.Length) : "(none)";
        var expectedVersion = version switch
        {
            "1.1" => Http1Version.Http11,
            "1.0" => Http1Version.Http10,
            _ => (Http1Version?)null,
        };
        if (expectedVersion != r.Version) problems.Add($"{where} version {r.Version} (expected {version})");

        CompareFields(input, e.Headers, r.Fields, $"{where} header", problems);
        CompareFields(input, e.Trailers, r.Trailers, $"{where} trailer", problems);

        var framing = r.KnownMethod == KnownMethod.Connect ? BodyFraming.None
            : (e.Flags & ChunkedFlag) != 0 ? BodyFraming.Chunked
            : (e.Flags & ContentLengthFlag) != 0 ? BodyFraming.ContentLength
            : BodyFraming.None;
        if (framing != r.Framing) problems.Add($"{where} framing {r.Framing} (expected {framing})");
        if (framing == BodyFraming.ContentLength && r.ContentLength != e.ContentLength)
        {
            problems.Add($"{where} content-length {r.ContentLength} (expected {e.ContentLength})");
        }

        var body = e.Body.SelectMany(s => input.AsSpan(s.Offset, s.Length).ToArray()).ToArray();
        if (!body.AsSpan().SequenceEqual(r.Body)) problems.Add($"{where} body \"{Encoding.Latin1.GetString(r.Body)}\" (expected \"{Encoding.Latin1.GetString(body)}\")");
        if (e.Complete != r.End) problems.Add($"{where} ends at {r.End} (expected {e.Complete})");
    }

    private static void CompareSpan(LogSpan? expected, int offset, int length, string what, List<string> problems)
    {
        if (expected is not LogSpan span)
        {
            problems.Add($"{what} present but absent from the log");
            return;
        }
        if (span.Offset != offset || span.Length != length) problems.Add($"{what} at {offset}+{length} (expected {span.Offset}+{span.Length})");
    }

    private static void CompareFields(byte[] input, List<LogField> expected, IReadOnlyList<ReadField> actual, string what, List<string> problems)
    {
        if (expected.Count != actual.Count)
        {
            problems.Add($"{actual.Count} {what}s (expected {expected.Count})");
            return;
        }
        for (int i = 0; i < expected.Count; i++)
        {
            var e = expected[i];
            var a = actual[i];
            if (e.Name.Offset != a.NameOffset || e.Name.Length != a.Name.Length)
            {
                problems.Add($"{what} {i + 1} name at {a.NameOffset}+{a.Name.Length} (expected {e.Name.Offset}+{e.Name.Length})");
            }

            // llhttp's value span starts after the leading OWS but keeps the trailing OWS, which we trim
            // (RFC 9112 §5.1: OWS around the value is not part of it).
            var raw = e.Value.SelectMany(s => input.AsSpan(s.Offset, s.Length).ToArray()).ToArray();
            string value = Encoding.Latin1.GetString(raw).TrimEnd(' ', '\t');
            if (value != a.Value) problems.Add($"{what} {i + 1} value \"{a.Value}\" (expected \"{value}\")");
            else if (value.Length > 0 && e.Value[0].Offset != a.ValueOffset) problems.Add($"{what} {i + 1} value at {a.ValueOffset} (expected {e.Value[0].Offset})");
        }
    }
}
