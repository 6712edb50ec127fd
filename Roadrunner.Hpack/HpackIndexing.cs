namespace Roadrunner.Hpack;

/// <summary>How a literal field is represented (RFC 7541 §6.2), when it is not already in a table.</summary>
public enum HpackIndexing
{
    /// <summary>§6.2.1: literal with incremental indexing; the field joins the dynamic table, so a repeat costs one octet.</summary>
    Incremental,
    /// <summary>§6.2.2: literal without indexing; right for values that change every time (dates, lengths).</summary>
    WithoutIndexing,
    /// <summary>
    /// §6.2.3: literal never indexed; the field is always sent as a literal, never from a table, and intermediaries
    /// must keep it so. Right for secrets an attacker could guess one compression probe at a time (§7.1.3).
    /// </summary>
    NeverIndexed,
}
