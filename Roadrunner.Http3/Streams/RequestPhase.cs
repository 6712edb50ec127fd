namespace Roadrunner.Http3.Streams;

/// <summary>Where a request stream is in the frame sequence of RFC 9114 §4.1: HEADERS, DATA*, optional trailing HEADERS.</summary>
internal enum RequestPhase
{
    /// <summary>Waiting for the (request, or client-side final response) HEADERS frame.</summary>
    Headers,

    /// <summary>After the header section: DATA frames, or trailing HEADERS.</summary>
    Body,

    /// <summary>After the trailers: only unknown frame types may follow.</summary>
    Done,

    /// <summary>The header section was too large: the rest of the stream is skipped while the application answers 431.</summary>
    Discard,
}
