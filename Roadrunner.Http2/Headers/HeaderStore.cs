using Roadrunner.Http2.Buffers;

namespace Roadrunner.Http2.Headers;

/// <summary>
/// Holds the field sections decoded since the last reset: field bytes in the connection's arena, field entries and
/// section descriptions in arrays that grow once and are reused. <see cref="Generation"/> changes on every reset so
/// stale views can tell.
/// </summary>
internal sealed class HeaderStore
{
    private readonly ByteArena _arena;
    private Http2HeaderField[] _fields = new Http2HeaderField[32];
    private HeaderBlockInfo[] _blocks = new HeaderBlockInfo[4];
    private int _fieldCount;
    private int _blockCount;

    public HeaderStore(ByteArena arena) => _arena = arena;

    /// <summary>Changes on every <see cref="Reset"/>.</summary>
    public int Generation { get; private set; }

    /// <summary>Starts a section and returns its index.</summary>
    public int BeginBlock()
    {
        if (_blockCount == _blocks.Length) Array.Resize(ref _blocks, _blocks.Length * 2);
        _blocks[_blockCount] = new HeaderBlockInfo { FirstField = _fieldCount, Status = 0, ContentLength = -1 };
        return _blockCount++;
    }

    /// <summary>The section at <paramref name="index"/>.</summary>
    public ref HeaderBlockInfo Block(int index) => ref _blocks[index];

    /// <summary>The field at <paramref name="index"/>.</summary>
    public Http2HeaderField Field(int index) => _fields[index];

    /// <summary>Copies a regular field into the store as the next field of section <paramref name="block"/>.</summary>
    public void AddField(int block, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, bool neverIndexed)
    {
        var memory = _arena.Allocate(name.Length + value.Length);
        name.CopyTo(memory.Span);
        value.CopyTo(memory.Span[name.Length..]);
        if (_fieldCount == _fields.Length) Array.Resize(ref _fields, _fields.Length * 2);
        _fields[_fieldCount++] = new Http2HeaderField(memory[..name.Length], memory[name.Length..], neverIndexed);
        _blocks[block].FieldCount++;
    }

    /// <summary>Copies a value (a pseudo-header field's) into the arena.</summary>
    public ReadOnlyMemory<byte> Copy(ReadOnlySpan<byte> value) => _arena.Copy(value);

    /// <summary>Drops the last section, begun with <see cref="BeginBlock"/> (a section that turned out malformed).</summary>
    public void DropLastBlock()
    {
        _blockCount--;
        _fieldCount = _blocks[_blockCount].FirstField;
    }

    /// <summary>Forgets every section; views taken before now become invalid.</summary>
    public void Reset()
    {
        if (_blockCount == 0) return;
        Array.Clear(_fields, 0, _fieldCount);
        Array.Clear(_blocks, 0, _blockCount);
        _fieldCount = 0;
        _blockCount = 0;
        Generation++;
    }
}
