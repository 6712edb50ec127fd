using System.Buffers.Binary;

namespace Roadrunner.Http2.Frames;

/// <summary>
/// One setting of a SETTINGS frame (RFC 9113 §6.5.1).
/// <code>
/// Setting {
///   Identifier (16),
///   Value (32),
/// }
/// </code>
/// </summary>
/// <param name="Parameter">The identifier; values outside <see cref="Http2SettingsParameter"/> are unknown and ignored.</param>
/// <param name="Value">The value.</param>
public readonly record struct Http2Setting(Http2SettingsParameter Parameter, uint Value)
{
    /// <summary>Octets one setting takes.</summary>
    public const int Size = 6;

    /// <summary>The largest flow-control window, 2^31-1 (§6.9.1).</summary>
    public const uint MaxWindowSize = int.MaxValue;

    /// <summary>The smallest and initial SETTINGS_MAX_FRAME_SIZE, 2^14 (§6.5.2).</summary>
    public const int MinMaxFrameSize = 16384;

    /// <summary>Reads a setting from the first six octets of <paramref name="source"/>.</summary>
    public static Http2Setting Read(ReadOnlySpan<byte> source) =>
        new((Http2SettingsParameter)BinaryPrimitives.ReadUInt16BigEndian(source), BinaryPrimitives.ReadUInt32BigEndian(source[2..]));

    /// <summary>Writes this setting into the first six octets of <paramref name="destination"/>.</summary>
    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)Parameter);
        BinaryPrimitives.WriteUInt32BigEndian(destination[2..], Value);
    }

    /// <summary>Checks the value against the range §6.5.2 defines for its parameter; unknown parameters are always valid.</summary>
    public Http2FrameError Validate()
    {
        switch (Parameter)
        {
            case Http2SettingsParameter.SETTINGS_ENABLE_PUSH when Value > 1:
                // RFC 9113 §6.5.2: "Any value other than 0 or 1 MUST be treated as a connection error
                // (Section 5.4.1) of type PROTOCOL_ERROR."
                return Http2FrameError.Connection(Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.SettingsEnablePushInvalid);
            case Http2SettingsParameter.SETTINGS_INITIAL_WINDOW_SIZE when Value > MaxWindowSize:
                // RFC 9113 §6.5.2: "Values above the maximum flow-control window size of 2^31-1 MUST be treated as
                // a connection error (Section 5.4.1) of type FLOW_CONTROL_ERROR."
                return Http2FrameError.Connection(Http2ErrorCode.FLOW_CONTROL_ERROR, Http2Errors.SettingsInitialWindowTooLarge);
            case Http2SettingsParameter.SETTINGS_MAX_FRAME_SIZE when Value < MinMaxFrameSize || Value > Http2FrameHeader.MaxLength:
                // RFC 9113 §6.5.2: "Values outside this range MUST be treated as a connection error (Section 5.4.1)
                // of type PROTOCOL_ERROR."
                return Http2FrameError.Connection(Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.SettingsMaxFrameSizeInvalid);
            case Http2SettingsParameter.SETTINGS_ENABLE_CONNECT_PROTOCOL when Value > 1:
                // RFC 8441 §3: "The value of the parameter MUST be 0 or 1."
                return Http2FrameError.Connection(Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.SettingsEnableConnectProtocolInvalid);
            case Http2SettingsParameter.SETTINGS_NO_RFC7540_PRIORITIES when Value > 1:
                // RFC 9218 §2.1: "A sender MUST NOT send a SETTINGS_NO_RFC7540_PRIORITIES setting with a value other
                // than 0 or 1. A receiver MUST treat ... any other value as a connection error ... PROTOCOL_ERROR."
                return Http2FrameError.Connection(Http2ErrorCode.PROTOCOL_ERROR, Http2Errors.SettingsNoRfc7540PrioritiesInvalid);
            default:
                return default;
        }
    }
}
