using Roadrunner.Hpack;
using Roadrunner.Hpack.Tables;
using Shouldly;
using static Roadrunner.Tests.Hpack.Support.HpackTestHelpers;

namespace Roadrunner.Tests.Hpack.Tables;

/// <summary>
/// RFC 7541 §4 dynamic table management. §4.1: "The size of an entry is the sum of its name's length in octets ...,
/// its value's length in octets, and 32." §4.4: "Before a new entry is added to the dynamic table, entries are evicted
/// from the end of the dynamic table until the size of the dynamic table is less than or equal to (maximum size - new
/// entry size) or until the table is empty. If the size of the new entry is less than or equal to the maximum size,
/// that entry is added to the table. It is not an error to attempt to add an entry that is larger than the maximum
/// size; an attempt to add an entry larger than the maximum size causes the table to be emptied of all existing
/// entries and results in an empty table."
/// </summary>
[TestClass]
public sealed class Section4_DynamicTableTests
{
    /// <summary>§4.1: "custom-key: custom-header" is 10 + 13 + 32 = 55.</summary>
    [TestMethod]
    public void EntrySize_IsNamePlusValuePlus32()
    {
        var table = new DynamicTable(4096);
        table.Add(Ascii("custom-key"), Ascii("custom-header"));
        table.Size.ShouldBe(55);
        table.Add([], []);
        table.Size.ShouldBe(55 + 32);
        table.Count.ShouldBe(2);
    }

    /// <summary>§4.4: eviction takes the oldest entries first, only as many as the new one needs.</summary>
    [TestMethod]
    public void Eviction_RemovesOldestFirst_UntilTheNewEntryFits()
    {
        var table = new DynamicTable(3 * 34);
        table.Add(Ascii("a"), Ascii("1"));
        table.Add(Ascii("b"), Ascii("2"));
        table.Add(Ascii("c"), Ascii("3"));
        Entries(table).ShouldBe(["c: 3", "b: 2", "a: 1"]);
        table.Add(Ascii("d"), Ascii("4"));
        Entries(table).ShouldBe(["d: 4", "c: 3", "b: 2"]);
        table.Add(Ascii("e"), Ascii("55"));   // 35 octets: two entries go
        Entries(table).ShouldBe(["e: 55", "d: 4"]);
        table.Size.ShouldBe(35 + 34);
    }

    /// <summary>§4.4: an entry exactly the maximum size is added, alone.</summary>
    [TestMethod]
    public void EntryOfExactlyMaxSize_IsAddedAlone()
    {
        var table = new DynamicTable(64);
        table.Add(Ascii("a"), Ascii("b"));
        table.Add(Ascii("n"), Ascii(new string('v', 31)));
        Entries(table).ShouldBe(["n: " + new string('v', 31)]);
        table.Size.ShouldBe(64);
    }

    /// <summary>§4.4: "an attempt to add an entry larger than the maximum size causes the table to be emptied"; the decoder still delivers the field.</summary>
    [TestMethod]
    public void EntryLargerThanMaxSize_EmptiesTheTable_FieldStillDelivered()
    {
        var decoder = new HpackDecoder(maxDynamicTableSize: 64);
        Decode(decoder, Hex("40 0161 0162")).Error.IsNone.ShouldBeTrue();
        decoder.DynamicTableCount.ShouldBe(1);

        var (error, sink) = Decode(decoder, [.. Hex("40 0163 28"), .. Ascii(new string('x', 40))]);
        error.IsNone.ShouldBeTrue();
        sink.Lines.ShouldBe(["c: " + new string('x', 40)]);
        decoder.DynamicTableCount.ShouldBe(0);
        decoder.DynamicTableSize.ShouldBe(0);
    }

    /// <summary>
    /// §4.4: "A new entry can reference the name of an entry in the dynamic table that will be evicted when adding this
    /// new entry into the dynamic table. Implementations are cautioned to avoid deleting the referenced name if the
    /// referenced entry is evicted from the dynamic table prior to inserting the new entry."
    /// </summary>
    [TestMethod]
    public void NewEntry_NamingTheEntryItEvicts_KeepsTheName()
    {
        var decoder = new HpackDecoder(maxDynamicTableSize: 60);
        var (error, sink) = Decode(decoder, [.. Hex("40 0a"), .. Ascii("custom-key"), .. Hex("02"), .. Ascii("v1"), .. Hex("7e 02"), .. Ascii("v2")]);
        error.IsNone.ShouldBeTrue();
        sink.Lines.ShouldBe(["custom-key: v1", "custom-key: v2"]);
        Entries(decoder.Table).ShouldBe(["custom-key: v2"]);
        decoder.DynamicTableSize.ShouldBe(44);
    }

    /// <summary>§2.3.3: index 62 is the newest entry, 62 + count - 1 the oldest.</summary>
    [TestMethod]
    public void Indices_NewestIs62()
    {
        var decoder = new HpackDecoder();
        Decode(decoder, Hex("40 0161 0131  40 0162 0132  40 0163 0133")).Error.IsNone.ShouldBeTrue();
        var (error, sink) = Decode(decoder, Hex("be bf c0"));
        error.IsNone.ShouldBeTrue();
        sink.Lines.ShouldBe(["c: 3", "b: 2", "a: 1"]);
    }

    /// <summary>
    /// The octet ring against a plain list: thousands of seeded adds of varied sizes and maximum size changes give the
    /// same entries, sizes and lookups, across every wrap of the ring.
    /// </summary>
    [TestMethod]
    public void Ring_MatchesAListModel_UnderRandomAddsAndResizes()
    {
        var random = new Random(4_4);
        foreach (int initial in new[] { 0, 64, 256, 4096 })
        {
            var table = new DynamicTable(initial);
            var model = new List<(byte[] Name, byte[] Value)>();
            int maxSize = initial;
            for (int step = 0; step < 3000; step++)
            {
                if (random.Next(40) == 0)
                {
                    maxSize = new[] { 0, 40, 64, 100, 256, 1000, 4096 }[random.Next(7)];
                    table.SetMaxSize(maxSize);
                    while (ModelSize(model) > maxSize) model.RemoveAt(model.Count - 1);
                }
                else
                {
                    var name = RandomBytes(random, random.Next(0, 20));
                    var value = RandomBytes(random, random.Next(0, random.Next(2) == 0 ? 10 : 300));
                    table.Add(name, value);
                    int size = name.Length + value.Length + 32;
                    if (size > maxSize)
                    {
                        model.Clear();
                    }
                    else
                    {
                        while (ModelSize(model) + size > maxSize) model.RemoveAt(model.Count - 1);
                        model.Insert(0, (name, value));
                    }
                }

                table.Count.ShouldBe(model.Count, $"step {step}");
                table.Size.ShouldBe(ModelSize(model), $"step {step}");
                for (int i = 0; i < model.Count; i++)
                {
                    table.Get(i, out var name, out var value);
                    name.SequenceEqual(model[i].Name).ShouldBeTrue($"step {step} entry {i} name");
                    value.SequenceEqual(model[i].Value).ShouldBeTrue($"step {step} entry {i} value");
                }
                if (model.Count > 0)
                {
                    var probe = model[random.Next(model.Count)];
                    table.Find(probe.Name, probe.Value, out int nameIndex).ShouldBe(model.FindIndex(e => e.Name.AsSpan().SequenceEqual(probe.Name) && e.Value.AsSpan().SequenceEqual(probe.Value)));
                    nameIndex.ShouldBe(model.FindIndex(e => e.Name.AsSpan().SequenceEqual(probe.Name)));
                    table.Find(probe.Name, [.. probe.Value, 0xFF], out int nameOnly).ShouldBe(-1);
                    nameOnly.ShouldBe(nameIndex);
                }
            }
        }
    }

    /// <summary>§4.3: lowering the maximum size evicts from the end until the table fits; zero empties it.</summary>
    [TestMethod]
    public void SetMaxSize_Lower_Evicts()
    {
        var table = new DynamicTable(4096);
        table.Add(Ascii("a"), Ascii("1"));
        table.Add(Ascii("b"), Ascii("2"));
        table.SetMaxSize(40);
        Entries(table).ShouldBe(["b: 2"]);
        table.SetMaxSize(0);
        table.Count.ShouldBe(0);
        table.Size.ShouldBe(0);
    }

    private static int ModelSize(List<(byte[] Name, byte[] Value)> model) => model.Sum(e => e.Name.Length + e.Value.Length + 32);

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
