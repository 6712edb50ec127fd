namespace Roadrunner.Http1;

/// <summary>Outcome of one call to <see cref="Parsing.Http1RequestParser.ParseHead"/>.</summary>
public enum Http1ParseStatus
{
    /// <summary>The head is not complete yet; call again with the same bytes plus more.</summary>
    NeedMoreData,

    /// <summary>A whole request head was parsed; <c>consumed</c> says how many bytes it took.</summary>
    Complete,

    /// <summary>The bytes are not a valid request; the error says what to answer.</summary>
    Error,
}
