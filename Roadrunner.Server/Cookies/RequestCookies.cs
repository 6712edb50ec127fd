using Roadrunner.Server.Collections;

namespace Roadrunner.Server.Cookies;

/// <summary>
/// The cookies of one request, in the order they were sent, duplicates kept. Lookups are by exact
/// (ordinal, case-sensitive) name and return the first occurrence, which RFC 6265 §5.4 makes the
/// most specific one (longest path first).
/// </summary>
public sealed class RequestCookies : NameValueList
{
    internal RequestCookies(KeyValuePair<string, string>[] items, int count)
        : base(items, count)
    {
    }

    /// <summary>A collection with no cookies.</summary>
    public static RequestCookies Empty { get; } = new([], 0);
}
