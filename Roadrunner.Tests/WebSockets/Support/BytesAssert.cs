namespace Roadrunner.Tests.WebSockets.Support;

/// <summary>Byte comparison for large payloads, reporting the first difference.</summary>
internal static class BytesAssert
{
    public static void ShouldEqualBytes(this byte[] actual, byte[] expected, string? context = null)
    {
        if (actual.AsSpan().SequenceEqual(expected)) return;
        int at = actual.AsSpan().CommonPrefixLength(expected);
        Assert.Fail($"{context} bytes differ: lengths {actual.Length} and {expected.Length}, first difference at {at}"
            + (at < Math.Min(actual.Length, expected.Length) ? $" ({actual[at]:X2} instead of {expected[at]:X2})" : ""));
    }
}
