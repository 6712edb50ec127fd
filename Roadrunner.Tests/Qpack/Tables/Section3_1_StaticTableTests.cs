using Roadrunner.Qpack.Tables;
using Shouldly;
using static Roadrunner.Tests.Qpack.Support.QpackTestHelpers;

namespace Roadrunner.Tests.Qpack.Tables;

/// <summary>RFC 9204 §3.1 and Appendix A: the 99 static entries and the encoder's lookups over them.</summary>
[TestClass]
public sealed class Section3_1_StaticTableTests
{
    [TestMethod]
    public void StaticTable_Has99Entries_WithAppendixAEdges()
    {
        QpackStaticTable.Count.ShouldBe(99);
        Text(0).ShouldBe(":authority: ");
        Text(1).ShouldBe(":path: /");
        Text(17).ShouldBe(":method: GET");
        Text(25).ShouldBe(":status: 200");
        Text(31).ShouldBe("accept-encoding: gzip, deflate, br");
        Text(52).ShouldBe("content-type: text/html; charset=utf-8");
        Text(58).ShouldBe("strict-transport-security: max-age=31536000; includesubdomains; preload");
        Text(85).ShouldBe("content-security-policy: script-src 'none'; object-src 'none'; base-uri 'none'");
        Text(98).ShouldBe("x-frame-options: sameorigin");
    }

    [TestMethod]
    public void Find_NameAndValue_AcrossSplitRuns()
    {
        // :status sits at 24-28 and again at 63-71.
        QpackStaticTable.Find(Ascii(":status"), Ascii("500"), out int nameIndex).ShouldBe(71);
        nameIndex.ShouldBe(24);
        QpackStaticTable.Find(Ascii(":status"), Ascii("201"), out nameIndex).ShouldBe(-1);
        nameIndex.ShouldBe(24);
        QpackStaticTable.Find(Ascii("x-custom"), Ascii("1"), out nameIndex).ShouldBe(-1);
        nameIndex.ShouldBe(-1);
    }

    [TestMethod]
    public void Find_EveryEntry_FindsItself()
    {
        for (int i = 0; i < QpackStaticTable.Count; i++)
        {
            int found = QpackStaticTable.Find(QpackStaticTable.Name(i), QpackStaticTable.Value(i), out int nameIndex);
            found.ShouldBe(i);
            nameIndex.ShouldBeLessThanOrEqualTo(i);
            QpackStaticTable.FindName(QpackStaticTable.Name(i)).ShouldBe(nameIndex);
        }
    }

    private static string Text(int index) =>
        System.Text.Encoding.Latin1.GetString(QpackStaticTable.Name(index)) + ": " + System.Text.Encoding.Latin1.GetString(QpackStaticTable.Value(index));
}
