namespace Roadrunner.Quic.Streams;

/// <summary>
/// A sorted set of disjoint, non-adjacent half-open byte ranges [Start, End): which parts of a stream arrived, were
/// acknowledged or were lost. Small in practice (a few entries), so a list with linear merging is enough.
/// </summary>
internal sealed class QuicRangeSet
{
    private readonly List<(ulong Start, ulong End)> _ranges = [];

    public int Count => _ranges.Count;

    public (ulong Start, ulong End) this[int index] => _ranges[index];

    public void Clear() => _ranges.Clear();

    /// <summary>Adds [start, end), merging with overlapping and adjacent ranges.</summary>
    public void Add(ulong start, ulong end)
    {
        if (start >= end)
        {
            return;
        }

        int i = 0;
        while (i < _ranges.Count && _ranges[i].End < start)
        {
            i++;
        }

        int j = i;
        while (j < _ranges.Count && _ranges[j].Start <= end)
        {
            start = Math.Min(start, _ranges[j].Start);
            end = Math.Max(end, _ranges[j].End);
            j++;
        }

        if (j > i)
        {
            _ranges.RemoveRange(i, j - i);
        }

        _ranges.Insert(i, (start, end));
    }

    /// <summary>Removes [start, end) from the set, splitting a range that straddles it.</summary>
    public void Remove(ulong start, ulong end)
    {
        if (start >= end)
        {
            return;
        }

        for (int i = 0; i < _ranges.Count; i++)
        {
            var (s, e) = _ranges[i];
            if (e <= start)
            {
                continue;
            }

            if (s >= end)
            {
                break;
            }

            _ranges.RemoveAt(i);
            if (e > end)
            {
                _ranges.Insert(i, (end, e));
            }

            if (s < start)
            {
                _ranges.Insert(i, (s, start));
                i++;
            }

            i--;
        }
    }

    /// <summary>Removes everything below <paramref name="offset"/>.</summary>
    public void RemoveBelow(ulong offset) => Remove(0, offset);

    /// <summary>Whether [start, end) is wholly inside one range.</summary>
    public bool Contains(ulong start, ulong end)
    {
        foreach (var (s, e) in _ranges)
        {
            if (s <= start && end <= e)
            {
                return true;
            }
        }

        return false;
    }
}
