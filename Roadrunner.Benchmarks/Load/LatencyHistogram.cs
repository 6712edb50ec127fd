namespace Roadrunner.Benchmarks.Load;

/// <summary>
/// A log-linear latency histogram in the spirit of HdrHistogram: values in microseconds, exact below 128 µs and
/// above that 64 linear sub-buckets per power of two, so every value is kept within 1/64 (1.6 %) of itself, up to
/// 2^40 µs, in a fixed array. Recording allocates nothing; one histogram per connection, merged at the end.
/// </summary>
public sealed class LatencyHistogram
{
    private const int Exact = 128;
    private const int SubBuckets = 64;
    private const int MaxShift = 34;

    private readonly long[] _counts = new long[Exact + (MaxShift * SubBuckets)];

    /// <summary>How many values were recorded.</summary>
    public long Count { get; private set; }

    /// <summary>The largest value recorded, in microseconds.</summary>
    public long Max { get; private set; }

    /// <summary>Records one latency.</summary>
    public void Record(long microseconds)
    {
        if (microseconds < 0) microseconds = 0;
        _counts[Index(microseconds)]++;
        Count++;
        if (microseconds > Max) Max = microseconds;
    }

    /// <summary>Adds every value of <paramref name="other"/>.</summary>
    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < _counts.Length; i++) _counts[i] += other._counts[i];
        Count += other.Count;
        Max = Math.Max(Max, other.Max);
    }

    /// <summary>The value at <paramref name="percentile"/> (0–100), in microseconds: the upper edge of its bucket, at most the maximum.</summary>
    public long Percentile(double percentile)
    {
        if (Count == 0) return 0;
        var rank = Math.Max(1, (long)Math.Ceiling(percentile / 100.0 * Count));
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank) return Math.Min(UpperEdge(i), Max);
        }

        return Max;
    }

    internal static int Index(long value)
    {
        if (value < Exact) return (int)value;
        // The top seven bits pick the sub-bucket; the rest only say which power of two.
        var shift = 63 - (int)long.LeadingZeroCount(value) - 6;
        if (shift > MaxShift) return Exact + (MaxShift * SubBuckets) - 1;
        var sub = (int)(value >> shift);
        return Exact + ((shift - 1) * SubBuckets) + (sub - SubBuckets);
    }

    internal static long UpperEdge(int index)
    {
        if (index < Exact) return index;
        var shift = ((index - Exact) / SubBuckets) + 1;
        var sub = ((index - Exact) % SubBuckets) + SubBuckets;
        return ((long)(sub + 1) << shift) - 1;
    }
}
