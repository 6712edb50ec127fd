using Roadrunner.Http3.Buffers;

namespace Roadrunner.Http3.Headers;

/// <summary>
/// Where decoded sections and DATA content live between one input call and the next: an arena for octets and a pool
/// of <see cref="FieldSection"/> objects, both recycled by <see cref="Reset"/> at the start of each input call.
/// </summary>
internal sealed class SectionStore
{
    private readonly Stack<FieldSection> _pool = new();
    private readonly List<FieldSection> _live = [];

    /// <summary>The octets of events.</summary>
    public EventArena Arena { get; } = new();

    /// <summary>A cleared section that stays valid until <see cref="Reset"/>.</summary>
    public FieldSection Acquire()
    {
        var section = _pool.Count > 0 ? _pool.Pop() : new FieldSection();
        section.Clear();
        _live.Add(section);
        return section;
    }

    /// <summary>Recycles every section and octet handed out.</summary>
    public void Reset()
    {
        foreach (var section in _live) _pool.Push(section);
        _live.Clear();
        Arena.Reset();
    }
}
