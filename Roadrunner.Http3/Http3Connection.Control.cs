using Roadrunner.Http3.Frames;
using Roadrunner.Http3.Streams;
using Roadrunner.Qpack;

namespace Roadrunner.Http3;

/// <summary>The peer's control stream (RFC 9114 §6.2.1, §7.2) and the QPACK encoder and decoder streams (RFC 9204 §4.2).</summary>
public sealed partial class Http3Connection
{
    /// <summary>Reads control frames; each known frame is gathered whole within <see cref="Http3Options.MaxControlFramePayload"/>.</summary>
    private Http3Error ReceiveControl(UniStream stream, ReadOnlySpan<byte> data)
    {
        var reader = stream.Reader;
        while (!data.IsEmpty)
        {
            if (!reader.InPayload)
            {
                if (!reader.TryReadHeader(ref data)) break;
                var error = OnControlFrameStart(stream);
                if (!error.IsNone) return error;
            }
            else
            {
                var piece = reader.TakePayload(ref data);
                if (stream.Mode == FrameMode.Buffer) stream.Payload.Append(piece);
            }

            if (reader.InPayload && reader.Remaining == 0)
            {
                reader.EndFrame();
                if (stream.Mode == FrameMode.Buffer)
                {
                    var error = OnControlFrame(reader.Type, stream.Payload.WrittenSpan);
                    stream.Payload.Clear();
                    if (!error.IsNone) return error;
                }
            }
        }
        return Http3Error.None;
    }

    private Http3Error OnControlFrameStart(UniStream stream)
    {
        long type = stream.Reader.Type;

        // §6.2.1: "If the first frame of the control stream is any other frame type, this MUST be treated as a
        // connection error of type H3_MISSING_SETTINGS."
        if (!stream.SettingsSeen && type != Http3FrameType.Settings) return ConnectionError(Http3ErrorCode.H3_MISSING_SETTINGS, Http3Errors.MissingSettings);

        switch (type)
        {
            case Http3FrameType.Settings:
                // §7.2.4: "If an endpoint receives a second SETTINGS frame on the control stream, the endpoint MUST
                // respond with a connection error of type H3_FRAME_UNEXPECTED."
                if (stream.SettingsSeen) return ConnectionError(Http3ErrorCode.H3_FRAME_UNEXPECTED, Http3Errors.SecondSettings);
                stream.SettingsSeen = true;
                stream.Mode = FrameMode.Buffer;
                break;
            case Http3FrameType.Data or Http3FrameType.Headers:
                // §7.2.1, §7.2.2: "If a DATA frame is received on a control stream, the recipient MUST respond with a
                // connection error of type H3_FRAME_UNEXPECTED." The same for HEADERS.
                return ConnectionError(Http3ErrorCode.H3_FRAME_UNEXPECTED, Http3Errors.MessageFrameOnControl);
            case Http3FrameType.PushPromise:
                return ConnectionError(Http3ErrorCode.H3_FRAME_UNEXPECTED, Http3Errors.PushPromiseUnexpected);
            case Http3FrameType.GoAway or Http3FrameType.MaxPushId or Http3FrameType.CancelPush:
                stream.Mode = FrameMode.Buffer;
                break;
            default:
                if (Http3FrameType.IsHttp2Only(type)) return ConnectionError(Http3ErrorCode.H3_FRAME_UNEXPECTED, Http3Errors.Http2FrameType);

                // §9: "Implementations MUST ignore unknown or unsupported values in all extensible protocol elements."
                stream.Mode = FrameMode.Skip;
                return Http3Error.None;
        }

        // A frame read whole is bounded; unknown ones are skipped and never held.
        if (stream.Reader.Length > _options.MaxControlFramePayload) return ConnectionError(Http3ErrorCode.H3_EXCESSIVE_LOAD, Http3Errors.ControlFrameTooLarge);
        return Http3Error.None;
    }

    private Http3Error OnControlFrame(long type, ReadOnlySpan<byte> payload) => type switch
    {
        Http3FrameType.Settings => OnSettings(payload),
        Http3FrameType.GoAway => OnGoAway(payload),
        Http3FrameType.MaxPushId => OnMaxPushId(payload),
        _ => OnCancelPush(payload),
    };

    /// <summary>§7.2.4: the peer's SETTINGS, checked, then applied (the QPACK ones to our encoder, RFC 9204 §5).</summary>
    private Http3Error OnSettings(ReadOnlySpan<byte> payload)
    {
        var settings = Http3PeerSettings.Initial;
        Span<long> seen = stackalloc long[16];
        int seenCount = 0;
        List<long>? moreSeen = null;
        while (!payload.IsEmpty)
        {
            // §7.1: "a frame payload that terminates before the end of the identified fields MUST be treated as a
            // connection error of type H3_FRAME_ERROR".
            if (!VarInt.TryRead(payload, out long id, out int idLength) || !VarInt.TryRead(payload[idLength..], out long value, out int valueLength))
                return ConnectionError(Http3ErrorCode.H3_FRAME_ERROR, Http3Errors.FramePayloadMalformed);
            payload = payload[(idLength + valueLength)..];

            // §7.2.4: "The same setting identifier MUST NOT occur more than once in the SETTINGS frame. A receiver MAY
            // treat the presence of duplicate setting identifiers as a connection error of type H3_SETTINGS_ERROR."
            if (seen[..seenCount].Contains(id) || (moreSeen?.Contains(id) ?? false)) return ConnectionError(Http3ErrorCode.H3_SETTINGS_ERROR, Http3Errors.SettingDuplicate);
            if (seenCount < seen.Length) seen[seenCount++] = id;
            else (moreSeen ??= []).Add(id);

            // §7.2.4.1: HTTP/2 identifiers without an HTTP/3 meaning "MUST be treated as a connection error of type H3_SETTINGS_ERROR".
            if (Http3SettingId.IsHttp2Only(id)) return ConnectionError(Http3ErrorCode.H3_SETTINGS_ERROR, Http3Errors.SettingHttp2);
            switch (id)
            {
                case Http3SettingId.QpackMaxTableCapacity:
                    settings = settings with { QpackMaxTableCapacity = value };
                    break;
                case Http3SettingId.QpackBlockedStreams:
                    settings = settings with { QpackBlockedStreams = value };
                    break;
                case Http3SettingId.MaxFieldSectionSize:
                    settings = settings with { MaxFieldSectionSize = value };
                    break;
                case Http3SettingId.EnableConnectProtocol:
                    if (value > 1) return ConnectionError(Http3ErrorCode.H3_SETTINGS_ERROR, Http3Errors.SettingValueInvalid);
                    settings = settings with { EnableConnectProtocol = value == 1 };
                    break;
                case Http3SettingId.H3Datagram:
                    if (value > 1) return ConnectionError(Http3ErrorCode.H3_SETTINGS_ERROR, Http3Errors.SettingValueInvalid);
                    settings = settings with { H3Datagram = value == 1 };
                    break;
                default:
                    // §7.2.4: "An implementation MUST ignore any parameter with an identifier it does not understand."
                    break;
            }
        }

        PeerSettings = settings;
        PeerSettingsReceived = true;

        // RFC 9204 §3.2.3: the encoder may use the dynamic table only up to the capacity the decoder advertised.
        _encoder.ApplyPeerSettings((int)Math.Min(settings.QpackMaxTableCapacity, int.MaxValue), (int)Math.Min(settings.QpackBlockedStreams, int.MaxValue));
        FlushEncoderStream();
        _events.Enqueue(new Http3Event(Http3EventKind.SettingsReceived));
        return Http3Error.None;
    }

    /// <summary>§7.2.6 GOAWAY: a server's names a request stream, a client's a push ID; neither may grow (§5.2).</summary>
    private Http3Error OnGoAway(ReadOnlySpan<byte> payload)
    {
        if (!ReadSingleId(payload, out long id)) return ConnectionError(Http3ErrorCode.H3_FRAME_ERROR, Http3Errors.FramePayloadMalformed);

        // §7.2.6: "A client receiving a GOAWAY frame containing a stream ID of any other type MUST treat this as a
        // connection error of type H3_ID_ERROR."
        if (Role == Http3Role.Client && (StreamIds.IsUnidirectional(id) || !StreamIds.IsClientInitiated(id)))
            return ConnectionError(Http3ErrorCode.H3_ID_ERROR, Http3Errors.GoAwayNotRequestStream);

        // §5.2: "Receiving a GOAWAY containing a larger identifier than previously received MUST be treated as a
        // connection error of type H3_ID_ERROR."
        if (_goAwayReceived >= 0 && id > _goAwayReceived) return ConnectionError(Http3ErrorCode.H3_ID_ERROR, Http3Errors.GoAwayIncreased);
        _goAwayReceived = id;
        _events.Enqueue(new Http3Event(Http3EventKind.GoAwayReceived, Id: id));
        return Http3Error.None;
    }

    /// <summary>§7.2.7 MAX_PUSH_ID: only from a client, and never smaller than before.</summary>
    private Http3Error OnMaxPushId(ReadOnlySpan<byte> payload)
    {
        // §7.2.7: "A client MUST treat the receipt of a MAX_PUSH_ID frame as a connection error of type H3_FRAME_UNEXPECTED."
        if (Role == Http3Role.Client) return ConnectionError(Http3ErrorCode.H3_FRAME_UNEXPECTED, Http3Errors.MaxPushIdFromServer);
        if (!ReadSingleId(payload, out long id)) return ConnectionError(Http3ErrorCode.H3_FRAME_ERROR, Http3Errors.FramePayloadMalformed);
        if (id < _maxPushIdReceived) return ConnectionError(Http3ErrorCode.H3_ID_ERROR, Http3Errors.MaxPushIdDecreased);
        _maxPushIdReceived = id;
        return Http3Error.None;
    }

    /// <summary>
    /// §7.2.3 CANCEL_PUSH: "If a CANCEL_PUSH frame is received that references a push ID greater than currently allowed
    /// on the connection, this MUST be treated as a connection error of type H3_ID_ERROR." We never push, so an
    /// allowed one needs nothing; a client never allowed any.
    /// </summary>
    private Http3Error OnCancelPush(ReadOnlySpan<byte> payload)
    {
        if (!ReadSingleId(payload, out long id)) return ConnectionError(Http3ErrorCode.H3_FRAME_ERROR, Http3Errors.FramePayloadMalformed);
        long allowed = Role == Http3Role.Server ? _maxPushIdReceived : -1;
        return id > allowed ? ConnectionError(Http3ErrorCode.H3_ID_ERROR, Http3Errors.PushIdTooLarge) : Http3Error.None;
    }

    /// <summary>A payload that is exactly one variable-length integer (§7.1: nothing more, nothing less).</summary>
    private static bool ReadSingleId(ReadOnlySpan<byte> payload, out long id) =>
        VarInt.TryRead(payload, out id, out int length) && length == payload.Length;

    /// <summary>RFC 9204 §4.2: the peer's encoder stream feeds our decoder; sections it unblocks are resumed.</summary>
    private Http3Error ReceiveEncoderStream(ReadOnlySpan<byte> data)
    {
        var error = _decoder.ReceiveEncoderStream(data);
        if (!error.IsNone) return QpackFailure(error);
        var result = ResumeUnblocked();
        FlushDecoderStream();
        return result;
    }

    /// <summary>RFC 9204 §4.2: the peer's decoder stream feeds our encoder.</summary>
    private Http3Error ReceiveDecoderStream(ReadOnlySpan<byte> data)
    {
        var error = _encoder.ReceiveDecoderStream(data);
        return error.IsNone ? Http3Error.None : QpackFailure(error);
    }

    /// <summary>Queues the encoder-stream instructions QPACK has pending.</summary>
    private void FlushEncoderStream()
    {
        if (_encoderStream is null || !_encoder.HasEncoderStreamData) return;
        PrepareWrite(_encoderStream);
        _encoder.WriteEncoderStream(_encoderStream.Buffer);
        QueueData(_encoderStream);
    }

    /// <summary>Queues the decoder-stream instructions QPACK has pending: Section Acknowledgments, Stream Cancellations, Insert Count Increments.</summary>
    private void FlushDecoderStream()
    {
        if (_decoderStream is null || !_decoder.HasDecoderStreamData) return;
        PrepareWrite(_decoderStream);
        _decoder.WriteDecoderStream(_decoderStream.Buffer);
        QueueData(_decoderStream);
    }
}
