namespace Roadrunner.Http1.Writing;

/// <summary>The <c>Date</c> field line, re-encoded only when the second changes. The caller passes the time in.</summary>
/// <remarks>
/// One thread calls <see cref="Update"/> (a once-a-second timer, say); any number of threads read
/// <see cref="FieldLine"/>. Each update publishes a new immutable array, so a reader sees either the old
/// line or the new one, never a mix. The cache never reads a clock.
/// </remarks>
/// <example>
/// <code>
/// var date = new DateHeaderCache(timeProvider.GetUtcNow());
/// // on a timer: date.Update(timeProvider.GetUtcNow());
/// writer.Write(date.FieldLine);   // "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n"
/// </code>
/// </example>
public sealed class DateHeaderCache
{
    /// <summary>Length of <c>"Date: " IMF-fixdate CRLF</c>.</summary>
    private const int LineLength = 37;
    private const int ValueStart = 6;
    private const int ValueLength = 29;

    private byte[] _line;
    private long _second;

    /// <summary>Starts at the Unix epoch (<c>Thu, 01 Jan 1970 00:00:00 GMT</c>) until the first <see cref="Update"/>.</summary>
    public DateHeaderCache()
        : this(DateTimeOffset.UnixEpoch)
    {
    }

    /// <summary>Starts with the line for <paramref name="initial"/>.</summary>
    public DateHeaderCache(DateTimeOffset initial)
    {
        _second = initial.ToUnixTimeSeconds();
        _line = Encode(initial);
    }

    /// <summary>Updates the cached line for <paramref name="now"/>; does nothing within the same second.</summary>
    public void Update(DateTimeOffset now)
    {
        long second = now.ToUnixTimeSeconds();
        if (second == _second) return;
        _second = second;
        Volatile.Write(ref _line, Encode(now));
    }

    /// <summary>The current <c>Date: ...\r\n</c> line.</summary>
    public ReadOnlySpan<byte> FieldLine => Volatile.Read(ref _line);

    /// <summary>The current IMF-fixdate alone (<c>Sun, 06 Nov 1994 08:49:37 GMT</c>), e.g. for an HTTP/2 <c>date</c> field.</summary>
    public ReadOnlySpan<byte> Value => Volatile.Read(ref _line).AsSpan(ValueStart, ValueLength);

    /// <summary>
    /// RFC 9110 §5.6.7: IMF-fixdate = day-name "," SP date1 SP time-of-day SP GMT, e.g.
    /// <c>Sun, 06 Nov 1994 08:49:37 GMT</c>; always in UTC, with fixed English names.
    /// </summary>
    private static byte[] Encode(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        var line = new byte[LineLength];
        var span = line.AsSpan();
        "Date: "u8.CopyTo(span);
        "SunMonTueWedThuFriSat"u8.Slice((int)utc.DayOfWeek * 3, 3).CopyTo(span[6..]);
        span[9] = (byte)',';
        span[10] = (byte)' ';
        TwoDigits(span[11..], utc.Day);
        span[13] = (byte)' ';
        "JanFebMarAprMayJunJulAugSepOctNovDec"u8.Slice((utc.Month - 1) * 3, 3).CopyTo(span[14..]);
        span[17] = (byte)' ';
        TwoDigits(span[18..], utc.Year / 100);
        TwoDigits(span[20..], utc.Year % 100);
        span[22] = (byte)' ';
        TwoDigits(span[23..], utc.Hour);
        span[25] = (byte)':';
        TwoDigits(span[26..], utc.Minute);
        span[28] = (byte)':';
        TwoDigits(span[29..], utc.Second);
        " GMT\r\n"u8.CopyTo(span[31..]);
        return line;
    }

    private static void TwoDigits(Span<byte> destination, int value)
    {
        destination[0] = (byte)('0' + (value / 10));
        destination[1] = (byte)('0' + (value % 10));
    }
}
