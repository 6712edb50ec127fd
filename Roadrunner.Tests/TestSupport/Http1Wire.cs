using System.Text;
using Roadrunner.Http1;
using Roadrunner.Http1.Parsing;
using Shouldly;

namespace Roadrunner.Tests.TestSupport;

/// <summary>
/// Sends request bytes through the parser and body decoder and asserts the answer. Every helper reads the bytes
/// whole, one byte at a time and in random splits, and requires the same result each way.
/// </summary>
internal static class Http1Wire
{
    /// <summary>The bytes of <paramref name="text"/>, one byte per char (Latin-1), so "\x00" and "\xff" are single bytes.</summary>
    public static byte[] Bytes(string text) => Encoding.Latin1.GetBytes(text);

    /// <summary>Reads <paramref name="request"/> every way and checks that all ways agree.</summary>
    public static ReadResult Read(string request, Http1Options? options = null) => Read(Bytes(request), options);

    /// <summary>Reads <paramref name="input"/> every way and checks that all ways agree.</summary>
    public static ReadResult Read(byte[] input, Http1Options? options = null)
    {
        var whole = Http1RequestReader.ReadWhole(input, options);
        string expected = whole.Describe();
        Http1RequestReader.ReadByteByByte(input, options).Describe().ShouldBe(expected, "fed one byte at a time");
        var random = new Random(input.Length);
        for (int i = 0; i < 3; i++) Http1RequestReader.ReadRandomSplits(input, random, options).Describe().ShouldBe(expected, "fed in random splits");
        return whole;
    }

    /// <summary>Asserts that <paramref name="request"/> is rejected with <paramref name="status"/> and <paramref name="reason"/>, and that no request was read from it.</summary>
    public static void ShouldReject(string request, int status, string reason, Http1Options? options = null) =>
        ShouldReject(Bytes(request), status, reason, options);

    /// <summary>Asserts that <paramref name="input"/> is rejected with <paramref name="status"/> and <paramref name="reason"/>, and that no request was read from it.</summary>
    public static void ShouldReject(byte[] input, int status, string reason, Http1Options? options = null)
    {
        var result = Read(input, options);
        result.Outcome.ShouldBe(ReadOutcome.Error, result.Describe());
        result.Error.ShouldBe(new Http1Error(status, reason));
        result.Requests.ShouldBeEmpty();
    }

    /// <summary>Asserts that <paramref name="request"/> holds exactly one complete request and returns it.</summary>
    public static ReadRequest ShouldAccept(string request, Http1Options? options = null)
    {
        var result = Read(request, options);
        result.Outcome.ShouldNotBe(ReadOutcome.Error, result.Describe());
        result.Outcome.ShouldNotBe(ReadOutcome.Partial, result.Describe());
        result.Requests.Count.ShouldBe(1, result.Describe());
        return result.Requests[0];
    }

    /// <summary>Parses one head in one call.</summary>
    public static (Http1ParseStatus Status, RequestHead Head, int Consumed, Http1Error Error) ParseHead(string request, Http1Options? options = null)
    {
        var parser = new Http1RequestParser(options);
        var head = new RequestHead();
        var status = parser.ParseHead(Bytes(request), head, out int consumed, out var error);
        return (status, head, consumed, error);
    }
}
