using Roadrunner.Server.Files;
using Shouldly;

namespace Roadrunner.Tests.Server.Files;

/// <summary>RFC 9110 §8.8.3 entity tags, their lists (§13.1.1, §13.1.2) and comparison (§8.8.3.2).</summary>
[TestClass]
public sealed class EntityTagTests
{
    private static EntityTag Tag(string value)
    {
        EntityTag.TryParse(value, out var tag).ShouldBeTrue();
        return tag;
    }

    [TestMethod]
    public void FromFile_StrongHexOfSizeAndTicks()
    {
        var when = new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var tag = EntityTag.FromFile(4096, when);
        tag.IsWeak.ShouldBeFalse();
        tag.ToString().ShouldBe($"\"1000-{when.UtcTicks:x}\"");
        EntityTag.FromFile(4097, when).ShouldNotBe(tag);
        EntityTag.FromFile(4096, when.AddTicks(1)).ShouldNotBe(tag);
        EntityTag.FromFile(4096, when.ToOffset(TimeSpan.FromHours(5))).ShouldBe(tag);
    }

    [TestMethod]
    public void Parse_StrongAndWeak()
    {
        var strong = Tag("\"xyzzy\"");
        strong.Tag.ShouldBe("xyzzy");
        strong.IsWeak.ShouldBeFalse();
        var weak = Tag(" W/\"xyzzy\" ");
        weak.IsWeak.ShouldBeTrue();
        weak.ToString().ShouldBe("W/\"xyzzy\"");
        Tag("\"\"").Tag.ShouldBe("");
    }

    [TestMethod]
    [DataRow("xyzzy")]
    [DataRow("\"xyzzy")]
    [DataRow("w/\"xyzzy\"")]
    [DataRow("W/xyzzy")]
    [DataRow("W/ \"x\"")]
    [DataRow("\"a\"b")]
    [DataRow("\"a b\"")]
    [DataRow("\"a\u0001\"")]
    [DataRow("\"a\u0100\"")]
    [DataRow("\"a\" \"b\"")]
    [DataRow("")]
    public void Parse_Invalid(string value) => EntityTag.TryParse(value, out _).ShouldBeFalse();

    [TestMethod]
    public void S8_8_3_2_ComparisonTable()
    {
        // The RFC's table: W/"1" vs W/"1": strong no, weak yes; W/"1" vs W/"2": no, no;
        // W/"1" vs "1": no, yes; "1" vs "1": yes, yes.
        Tag("W/\"1\"").StrongEquals(Tag("W/\"1\"")).ShouldBeFalse();
        Tag("W/\"1\"").WeakEquals(Tag("W/\"1\"")).ShouldBeTrue();
        Tag("W/\"1\"").StrongEquals(Tag("W/\"2\"")).ShouldBeFalse();
        Tag("W/\"1\"").WeakEquals(Tag("W/\"2\"")).ShouldBeFalse();
        Tag("W/\"1\"").StrongEquals(Tag("\"1\"")).ShouldBeFalse();
        Tag("W/\"1\"").WeakEquals(Tag("\"1\"")).ShouldBeTrue();
        Tag("\"1\"").StrongEquals(Tag("\"1\"")).ShouldBeTrue();
        Tag("\"1\"").WeakEquals(Tag("\"1\"")).ShouldBeTrue();
    }

    [TestMethod]
    public void Constructor_ValidatesCharacters()
    {
        new EntityTag("abc", isWeak: true).ToString().ShouldBe("W/\"abc\"");
        Should.Throw<ArgumentException>(() => new EntityTag("a\"b"));
        Should.Throw<ArgumentException>(() => new EntityTag("a b"));
        Should.Throw<ArgumentException>(() => new EntityTag("a\r\nX: y"));
    }

    [TestMethod]
    public void Equality()
    {
        (Tag("\"a\"") == Tag("\"a\"")).ShouldBeTrue();
        (Tag("\"a\"") != Tag("W/\"a\"")).ShouldBeTrue();
        Tag("\"a\"").GetHashCode().ShouldBe(Tag("\"a\"").GetHashCode());
        default(EntityTag).Tag.ShouldBe("");
    }

    [TestMethod]
    public void List_Any()
    {
        EntityTagList.TryParse(" * ", ConditionalRequestOptions.Default, out var list).ShouldBeTrue();
        list.IsAny.ShouldBeTrue();
        list.Matches(Tag("\"x\""), weakComparison: false).ShouldBeTrue();
    }

    [TestMethod]
    public void List_TagsWithCommasInside_ReadTagByTag()
    {
        EntityTagList.TryParse("\"a,b\", W/\"c\" ,, \"d\"", ConditionalRequestOptions.Default, out var list).ShouldBeTrue();
        list.Tags.Select(t => t.ToString()).ShouldBe(["\"a,b\"", "W/\"c\"", "\"d\""]);
        list.Matches(Tag("\"c\""), weakComparison: true).ShouldBeTrue();
        list.Matches(Tag("\"c\""), weakComparison: false).ShouldBeFalse();
        list.Matches(Tag("\"a,b\""), weakComparison: false).ShouldBeTrue();
        EntityTagList.Match("\"a,b\", W/\"c\"", Tag("\"a,b\""), false, 32).ShouldBe(EntityTagMatch.Matched);
    }

    [TestMethod]
    [DataRow("\"a\" \"b\"")]
    [DataRow("\"a\", b")]
    [DataRow("*, \"a\"")]
    [DataRow("\"a\", *")]
    [DataRow("\"a")]
    [DataRow("\"a\"; x")]
    public void List_Invalid(string value)
    {
        EntityTagList.TryParse(value, ConditionalRequestOptions.Default, out _).ShouldBeFalse();
        EntityTagList.Match(value, Tag("\"a\""), true, 32).ShouldBe(EntityTagMatch.Invalid);
    }

    [TestMethod]
    public void List_MatchedTagFollowedByGarbage_IsInvalid()
        => EntityTagList.Match("\"a\", garbage", Tag("\"a\""), true, 32).ShouldBe(EntityTagMatch.Invalid);

    [TestMethod]
    public void List_Empty_MatchesNothing()
    {
        EntityTagList.TryParse(" , ", ConditionalRequestOptions.Default, out var list).ShouldBeTrue();
        list.Tags.ShouldBeEmpty();
        EntityTagList.Match("", Tag("\"a\""), true, 32).ShouldBe(EntityTagMatch.NotMatched);
    }

    [TestMethod]
    public void List_OverLimit_Invalid()
    {
        var options = new ConditionalRequestOptions { MaxEntityTags = 2 };
        EntityTagList.TryParse("\"a\", \"b\"", options, out _).ShouldBeTrue();
        EntityTagList.TryParse("\"a\", \"b\", \"c\"", options, out _).ShouldBeFalse();
        EntityTagList.Match("\"a\", \"b\", \"c\"", Tag("\"a\""), true, 2).ShouldBe(EntityTagMatch.Invalid);
    }

    [TestMethod]
    public void Match_NoCurrentTag_OnlyStarMatches()
    {
        EntityTagList.Match("*", null, false, 32).ShouldBe(EntityTagMatch.Matched);
        EntityTagList.Match("\"a\"", null, true, 32).ShouldBe(EntityTagMatch.NotMatched);
    }
}
