using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Roadrunner.Tests.Conformance;

/// <summary>One case of the llhttp request corpus: a titled request, its meta and llhttp's parse log.</summary>
/// <param name="Key">"file / title", unique (a repeated title gets " (2)").</param>
/// <param name="File">The markdown file name without extension.</param>
/// <param name="Title">The heading above the case.</param>
/// <param name="Type">The meta "type": "request", "request-finish" or "request-lenient-…".</param>
/// <param name="SkipBody">The meta "skipBody": llhttp's harness told the parser there is no body.</param>
/// <param name="Input">The request bytes, converted as llhttp's harness converts them.</param>
/// <param name="Log">The lines of the log block.</param>
internal sealed record LlhttpCase(string Key, string File, string Title, string Type, bool SkipBody, byte[] Input, IReadOnlyList<string> Log)
{
    /// <summary>True for cases llhttp parses with a leniency flag on.</summary>
    public bool IsLenient => Type.StartsWith("request-lenient", StringComparison.Ordinal);
}

/// <summary>
/// Loads <c>Conformance/llhttp/request-*.md</c>, the corpus kept in the repository with its licence (see the folder's
/// <c>SOURCE.md</c>). The build copies it beside the test assembly, so it is read from there.
/// </summary>
internal static partial class LlhttpCorpus
{
    private static readonly Lazy<(IReadOnlyList<LlhttpCase> Cases, string? Directory, string Searched)> Loaded = new(Load);

    /// <summary>The cases, in file and document order; empty when the corpus was not found.</summary>
    public static IReadOnlyList<LlhttpCase> Cases => Loaded.Value.Cases;

    /// <summary>The corpus directory, or null when it was not found.</summary>
    public static string? Directory => Loaded.Value.Directory;

    /// <summary>The directories that were searched, for the failure message.</summary>
    public static string Searched => Loaded.Value.Searched;

    /// <summary>Finds the case with <paramref name="key"/>.</summary>
    public static LlhttpCase Get(string key) => Cases.Single(c => c.Key == key);

    /// <summary>
    /// Turns an <c>http</c> block into bytes the way llhttp's test harness (test/md-test.ts) does: drop the final
    /// newline; drop a backslash that ends a line together with the line end; make every line end CRLF; turn
    /// <c>\r</c>, <c>\n</c>, <c>\t</c>, <c>\f</c>, <c>\xHH</c> and octal <c>\NNN</c> into characters; then encode the
    /// text as UTF-8. (The logs count bytes of that UTF-8 text: "Düsseldorf" is 11 bytes and <c>\xff</c> is 2.)
    /// </summary>
    public static byte[] ToBytes(string block)
    {
        var text = block.EndsWith('\n') ? block[..^1] : block;
        text = EscapedNewline().Replace(text, string.Empty);
        text = AnyNewline().Replace(text, "\r\n");
        text = text.Replace("\\r", "\r", StringComparison.Ordinal)
            .Replace("\\n", "\n", StringComparison.Ordinal)
            .Replace("\\t", "\t", StringComparison.Ordinal)
            .Replace("\\f", "\f", StringComparison.Ordinal);
        text = HexEscape().Replace(text, m => ((char)Convert.ToInt32(m.Groups[1].Value, 16)).ToString());
        text = OctalEscape().Replace(text, m => ((char)Convert.ToInt32(m.Groups[1].Value, 8)).ToString());
        return Encoding.UTF8.GetBytes(text);
    }

    private static (IReadOnlyList<LlhttpCase>, string?, string) Load()
    {
        var searched = new List<string>();
        string? found = null;
        string candidate = Path.Combine(AppContext.BaseDirectory, "Conformance", "llhttp");
        searched.Add(candidate);
        if (System.IO.Directory.Exists(candidate)) found = candidate;

        string where = string.Join(Environment.NewLine, searched);
        if (found is null) return ([], null, where);

        var cases = new List<LlhttpCase>();
        foreach (var path in System.IO.Directory.GetFiles(found, "request-*.md").Order(StringComparer.Ordinal))
        {
            Parse(Path.GetFileNameWithoutExtension(path), File.ReadAllText(path), cases);
        }
        return (cases, found, where);
    }

    /// <summary>Reads the cases of one markdown file: heading, meta comment, <c>http</c> block, <c>log</c> block.</summary>
    private static void Parse(string file, string markdown, List<LlhttpCase> cases)
    {
        var lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        string title = file;
        string? type = null;
        bool skipBody = false;
        string? http = null;
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);

        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            if (line.StartsWith('#'))
            {
                title = line.TrimStart('#').Trim();
                type = null;
                http = null;
            }
            else if (line.StartsWith("<!-- meta=", StringComparison.Ordinal))
            {
                string json = line["<!-- meta=".Length..line.LastIndexOf("-->", StringComparison.Ordinal)].Trim();
                using var meta = JsonDocument.Parse(json);
                type = meta.RootElement.GetProperty("type").GetString();
                skipBody = meta.RootElement.TryGetProperty("skipBody", out var skip) && skip.GetBoolean();
            }
            else if (line == "```http" || line == "```log")
            {
                var block = new StringBuilder();
                int j = i + 1;
                for (; j < lines.Length && lines[j] != "```"; j++) block.Append(lines[j]).Append('\n');
                i = j;
                if (line == "```http")
                {
                    http = block.ToString();
                    continue;
                }
                if (http is null || type is null) continue;

                int count = seen.TryGetValue(title, out int n) ? n + 1 : 1;
                seen[title] = count;
                string key = count == 1 ? $"{file} / {title}" : $"{file} / {title} ({count})";
                var log = block.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
                cases.Add(new LlhttpCase(key, file, title, type, skipBody, ToBytes(http), log));
                http = null;
            }
        }
    }

    [GeneratedRegex(@"\\(\r\n|\r|\n)")]
    private static partial Regex EscapedNewline();

    [GeneratedRegex(@"\r\n|\r|\n")]
    private static partial Regex AnyNewline();

    [GeneratedRegex(@"\\x([0-9a-fA-F]+)")]
    private static partial Regex HexEscape();

    [GeneratedRegex(@"\\([0-7]{1,3})")]
    private static partial Regex OctalEscape();
}
