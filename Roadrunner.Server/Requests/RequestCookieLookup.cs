using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Roadrunner.Server.Cookies;

namespace Roadrunner.Server.Requests;

/// <summary>
/// The request's cookies as a lookup: <see cref="CookieParser"/>'s pairs, where the first of a repeated name wins
/// (RFC 6265 §5.4 sends the most specific first) and later ones are hidden.
/// </summary>
internal sealed class RequestCookieLookup : IReadOnlyDictionary<string, string>
{
    private static readonly RequestCookieLookup None = new(RequestCookies.Empty, default);

    private readonly RequestCookies _cookies;

    // Indexes of the first pair of each name, or null when no name repeats.
    private readonly int[]? _firsts;

    private RequestCookieLookup(RequestCookies cookies, CookieError error)
    {
        _cookies = cookies;
        Error = error;
        for (var i = 1; i < cookies.Count && _firsts is null; i++)
        {
            if (IndexOf(cookies, cookies[i].Key, i) >= 0)
            {
                var firsts = new List<int>(cookies.Count);
                for (var j = 0; j < cookies.Count; j++)
                {
                    if (IndexOf(cookies, cookies[j].Key, j) < 0)
                    {
                        firsts.Add(j);
                    }
                }

                _firsts = [.. firsts];
            }
        }
    }

    /// <summary>Why the header was refused; none when it was read.</summary>
    public CookieError Error { get; }

    public int Count => _firsts?.Length ?? _cookies.Count;

    public IEnumerable<string> Keys => this.Select(static pair => pair.Key);

    public IEnumerable<string> Values => this.Select(static pair => pair.Value);

    public string this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"No cookie named '{key}'.");

    public static RequestCookieLookup Parse(RequestHeaders headers)
    {
        var lines = headers.GetAll("cookie");
        if (lines.Count == 0)
        {
            return None;
        }

        // RFC 9113 §8.2.3 and RFC 9114 §4.2.1 let the field arrive split over several lines; they form one list.
        string[] values = [.. lines];
        CookieParser.TryParse(values, CookieOptions.Default, out var cookies, out var error);
        return cookies.Count == 0 && error.IsNone ? None : new RequestCookieLookup(cookies, error);
    }

    public bool ContainsKey(string key) => _cookies.Contains(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _cookies.TryGetValue(key, out value);
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator()
    {
        if (_firsts is null)
        {
            for (var i = 0; i < _cookies.Count; i++)
            {
                yield return _cookies[i];
            }

            yield break;
        }

        foreach (var i in _firsts)
        {
            yield return _cookies[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    // Index of an earlier pair named name, before end; -1 when none.
    private static int IndexOf(RequestCookies cookies, string name, int end)
    {
        for (var i = 0; i < end; i++)
        {
            if (string.Equals(cookies[i].Key, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
