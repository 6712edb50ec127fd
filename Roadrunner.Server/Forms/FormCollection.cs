using Roadrunner.Server.Collections;

namespace Roadrunner.Server.Forms;

/// <summary>
/// Decoded name/value pairs of a form body or a query string, in input order with repeated names kept.
/// Names are matched exactly (ordinal, case-sensitive); <see cref="NameValueList.Get"/> returns the first occurrence.
/// </summary>
public sealed class FormCollection : NameValueList
{
    internal FormCollection(KeyValuePair<string, string>[] items, int count)
        : base(items, count)
    {
    }

    /// <summary>A collection with no pairs.</summary>
    public static FormCollection Empty { get; } = new([], 0);
}
