using System.Globalization;
using System.Text.RegularExpressions;

namespace Roadrunner.Tests.Conformance;

/// <summary>A span of the input named by a log line: <c>off=N len=L span[kind]=...</c>.</summary>
internal readonly record struct LogSpan(int Offset, int Length)
{
    public int End => Offset + Length;
}

/// <summary>A header or trailer field as llhttp reported it: one name span and the value spans that follow it.</summary>
internal sealed class LogField
{
    public LogField(LogSpan name) => Name = name;

    public LogSpan Name { get; }

    public List<LogSpan> Value { get; } = [];
}

/// <summary>One message of a log, from "message begin" to "message complete" (if it got there).</summary>
internal sealed class LogMessage
{
    public int Begin { get; init; }

    public LogSpan? Method { get; set; }

    public LogSpan? Url { get; set; }

    public LogSpan? Protocol { get; set; }

    public LogSpan? Version { get; set; }

    public List<LogField> Headers { get; } = [];

    public List<LogField> Trailers { get; } = [];

    public List<LogSpan> Body { get; } = [];

    public bool HeadersComplete { get; set; }

    /// <summary>llhttp's flags at "headers complete" (F_CHUNKED = 0x08, F_CONTENT_LENGTH = 0x20, F_TRANSFER_ENCODING = 0x200).</summary>
    public int Flags { get; set; }

    public long ContentLength { get; set; }

    public bool InTrailers { get; set; }

    public bool SkippedBody { get; set; }

    /// <summary>Offset of "message complete", or null when the message never completed.</summary>
    public int? Complete { get; set; }
}

/// <summary>llhttp's parse log of one case, as messages and how parsing ended.</summary>
internal sealed partial class LlhttpLog
{
    /// <summary>llhttp's HPE_PAUSED_UPGRADE: the message completed and the connection switches protocol.</summary>
    public const int PausedUpgrade = 22;

    /// <summary>llhttp's HPE_CLOSED_CONNECTION: data after a message that closes the connection.</summary>
    public const int ClosedConnection = 5;

    public List<LogMessage> Messages { get; } = [];

    public int? ErrorCode { get; private set; }

    public string? ErrorReason { get; private set; }

    /// <summary>The return code of <c>llhttp_finish()</c> for "request-finish" cases (0 = a clean end).</summary>
    public int? Finish { get; private set; }

    /// <summary>Parses the lines of a log block.</summary>
    public static LlhttpLog Parse(IReadOnlyList<string> lines)
    {
        var log = new LlhttpLog();
        LogMessage? message = null;
        LogField? field = null;
        foreach (var line in lines)
        {
            var match = Line().Match(line);
            if (!match.Success) throw new FormatException($"Unrecognised log line: {line}");
            string offText = match.Groups[1].Value;
            int off = offText == "NULL" ? -1 : int.Parse(offText, CultureInfo.InvariantCulture);
            string rest = match.Groups[2].Value;

            Match m;
            if (rest == "message begin")
            {
                message = new LogMessage { Begin = off };
                log.Messages.Add(message);
                field = null;
            }
            else if ((m = Span().Match(rest)).Success)
            {
                var span = new LogSpan(off, int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
                var current = message ?? throw new FormatException($"Span outside a message: {line}");
                switch (m.Groups[2].Value)
                {
                    case "method": current.Method = span; break;
                    case "url": current.Url = span; break;
                    case "protocol": current.Protocol = span; break;
                    case "version": current.Version = span; break;
                    case "body": current.Body.Add(span); break;
                    case "header_field":
                        field = new LogField(span);
                        (current.InTrailers ? current.Trailers : current.Headers).Add(field);
                        break;
                    case "header_value":
                        (field ?? throw new FormatException($"Value without a name: {line}")).Value.Add(span);
                        break;
                    default:
                        break; // chunk extension names and values are checked, not reported, by our decoder
                }
            }
            else if ((m = HeadersComplete().Match(rest)).Success)
            {
                var current = message ?? throw new FormatException(line);
                current.HeadersComplete = true;
                current.Flags = int.Parse(m.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                current.ContentLength = long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
            }
            else if ((m = ChunkHeader().Match(rest)).Success)
            {
                if (m.Groups[1].Value == "0" && message is not null) message.InTrailers = true;
            }
            else if (rest == "message complete")
            {
                (message ?? throw new FormatException(line)).Complete = off;
            }
            else if (rest == "skip body")
            {
                (message ?? throw new FormatException(line)).SkippedBody = true;
            }
            else if ((m = Error().Match(rest)).Success)
            {
                log.ErrorCode = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                log.ErrorReason = m.Groups[2].Value;
            }
            else if ((m = FinishLine().Match(rest)).Success)
            {
                log.Finish = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            }
            // Everything else ("... complete" of spans, "reset", "chunk complete") marks progress only.
        }
        return log;
    }

    [GeneratedRegex(@"^off=(\d+|NULL) (.*)$")]
    private static partial Regex Line();

    [GeneratedRegex(@"^len=(\d+) span\[(\w+)\]=")]
    private static partial Regex Span();

    [GeneratedRegex(@"^headers complete method=\d+ v=\d+/\d+ flags=([0-9a-f]+) content_length=(\d+)$")]
    private static partial Regex HeadersComplete();

    [GeneratedRegex(@"^chunk header len=(\d+)$")]
    private static partial Regex ChunkHeader();

    [GeneratedRegex(@"^error code=(\d+) reason=""(.*)""$")]
    private static partial Regex Error();

    [GeneratedRegex(@"^finish=(\d+)$")]
    private static partial Regex FinishLine();
}
