using System.Text;
using Shouldly;

namespace Roadrunner.Tests.TestSupport;

/// <summary>Assertions on what a server wrote to a raw connection.</summary>
internal static class WireAssert
{
    /// <summary>
    /// Reads until the server closes; asserts it closed, that exactly one response came and that its status
    /// line is <paramref name="statusLine"/>. Returns the response.
    /// </summary>
    public static async Task<RawResponse> OneResponseThenCloseAsync(RawClient client, string statusLine, bool head = false)
    {
        var (text, closed) = await client.ReadUntilCloseAsync(TimeSpan.FromSeconds(5));
        closed.ShouldBeTrue($"the server should close the connection after '{statusLine}'; got: {text}");
        text.ShouldStartWith(statusLine + "\r\n", customMessage: $"got: {text}");
        var bytes = Encoding.Latin1.GetBytes(text);
        RawResponse.TryParse(bytes, head, out var response, out var consumed).ShouldBeTrue($"an incomplete response: {text}");
        text[consumed..].ShouldBeEmpty("nothing may follow the one response (no second request was read)");
        return response!;
    }

    /// <summary>Reads until the server closes and asserts that nothing at all was written.</summary>
    public static async Task ClosedWithoutAnswerAsync(RawClient client)
    {
        var (text, closed) = await client.ReadUntilCloseAsync(TimeSpan.FromSeconds(5));
        closed.ShouldBeTrue("the server should close the connection");
        text.ShouldBeEmpty();
    }
}
