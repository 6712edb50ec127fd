namespace Roadrunner.Http1.Body;

/// <summary>Outcome of one call to <see cref="Http1BodyDecoder.Decode"/>.</summary>
public enum BodyDecodeStatus
{
    /// <summary>No body byte is available yet; keep the unconsumed input and add more.</summary>
    NeedMoreData,
    /// <summary>A slice of body bytes is available in the input.</summary>
    Data,
    /// <summary>The body (and any trailers) ended; bytes after <c>consumed</c> belong to the next request.</summary>
    Complete,
    /// <summary>The body framing is invalid; the error says what to answer.</summary>
    Error,
}
