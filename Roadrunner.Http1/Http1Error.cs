namespace Roadrunner.Http1;

/// <summary>
/// Why a message was rejected: the HTTP status to answer with and a constant reason naming the RFC rule.
/// Wire input never throws; it produces one of these.
/// </summary>
/// <param name="StatusCode">The status the server answers with (400, 413, 414, 431, 501, 505).</param>
/// <param name="Reason">A constant, human-readable reason that cites the RFC section.</param>
public readonly record struct Http1Error(int StatusCode, string Reason)
{
    /// <summary>True when this value carries no error.</summary>
    public bool IsNone => StatusCode == 0;
}
