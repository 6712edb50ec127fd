namespace Roadrunner.Quic.Streams;

/// <summary>
/// The limits one side grants the other (RFC 9000 §4, §18.2): connection and stream flow-control windows and stream
/// counts. Ours become our transport parameters; the peer's come from its transport parameters.
/// </summary>
/// <param name="MaxData">initial_max_data: the connection window.</param>
/// <param name="MaxStreamDataBidiLocal">initial_max_stream_data_bidi_local: window for bidirectional streams the granting side opened.</param>
/// <param name="MaxStreamDataBidiRemote">initial_max_stream_data_bidi_remote: window for bidirectional streams the other side opened.</param>
/// <param name="MaxStreamDataUni">initial_max_stream_data_uni: window for unidirectional streams the other side opened.</param>
/// <param name="MaxStreamsBidi">initial_max_streams_bidi.</param>
/// <param name="MaxStreamsUni">initial_max_streams_uni.</param>
public readonly record struct QuicStreamLimits(ulong MaxData, ulong MaxStreamDataBidiLocal, ulong MaxStreamDataBidiRemote, ulong MaxStreamDataUni, ulong MaxStreamsBidi, ulong MaxStreamsUni);
