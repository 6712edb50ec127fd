namespace Roadrunner.Qpack;

/// <summary>
/// Why QPACK input was refused: the HTTP/3 connection error code to close with (RFC 9204 §6) and a constant reason
/// naming the rule that was broken (one of <see cref="QpackErrors"/>). Wire input never throws; it produces one of these.
/// </summary>
/// <param name="Code">The error code; meaningless when <see cref="IsNone"/>.</param>
/// <param name="Reason">A constant reason citing the RFC section; empty when <see cref="IsNone"/>.</param>
public readonly record struct QpackError(QpackErrorCode Code, string Reason)
{
    /// <summary>No error.</summary>
    public static readonly QpackError None = new(0, string.Empty);

    /// <summary>True when this value carries no error.</summary>
    public bool IsNone => Code == 0;

    internal static QpackError Decompression(string reason) => new(QpackErrorCode.QPACK_DECOMPRESSION_FAILED, reason);

    internal static QpackError EncoderStream(string reason) => new(QpackErrorCode.QPACK_ENCODER_STREAM_ERROR, reason);

    internal static QpackError DecoderStream(string reason) => new(QpackErrorCode.QPACK_DECODER_STREAM_ERROR, reason);
}
