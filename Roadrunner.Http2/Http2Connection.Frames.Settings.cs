using Roadrunner.Http2.Frames;

namespace Roadrunner.Http2;

/// <summary>SETTINGS frames (RFC 9113 §6.5): the peer's parameters, and the acknowledgment of ours.</summary>
public sealed partial class Http2Connection
{
    private void OnSettings(in Http2FrameHeader header, ReadOnlySpan<byte> payload)
    {
        var error = Http2SettingsFrame.TryRead(header, payload, out var frame);
        if (!error.IsNone)
        {
            Fail(error, header.StreamId);
            return;
        }

        if (frame.IsAck)
        {
            OnSettingsAcknowledged();
            return;
        }

        if (!CountFlood(ref _settingsCount, _options.MaxSettingsPerInterval, Http2Errors.SettingsFlood)) return;

        // RFC 9113 §6.5.3: "The values in the SETTINGS frame MUST be processed in the order they appear, with no
        // other frame processing between values."
        for (int i = 0; i < frame.Count; i++)
        {
            var setting = frame[i];
            var invalid = setting.Validate();
            if (!invalid.IsNone)
            {
                Fail(invalid, 0);
                return;
            }

            if (!ApplyPeerSetting(setting)) return;
        }

        // RFC 9113 §6.5.3: "Upon receiving and processing the SETTINGS frame, the recipient MUST immediately emit a
        // SETTINGS frame with the ACK flag set."
        Http2SettingsFrame.WriteAck(_output);
        _peerSettingsSeen = true;
        Enqueue(new Http2Event(Http2EventKind.SettingsChanged));
        WakeBlockedStreams();
    }

    private bool ApplyPeerSetting(Http2Setting setting)
    {
        switch (setting.Parameter)
        {
            case Http2SettingsParameter.SETTINGS_ENABLE_PUSH when Role == Http2Role.Client && setting.Value == 1:
                // RFC 9113 §6.5.2: "A client MUST treat receipt of a SETTINGS frame with SETTINGS_ENABLE_PUSH set to
                // 1 as a connection error (Section 5.4.1) of type PROTOCOL_ERROR."
                ConnectionError(Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.SettingsEnablePushFromServer);
                return false;

            case Http2SettingsParameter.SETTINGS_INITIAL_WINDOW_SIZE:
                // RFC 9113 §6.9.2: "When the value of SETTINGS_INITIAL_WINDOW_SIZE changes, a receiver MUST adjust
                // the size of all stream flow-control windows that it maintains by the difference between the new
                // value and the old value." ... "An endpoint MUST treat a change to SETTINGS_INITIAL_WINDOW_SIZE that
                // causes any flow-control window to exceed the maximum size as a connection error (Section 5.4.1) of
                // type FLOW_CONTROL_ERROR."
                long delta = (long)setting.Value - _peerSettings.InitialWindowSize;
                foreach (var stream in _streams.Values)
                {
                    stream.SendWindow += delta;
                    if (stream.SendWindow > int.MaxValue)
                    {
                        ConnectionError(Http2ErrorCode.FLOW_CONTROL_ERROR, Http2Errors.InitialWindowOverflow);
                        return false;
                    }
                }

                break;

            case Http2SettingsParameter.SETTINGS_HEADER_TABLE_SIZE when setting.Value != _peerSettings.HeaderTableSize:
                // RFC 7541 §4.2: the encoder signals the new bound with a dynamic table size update.
                _encoder.SetPeerMaxDynamicTableSize((int)Math.Min(setting.Value, int.MaxValue));
                break;

            default:
                // RFC 9113 §6.5.2: "An endpoint that receives a SETTINGS frame with any unknown or unsupported
                // identifier MUST ignore that setting."
                break;
        }

        _peerSettings = _peerSettings.With(setting);
        return true;
    }

    private void OnSettingsAcknowledged()
    {
        // An unsolicited acknowledgment changes nothing.
        if (_localSettingsAcknowledged) return;
        _localSettingsAcknowledged = true;
        _settingsDeadline = NoDeadline;

        // Our SETTINGS_INITIAL_WINDOW_SIZE is now in force on the peer's side, which applied the difference to every
        // stream it had open (§6.9.2); our view of those receive windows follows.
        int delta = _options.InitialStreamWindow - _initialReceiveWindowInForce;
        if (delta != 0)
        {
            foreach (var stream in _streams.Values) stream.ReceiveWindow += delta;
            _initialReceiveWindowInForce = _options.InitialStreamWindow;
        }

        Enqueue(new Http2Event(Http2EventKind.SettingsAcknowledged));
    }

    /// <summary>Queues our preface: the client's 24 octets first, then SETTINGS, then a WINDOW_UPDATE for a larger connection window.</summary>
    private void WritePreface()
    {
        if (Role == Http2Role.Client) _output.Write(Http2Preface.Bytes);

        Span<Http2Setting> settings = stackalloc Http2Setting[8];
        int count = 0;
        if (Role == Http2Role.Client)
        {
            // RFC 9113 §6.5.2: push is for servers; this client never accepts it.
            settings[count++] = new(Http2SettingsParameter.SETTINGS_ENABLE_PUSH, 0);
        }

        if (_options.HeaderTableSize != 4096) settings[count++] = new(Http2SettingsParameter.SETTINGS_HEADER_TABLE_SIZE, (uint)_options.HeaderTableSize);
        settings[count++] = new(Http2SettingsParameter.SETTINGS_MAX_CONCURRENT_STREAMS, (uint)_options.MaxConcurrentStreams);
        if (_options.InitialStreamWindow != 65535) settings[count++] = new(Http2SettingsParameter.SETTINGS_INITIAL_WINDOW_SIZE, (uint)_options.InitialStreamWindow);
        if (_options.MaxFrameSize != Http2Setting.MinMaxFrameSize) settings[count++] = new(Http2SettingsParameter.SETTINGS_MAX_FRAME_SIZE, (uint)_options.MaxFrameSize);
        settings[count++] = new(Http2SettingsParameter.SETTINGS_MAX_HEADER_LIST_SIZE, (uint)_options.MaxHeaderListSize);
        if (_options.EnableConnectProtocol && Role == Http2Role.Server) settings[count++] = new(Http2SettingsParameter.SETTINGS_ENABLE_CONNECT_PROTOCOL, 1);
        Http2SettingsFrame.Write(_output, settings[..count]);

        if (_options.SettingsTimeout > TimeSpan.Zero) _settingsDeadline = _now + _options.ToTicks(_options.SettingsTimeout);

        // RFC 9113 §6.9.2: the connection window starts at 65535 and "can be changed only by WINDOW_UPDATE frames".
        int increase = _options.InitialConnectionWindow - 65535;
        if (increase > 0) Http2WindowUpdateFrame.Write(_output, 0, increase);
    }
}
