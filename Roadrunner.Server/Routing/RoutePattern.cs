using System.Text;

namespace Roadrunner.Server.Routing;

/// <summary>Parses route patterns once, when the route is made.</summary>
internal static class RoutePattern
{
    public static RouteSegment[] Parse(string pattern)
    {
        if (pattern.Length == 0 || pattern[0] != '/') throw new ArgumentException($"A route pattern starts with '/': '{pattern}'.", nameof(pattern));
        if (pattern == "/") return [];
        var parts = pattern[1..].Split('/');
        var segments = new RouteSegment[parts.Length];
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            if (part.Length > 1 && part[0] is ':' or '*')
            {
                var name = part[1..];
                if (!names.Add(name)) throw new ArgumentException($"The binding '{name}' appears twice in '{pattern}'.", nameof(pattern));
                if (part[0] == '*' && i != parts.Length - 1) throw new ArgumentException($"A wildcard is the last segment: '{pattern}'.", nameof(pattern));
                segments[i] = new(part[0] == ':' ? RouteSegmentKind.Parameter : RouteSegmentKind.Wildcard, [], name);
            }
            else
            {
                if (part.Length == 1 && part[0] is ':' or '*') throw new ArgumentException($"A binding needs a name: '{pattern}'.", nameof(pattern));
                segments[i] = new(RouteSegmentKind.Literal, EncodeLiteral(part), string.Empty);
            }
        }

        return segments;
    }

    /// <summary>
    /// A literal as a client sends it: request targets are ASCII (RFC 3986 §2), so bytes outside ASCII
    /// are percent-encoded with upper-case hex, as RFC 3986 §2.1 recommends.
    /// </summary>
    private static byte[] EncodeLiteral(string part)
    {
        var utf8 = Encoding.UTF8.GetBytes(part);
        var sb = new StringBuilder(utf8.Length);
        foreach (var b in utf8)
        {
            if (b < 0x80) sb.Append((char)b);
            else sb.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return Encoding.ASCII.GetBytes(sb.ToString());
    }
}
