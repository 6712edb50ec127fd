namespace Roadrunner.Server.Requests;

/// <summary>
/// Thrown to a handler that reads a request body whose framing is invalid or too large. If the handler
/// lets it escape, the server answers <see cref="StatusCode"/> and closes the connection.
/// </summary>
public sealed class RequestBodyException : IOException
{
    /// <summary>Creates the exception.</summary>
    public RequestBodyException(int statusCode, string reason) : base(reason) => StatusCode = statusCode;

    /// <summary>Creates the exception (serialization-free default).</summary>
    public RequestBodyException() : this(400, "Bad request body")
    {
    }

    /// <summary>Creates the exception.</summary>
    public RequestBodyException(string message) : this(400, message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public RequestBodyException(string message, Exception innerException) : base(message, innerException) => StatusCode = 400;

    /// <summary>The status the server answers with (400 or 413), or 0 when the client went away mid-body.</summary>
    public int StatusCode { get; }
}
