namespace Roadrunner.Http3;

/// <summary>
/// One action for the QUIC layer, pulled with <see cref="Http3Connection.TryReadOutput"/>. <see cref="Data"/> is
/// memory the connection owns: hand it to QUIC (which copies or sends it) before the next call on the connection.
/// </summary>
/// <param name="Kind">What to do.</param>
/// <param name="StreamId">The stream concerned; -1 for <see cref="Http3OutputKind.CloseConnection"/>.</param>
/// <param name="Data">Octets to write.</param>
/// <param name="Fin">Close the stream's sending side after the octets.</param>
/// <param name="ErrorCode">The code of a reset, stop-sending or close.</param>
/// <param name="Reason">The reason phrase of a close.</param>
public readonly record struct Http3Output(
    Http3OutputKind Kind, long StreamId, ReadOnlyMemory<byte> Data = default, bool Fin = false, Http3ErrorCode ErrorCode = 0, string? Reason = null);
