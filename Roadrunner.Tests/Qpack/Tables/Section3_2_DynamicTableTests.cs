using Roadrunner.Qpack.Tables;
using Shouldly;
using static Roadrunner.Tests.Qpack.Support.QpackTestHelpers;

namespace Roadrunner.Tests.Qpack.Tables;

/// <summary>RFC 9204 §3.2: entry size, capacity, eviction and absolute indexing.</summary>
[TestClass]
public sealed class Section3_2_DynamicTableTests
{
    /// <summary>§3.2.1: "The size of an entry is the sum of its name's length in bytes, its value's length in bytes, and 32 additional bytes."</summary>
    [TestMethod]
    public void S3_2_1_EntrySize_IsNamePlusValuePlus32()
    {
        using var table = new QpackDynamicTable();
        table.SetCapacity(100);
        table.Insert(Ascii("abc"), Ascii("de"));
        table.Size.ShouldBe(37);
        table.InsertCount.ShouldBe(1);
    }

    /// <summary>§3.2.2: inserting evicts from the oldest end until the new entry fits; absolute indices never move.</summary>
    [TestMethod]
    public void S3_2_2_Insert_EvictsOldestFirst()
    {
        using var table = new QpackDynamicTable();
        table.SetCapacity(100);
        table.Insert(Ascii("a"), Ascii("1"));   // 34
        table.Insert(Ascii("b"), Ascii("2"));   // 34
        table.Insert(Ascii("c"), Ascii("3"));   // 34: evicts 0
        Entries(table).ShouldBe(["1 b: 2", "2 c: 3"]);
        table.OldestIndex.ShouldBe(1);
        table.Contains(0).ShouldBeFalse();
        table.Contains(2).ShouldBeTrue();
        table.Contains(3).ShouldBeFalse();
    }

    /// <summary>§3.2.2: lowering the capacity evicts until the table fits.</summary>
    [TestMethod]
    public void S3_2_2_SetCapacity_Evicts()
    {
        using var table = new QpackDynamicTable();
        table.SetCapacity(100);
        table.Insert(Ascii("a"), Ascii("1"));
        table.Insert(Ascii("b"), Ascii("2"));
        table.SetCapacity(40);
        Entries(table).ShouldBe(["1 b: 2"]);
        table.SetCapacity(0);
        table.Count.ShouldBe(0);
        table.InsertCount.ShouldBe(2);
    }

    /// <summary>§2.1.1: the encoder only evicts entries below its limit (acknowledged and unreferenced).</summary>
    [TestMethod]
    public void S2_1_1_CanInsert_RespectsEvictionLimit()
    {
        using var table = new QpackDynamicTable();
        table.SetCapacity(100);
        table.Insert(Ascii("a"), Ascii("1"));
        table.Insert(Ascii("b"), Ascii("2"));
        table.CanInsert(34, limit: 0).ShouldBeFalse();
        table.CanInsert(34, limit: 1).ShouldBeTrue();
        table.CanInsert(32, limit: 0).ShouldBeTrue();   // 68 + 32 = 100 fits without evicting
        table.CanInsert(101, limit: 2).ShouldBeFalse();
    }

    /// <summary>A name taken from the entry the insert evicts is copied before eviction (§4.3.2's caution).</summary>
    [TestMethod]
    public void Insert_NameFromEvictedEntry_IsKept()
    {
        using var table = new QpackDynamicTable();
        table.SetCapacity(70);
        table.Insert(Ascii("name-one"), Ascii("v"));
        table.Get(0, out var name, out _);
        table.Insert(name, Ascii("value-two"));
        Entries(table).ShouldBe(["1 name-one: value-two"]);
    }

    [TestMethod]
    public void Find_ReturnsNewestMatch()
    {
        using var table = new QpackDynamicTable();
        table.SetCapacity(1000);
        table.Insert(Ascii("k"), Ascii("v"));
        table.Insert(Ascii("k"), Ascii("w"));
        table.Insert(Ascii("k"), Ascii("v"));
        table.Find(Ascii("k"), Ascii("v"), out long nameIndex).ShouldBe(2);
        nameIndex.ShouldBe(2);
        table.Find(Ascii("k"), Ascii("x"), out nameIndex).ShouldBe(-1);
        nameIndex.ShouldBe(2);
    }
}
