namespace Roadrunner.Http3;

/// <summary>
/// Why input was refused: the error code, a constant reason (one of <see cref="Http3Errors"/> or
/// <see cref="Roadrunner.Qpack.QpackErrors"/>) and its scope. Wire input never throws; it produces one of these.
/// </summary>
/// <param name="Code">The code sent in CONNECTION_CLOSE (connection scope) or RESET_STREAM and STOP_SENDING (stream scope).</param>
/// <param name="Reason">A constant reason citing the RFC section; empty when <see cref="IsNone"/>.</param>
/// <param name="IsConnectionError">True when the whole connection is closed; false when only one stream is reset.</param>
public readonly record struct Http3Error(Http3ErrorCode Code, string Reason, bool IsConnectionError)
{
    /// <summary>No error.</summary>
    public static readonly Http3Error None = new(0, string.Empty, false);

    /// <summary>True when this value carries no error.</summary>
    public bool IsNone => Code == 0;
}
