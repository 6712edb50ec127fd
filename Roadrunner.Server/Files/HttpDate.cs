namespace Roadrunner.Server.Files;

/// <summary>
/// HTTP-date (RFC 9110 §5.6.7): formats the preferred IMF-fixdate and parses all three forms a recipient
/// MUST accept (IMF-fixdate, the obsolete RFC 850 form and ANSI C asctime).
/// </summary>
/// <example>
/// <code>
/// string value = HttpDate.Format(DateTimeOffset.UnixEpoch);            // "Thu, 01 Jan 1970 00:00:00 GMT"
/// bool ok = HttpDate.TryParse("Sunday, 06-Nov-94 08:49:37 GMT", out DateTimeOffset when);
/// </code>
/// </example>
public static class HttpDate
{
    /// <summary>Length of an IMF-fixdate, in characters or bytes: 29.</summary>
    public const int Length = 29;

    private static readonly string[] ShortDays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    private static readonly string[] LongDays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    /// <summary>Formats <paramref name="value"/> (converted to UTC) as an IMF-fixdate, e.g. <c>Sun, 06 Nov 1994 08:49:37 GMT</c>.</summary>
    public static string Format(DateTimeOffset value)
        => string.Create(Length, value, static (span, v) => TryFormat(v, span, out _));

    /// <summary>Writes <paramref name="value"/> as an IMF-fixdate; false when <paramref name="destination"/> is shorter than <see cref="Length"/>.</summary>
    public static bool TryFormat(DateTimeOffset value, Span<char> destination, out int charsWritten)
    {
        if (destination.Length < Length)
        {
            charsWritten = 0;
            return false;
        }

        var utc = value.UtcDateTime;
        var day = ShortDays[(int)utc.DayOfWeek];
        var month = Months[utc.Month - 1];
        destination[0] = day[0];
        destination[1] = day[1];
        destination[2] = day[2];
        destination[3] = ',';
        destination[4] = ' ';
        Two(destination[5..], utc.Day);
        destination[7] = ' ';
        destination[8] = month[0];
        destination[9] = month[1];
        destination[10] = month[2];
        destination[11] = ' ';
        Two(destination[12..], utc.Year / 100);
        Two(destination[14..], utc.Year % 100);
        destination[16] = ' ';
        Two(destination[17..], utc.Hour);
        destination[19] = ':';
        Two(destination[20..], utc.Minute);
        destination[22] = ':';
        Two(destination[23..], utc.Second);
        destination[25] = ' ';
        destination[26] = 'G';
        destination[27] = 'M';
        destination[28] = 'T';
        charsWritten = Length;
        return true;

        static void Two(Span<char> d, int n)
        {
            d[0] = (char)('0' + (n / 10));
            d[1] = (char)('0' + (n % 10));
        }
    }

    /// <summary>Writes <paramref name="value"/> as an ASCII IMF-fixdate; false when <paramref name="utf8Destination"/> is shorter than <see cref="Length"/>.</summary>
    public static bool TryFormat(DateTimeOffset value, Span<byte> utf8Destination, out int bytesWritten)
    {
        if (utf8Destination.Length < Length)
        {
            bytesWritten = 0;
            return false;
        }

        Span<char> chars = stackalloc char[Length];
        TryFormat(value, chars, out _);
        for (var i = 0; i < Length; i++)
        {
            utf8Destination[i] = (byte)chars[i];
        }

        bytesWritten = Length;
        return true;
    }

    /// <summary>
    /// Parses an HTTP-date in any of the three forms. Surrounding whitespace (SP, HTAB) is ignored; names are
    /// case-sensitive as the grammar says. A two-digit RFC 850 year is placed by the system clock
    /// (use the overload taking <c>now</c> to pass the time in). A leap second (<c>:60</c>) reads as <c>:59</c>.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> value, out DateTimeOffset result)
        => TryParse(value, DateTimeOffset.UtcNow, out result);

    /// <summary>
    /// Parses an HTTP-date in any of the three forms. RFC 9110 §5.6.7: a two-digit RFC 850 year that appears to
    /// be more than 50 years after <paramref name="now"/> is taken as the most recent past year with those digits.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> value, DateTimeOffset now, out DateTimeOffset result)
    {
        result = default;
        value = value.Trim(" \t");
        if (value.Length < 24)
        {
            return false;
        }

        if (value[3] == ',')
        {
            return TryParseImfFixdate(value, out result);
        }

        if (value[3] == ' ')
        {
            return TryParseAsctime(value, out result);
        }

        return TryParseRfc850(value, now, out result);
    }

    // IMF-fixdate = day-name "," SP date1 SP time-of-day SP GMT      e.g. Sun, 06 Nov 1994 08:49:37 GMT
    private static bool TryParseImfFixdate(ReadOnlySpan<char> v, out DateTimeOffset result)
    {
        result = default;
        if (v.Length != Length || IndexOf(ShortDays, v[..3]) < 0 || v[4] != ' ' || v[7] != ' ' || v[11] != ' '
            || v[16] != ' ' || v[25] != ' ' || !v[26..].SequenceEqual("GMT"))
        {
            return false;
        }

        var month = IndexOf(Months, v[8..11]) + 1;
        return TryDigits(v.Slice(5, 2), out var day)
            && TryDigits(v.Slice(12, 4), out var year)
            && TryTime(v.Slice(17, 8), out var hour, out var minute, out var second)
            && TryBuild(year, month, day, hour, minute, second, out result);
    }

    // rfc850-date = day-name-l "," SP date2 SP time-of-day SP GMT     e.g. Sunday, 06-Nov-94 08:49:37 GMT
    private static bool TryParseRfc850(ReadOnlySpan<char> v, DateTimeOffset now, out DateTimeOffset result)
    {
        result = default;
        var comma = v.IndexOf(',');
        if (comma < 0 || IndexOf(LongDays, v[..comma]) < 0)
        {
            return false;
        }

        var rest = v[(comma + 1)..];
        // SP 2DIGIT "-" month "-" 2DIGIT SP time-of-day SP "GMT"  = 1 + 9 + 1 + 8 + 1 + 3
        if (rest.Length != 23 || rest[0] != ' ' || rest[3] != '-' || rest[7] != '-' || rest[10] != ' '
            || rest[19] != ' ' || !rest[20..].SequenceEqual("GMT"))
        {
            return false;
        }

        var month = IndexOf(Months, rest[4..7]) + 1;
        if (!TryDigits(rest.Slice(1, 2), out var day) || !TryDigits(rest.Slice(8, 2), out var yy)
            || !TryTime(rest.Slice(11, 8), out var hour, out var minute, out var second))
        {
            return false;
        }

        var year = (now.UtcDateTime.Year / 100 * 100) + yy;
        if (year - now.UtcDateTime.Year > 50)
        {
            year -= 100;
        }

        return TryBuild(year, month, day, hour, minute, second, out result);
    }

    // asctime-date = day-name SP date3 SP time-of-day SP year      e.g. Sun Nov  6 08:49:37 1994
    private static bool TryParseAsctime(ReadOnlySpan<char> v, out DateTimeOffset result)
    {
        result = default;
        if (v.Length != 24 || IndexOf(ShortDays, v[..3]) < 0 || v[7] != ' ' || v[10] != ' ' || v[19] != ' ')
        {
            return false;
        }

        var month = IndexOf(Months, v[4..7]) + 1;
        int day;
        if (v[8] == ' ')
        {
            if (!TryDigits(v.Slice(9, 1), out day))
            {
                return false;
            }
        }
        else if (!TryDigits(v.Slice(8, 2), out day))
        {
            return false;
        }

        return TryTime(v.Slice(11, 8), out var hour, out var minute, out var second)
            && TryDigits(v.Slice(20, 4), out var year)
            && TryBuild(year, month, day, hour, minute, second, out result);
    }

    // time-of-day = hour ":" minute ":" second
    private static bool TryTime(ReadOnlySpan<char> t, out int hour, out int minute, out int second)
    {
        minute = second = 0;
        return TryDigits(t[..2], out hour) && t[2] == ':' && TryDigits(t.Slice(3, 2), out minute)
            && t[5] == ':' && TryDigits(t.Slice(6, 2), out second);
    }

    private static bool TryBuild(int year, int month, int day, int hour, int minute, int second, out DateTimeOffset result)
    {
        result = default;
        if (month < 1 || year < 1 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 60)
        {
            return false;
        }

        result = new DateTimeOffset(year, month, day, hour, minute, second == 60 ? 59 : second, TimeSpan.Zero);
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<char> s, out int value)
    {
        value = 0;
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }

    private static int IndexOf(string[] names, ReadOnlySpan<char> candidate)
    {
        for (var i = 0; i < names.Length; i++)
        {
            if (candidate.SequenceEqual(names[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
