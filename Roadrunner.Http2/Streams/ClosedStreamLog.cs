namespace Roadrunner.Http2.Streams;

/// <summary>How a recently closed stream closed.</summary>
internal enum ClosedHow : byte
{
    /// <summary>END_STREAM both ways.</summary>
    EndStream,
    /// <summary>We sent RST_STREAM (or ignored the stream after GOAWAY).</summary>
    LocalReset,
    /// <summary>The peer sent RST_STREAM.</summary>
    RemoteReset,
}

/// <summary>
/// A bounded memory of closed streams: how the last <see cref="Capacity"/> closed, and the identifier ranges the peer
/// skipped (implicitly closed, §5.1.1). Older entries are forgotten and then read as plainly <see cref="StreamCondition.Closed"/>.
/// </summary>
internal sealed class ClosedStreamLog
{
    /// <summary>Closed streams remembered.</summary>
    public const int Capacity = 128;

    private const int SkippedCapacity = 16;

    private readonly int[] _ids = new int[Capacity];
    private readonly ClosedHow[] _how = new ClosedHow[Capacity];
    private readonly int[] _skippedFirst = new int[SkippedCapacity];
    private readonly int[] _skippedLast = new int[SkippedCapacity];
    private int _next;
    private int _count;
    private int _skippedNext;
    private int _skippedCount;

    /// <summary>Remembers that <paramref name="streamId"/> closed, and how.</summary>
    public void Add(int streamId, ClosedHow how)
    {
        for (int i = 0; i < _count; i++)
        {
            if (_ids[i] == streamId)
            {
                _how[i] = how;
                return;
            }
        }

        _ids[_next] = streamId;
        _how[_next] = how;
        _next = (_next + 1) % Capacity;
        if (_count < Capacity) _count++;
    }

    /// <summary>How <paramref name="streamId"/> closed, if still remembered.</summary>
    public bool TryGet(int streamId, out ClosedHow how)
    {
        for (int i = 0; i < _count; i++)
        {
            if (_ids[i] == streamId)
            {
                how = _how[i];
                return true;
            }
        }

        how = default;
        return false;
    }

    /// <summary>Remembers that the peer skipped the identifiers from <paramref name="first"/> to <paramref name="last"/>, of the same parity.</summary>
    public void AddSkipped(int first, int last)
    {
        _skippedFirst[_skippedNext] = first;
        _skippedLast[_skippedNext] = last;
        _skippedNext = (_skippedNext + 1) % SkippedCapacity;
        if (_skippedCount < SkippedCapacity) _skippedCount++;
    }

    /// <summary>True when <paramref name="streamId"/> lies in a remembered skipped range.</summary>
    public bool IsSkipped(int streamId)
    {
        for (int i = 0; i < _skippedCount; i++)
        {
            if (streamId >= _skippedFirst[i] && streamId <= _skippedLast[i] && ((streamId - _skippedFirst[i]) & 1) == 0) return true;
        }

        return false;
    }
}
