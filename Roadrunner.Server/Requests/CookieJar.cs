namespace Roadrunner.Server.Requests;

/// <summary>Turns the request's Cookie fields into a lookup (RFC 6265 §5.4).</summary>
internal static class CookieJar
{
    private static readonly IReadOnlyDictionary<string, string> s_none = new Dictionary<string, string>();

    public static IReadOnlyDictionary<string, string> Parse(RequestHeaders headers)
    {
        // RFC 9113 §8.2.3 and RFC 9114 allow several Cookie fields; they are joined with "; ".
        var all = headers.GetAll("cookie");
        if (all.Count == 0) return s_none;
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in all)
        {
            foreach (var piece in line.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = piece.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0) continue;
                var name = piece[..eq].Trim();
                var value = piece[(eq + 1)..].Trim();
                if (value.Length >= 2 && value[0] == '"' && value[^1] == '"') value = value[1..^1];
                result.TryAdd(name, value);
            }
        }

        return result;
    }
}
