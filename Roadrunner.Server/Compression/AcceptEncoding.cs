namespace Roadrunner.Server.Compression;

/// <summary>
/// Chooses a response content coding from <c>Accept-Encoding</c> (RFC 9110 §12.5.3, weights §12.4.2).
/// Allocation-free; linear in the field length; never throws on client input.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Codings are case-insensitive; <c>x-gzip</c> counts as <c>gzip</c> (§8.4.1.3). When a coding is listed
/// more than once the first listing counts.</item>
/// <item>Weights are strict: <c>q=</c> then <c>0</c>, <c>0.d</c>, <c>0.dd</c>, <c>0.ddd</c>, <c>1</c> or <c>1.</c> followed by up to three
/// <c>0</c>s; the name <c>q</c> is case-insensitive; no whitespace around <c>=</c>. A member with an invalid weight
/// (<c>q=2</c>, <c>q=0.0001</c>, <c>q=-1</c>, <c>q=.5</c>, <c>q = 1</c>) or any parameter other than one weight is
/// ignored as if absent, so its coding falls back to <c>*</c> if present.</item>
/// <item><c>q=0</c> means "not acceptable". <c>*</c> gives its weight to every coding not listed, identity included.</item>
/// <item>The acceptable coding with the highest weight wins; ties go to the server's order in <c>supported</c>,
/// and a listed coding beats <c>identity</c> at equal weight. Identity not listed and not covered by <c>*</c> is
/// acceptable at the lowest priority, unless excluded by <c>identity;q=0</c> or by <c>*;q=0</c> without an
/// identity entry.</item>
/// <item>An empty field value (or one whose members are all invalid) means identity only.
/// An absent field means any coding is acceptable; the server then picks identity (pass null to
/// <see cref="Select(string, ReadOnlySpan{ContentCoding})"/>), since a client that does not ask for compression may
/// not understand it.</item>
/// <item>Null means nothing is acceptable: answer 406, or ignore the header and send identity (§12.1).</item>
/// </list>
/// </remarks>
/// <example>
/// <code>
/// ReadOnlySpan&lt;ContentCoding&gt; supported = [ContentCoding.Brotli, ContentCoding.Gzip];
/// ContentCoding? coding = AcceptEncoding.Select("gzip, deflate, br;q=0.9", supported);   // Gzip
/// </code>
/// </example>
public static class AcceptEncoding
{
    private const int Unlisted = -1;
    private const int Invalid = -2;

    /// <summary>Chooses a coding; null <paramref name="fieldValue"/> means the header is absent (identity).</summary>
    /// <param name="fieldValue">The <c>Accept-Encoding</c> field value, or null when the request has none.</param>
    /// <param name="supported">The codings the server can apply, most preferred first; identity in it is ignored.</param>
    /// <returns>The coding to use, or null when none is acceptable.</returns>
    public static ContentCoding? Select(string? fieldValue, ReadOnlySpan<ContentCoding> supported)
        => fieldValue is null ? ContentCoding.Identity : Select(fieldValue.AsSpan(), supported);

    /// <summary>Chooses a coding for a request that carries <c>Accept-Encoding</c> (several field lines joined by commas).</summary>
    /// <param name="fieldValue">The field value.</param>
    /// <param name="supported">The codings the server can apply, most preferred first; identity in it is ignored.</param>
    /// <returns>The coding to use, or null when none is acceptable.</returns>
    public static ContentCoding? Select(ReadOnlySpan<char> fieldValue, ReadOnlySpan<ContentCoding> supported)
    {
        // Weights in thousandths; Unlisted when the member is absent.
        int gzip = Unlisted, deflate = Unlisted, br = Unlisted, identity = Unlisted, star = Unlisted;
        var rest = fieldValue;
        while (!rest.IsEmpty)
        {
            var comma = rest.IndexOf(',');
            var member = (comma < 0 ? rest : rest[..comma]).Trim(" \t");
            rest = comma < 0 ? default : rest[(comma + 1)..];
            if (member.IsEmpty)
            {
                continue;
            }

            var semicolon = member.IndexOf(';');
            var coding = (semicolon < 0 ? member : member[..semicolon]).TrimEnd(" \t");
            var q = semicolon < 0 ? 1000 : ParseWeight(member[(semicolon + 1)..]);
            if (q == Invalid || coding.IsEmpty)
            {
                continue;
            }

            if (coding.Equals("gzip", StringComparison.OrdinalIgnoreCase) || coding.Equals("x-gzip", StringComparison.OrdinalIgnoreCase))
            {
                First(ref gzip, q);
            }
            else if (coding.Equals("br", StringComparison.OrdinalIgnoreCase))
            {
                First(ref br, q);
            }
            else if (coding.Equals("deflate", StringComparison.OrdinalIgnoreCase))
            {
                First(ref deflate, q);
            }
            else if (coding.Equals("identity", StringComparison.OrdinalIgnoreCase))
            {
                First(ref identity, q);
            }
            else if (coding.SequenceEqual("*"))
            {
                First(ref star, q);
            }
        }

        ContentCoding? best = null;
        var bestQ = 0;
        foreach (var candidate in supported)
        {
            var q = candidate switch
            {
                ContentCoding.Gzip => gzip,
                ContentCoding.Deflate => deflate,
                ContentCoding.Brotli => br,
                _ => Unlisted,
            };
            if (candidate == ContentCoding.Identity)
            {
                continue;
            }

            if (q == Unlisted)
            {
                q = star;
            }

            if (q > bestQ)
            {
                best = candidate;
                bestQ = q;
            }
        }

        var identityQ = identity != Unlisted ? identity : star;
        if (identityQ == Unlisted)
        {
            // Not mentioned at all: acceptable, chosen only when nothing else is.
            return best ?? ContentCoding.Identity;
        }

        if (identityQ > bestQ)
        {
            return ContentCoding.Identity;
        }

        return best;
    }

    private static void First(ref int slot, int q)
    {
        if (slot == Unlisted)
        {
            slot = q;
        }
    }

    // weight = OWS ";" OWS "q=" qvalue ; qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )
    private static int ParseWeight(ReadOnlySpan<char> parameters)
    {
        var p = parameters.Trim(" \t");
        if (p.Length < 3 || (p[0] | 0x20) != 'q' || p[1] != '=')
        {
            return Invalid;
        }

        var v = p[2..];
        if (v[0] is not ('0' or '1'))
        {
            return Invalid;
        }

        var whole = v[0] - '0';
        if (v.Length == 1)
        {
            return whole * 1000;
        }

        if (v[1] != '.' || v.Length > 5)
        {
            return Invalid;
        }

        var fraction = 0;
        var scale = 100;
        foreach (var c in v[2..])
        {
            if (!char.IsAsciiDigit(c) || (whole == 1 && c != '0'))
            {
                return Invalid;
            }

            fraction += (c - '0') * scale;
            scale /= 10;
        }

        return (whole * 1000) + fraction;
    }
}
