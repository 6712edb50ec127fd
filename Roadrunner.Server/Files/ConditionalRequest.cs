namespace Roadrunner.Server.Files;

/// <summary>What a conditional request evaluates to.</summary>
public enum ConditionalOutcome
{
    /// <summary>Perform the method (200, or 206 when <see cref="ConditionalResult.RangeApplies"/>).</summary>
    Proceed,

    /// <summary>Answer 304 Not Modified (GET or HEAD only).</summary>
    NotModified,

    /// <summary>Answer 412 Precondition Failed.</summary>
    PreconditionFailed,
}

/// <summary>The outcome of <see cref="ConditionalRequest.Evaluate"/>.</summary>
/// <param name="Outcome">What to answer.</param>
/// <param name="RangeApplies">
/// With <see cref="ConditionalOutcome.Proceed"/>: true when the request is a GET with a <c>Range</c> header that
/// should be honoured (no <c>If-Range</c>, or an <c>If-Range</c> that matches); false means send the full representation.
/// </param>
public readonly record struct ConditionalResult(ConditionalOutcome Outcome, bool RangeApplies);

/// <summary>
/// Evaluates the conditional request headers for a representation that exists, in the order of
/// RFC 9110 §13.2.2.
/// </summary>
/// <remarks>
/// <list type="number">
/// <item><c>If-Match</c> (strong comparison; <c>*</c> matches): false → 412. An invalid or over-long value matches
/// nothing, so it fails too: an unsafe method must not run on a condition it cannot read.</item>
/// <item>Without <c>If-Match</c>, <c>If-Unmodified-Since</c>: a last-modified time later than the date → 412. Ignored
/// when the date is invalid or the representation has no last-modified time.</item>
/// <item><c>If-None-Match</c> (weak comparison; <c>*</c> matches): a match → 304 for GET and HEAD, 412 otherwise. An
/// invalid or over-long value matches nothing, so it is in effect ignored (the full response is sent).</item>
/// <item>Without <c>If-None-Match</c>, for GET and HEAD, <c>If-Modified-Since</c>: a last-modified time at or
/// before the date → 304. Ignored when the date is invalid or there is no last-modified time.</item>
/// <item><c>Range</c> is honoured only for GET (§14.2). With <c>If-Range</c>, it is honoured only when the entity
/// tag matches strongly (a weak tag never does) or the date equals the last-modified time exactly; an invalid
/// <c>If-Range</c> means the full representation.</item>
/// </list>
/// Times are compared at whole-second precision, as HTTP-dates carry. Dates are parsed with <see cref="HttpDate.TryParse(ReadOnlySpan{char}, out DateTimeOffset)"/>.
/// Call this only when the target exists; for a missing target <c>If-Match</c> fails and <c>If-None-Match: *</c> succeeds,
/// which is the caller's to decide.
/// </remarks>
public static class ConditionalRequest
{
    /// <summary>Evaluates the conditional headers; null header arguments mean the header is absent.</summary>
    /// <param name="method">The request method (case-sensitive, e.g. <c>GET</c>).</param>
    /// <param name="etag">The current entity tag, or null when the representation has none.</param>
    /// <param name="lastModified">The current last-modified time, or null when unknown.</param>
    /// <param name="ifMatch">The <c>If-Match</c> value.</param>
    /// <param name="ifNoneMatch">The <c>If-None-Match</c> value.</param>
    /// <param name="ifModifiedSince">The <c>If-Modified-Since</c> value.</param>
    /// <param name="ifUnmodifiedSince">The <c>If-Unmodified-Since</c> value.</param>
    /// <param name="ifRange">The <c>If-Range</c> value.</param>
    /// <param name="hasRange">True when the request carries a <c>Range</c> header.</param>
    /// <param name="options">Limits; the defaults when null.</param>
    public static ConditionalResult Evaluate(
        string method,
        EntityTag? etag,
        DateTimeOffset? lastModified,
        string? ifMatch,
        string? ifNoneMatch,
        string? ifModifiedSince,
        string? ifUnmodifiedSince,
        string? ifRange,
        bool hasRange,
        ConditionalRequestOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(method);
        options ??= ConditionalRequestOptions.Default;
        var isGet = method == "GET";
        var isGetOrHead = isGet || method == "HEAD";
        var modified = lastModified is { } lm ? TruncateToSeconds(lm) : (DateTimeOffset?)null;

        // Step 1 and 2.
        if (ifMatch is not null)
        {
            if (EntityTagList.Match(ifMatch, etag, weakComparison: false, options.MaxEntityTags) != EntityTagMatch.Matched)
            {
                return new ConditionalResult(ConditionalOutcome.PreconditionFailed, false);
            }
        }
        else if (ifUnmodifiedSince is not null && modified is { } m1 && HttpDate.TryParse(ifUnmodifiedSince, out var unmodifiedSince)
            && m1 > unmodifiedSince)
        {
            return new ConditionalResult(ConditionalOutcome.PreconditionFailed, false);
        }

        // Step 3 and 4.
        if (ifNoneMatch is not null)
        {
            if (EntityTagList.Match(ifNoneMatch, etag, weakComparison: true, options.MaxEntityTags) == EntityTagMatch.Matched)
            {
                return new ConditionalResult(isGetOrHead ? ConditionalOutcome.NotModified : ConditionalOutcome.PreconditionFailed, false);
            }
        }
        else if (isGetOrHead && ifModifiedSince is not null && modified is { } m2
            && HttpDate.TryParse(ifModifiedSince, out var modifiedSince) && m2 <= modifiedSince)
        {
            return new ConditionalResult(ConditionalOutcome.NotModified, false);
        }

        // Step 5.
        var rangeApplies = isGet && hasRange && (ifRange is null || IfRangeHolds(ifRange, etag, modified));
        return new ConditionalResult(ConditionalOutcome.Proceed, rangeApplies);
    }

    // RFC 9110 §13.1.5: an entity tag compared strongly, or a date equal to the last-modified time.
    private static bool IfRangeHolds(string ifRange, EntityTag? etag, DateTimeOffset? modified)
    {
        var value = ifRange.AsSpan().Trim(" \t");
        if (value.StartsWith("\"") || value.StartsWith("W/"))
        {
            return etag is { } current && EntityTag.TryParse(value, out var tag) && tag.StrongEquals(current);
        }

        return modified is { } m && HttpDate.TryParse(value, out var date) && m == date;
    }

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset value)
    {
        var ticks = value.UtcTicks;
        return new DateTimeOffset(ticks - (ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }
}
