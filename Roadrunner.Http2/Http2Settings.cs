using Roadrunner.Http2.Frames;

namespace Roadrunner.Http2;

/// <summary>The settings one endpoint announced (RFC 9113 §6.5.2); starts at the RFC's initial values.</summary>
/// <param name="HeaderTableSize">SETTINGS_HEADER_TABLE_SIZE: largest HPACK dynamic table its decoder allows.</param>
/// <param name="EnablePush">SETTINGS_ENABLE_PUSH.</param>
/// <param name="MaxConcurrentStreams">SETTINGS_MAX_CONCURRENT_STREAMS (<see cref="uint.MaxValue"/>: unlimited).</param>
/// <param name="InitialWindowSize">SETTINGS_INITIAL_WINDOW_SIZE.</param>
/// <param name="MaxFrameSize">SETTINGS_MAX_FRAME_SIZE.</param>
/// <param name="MaxHeaderListSize">SETTINGS_MAX_HEADER_LIST_SIZE (<see cref="uint.MaxValue"/>: unlimited).</param>
/// <param name="EnableConnectProtocol">SETTINGS_ENABLE_CONNECT_PROTOCOL (RFC 8441).</param>
public readonly record struct Http2Settings(
    uint HeaderTableSize,
    bool EnablePush,
    uint MaxConcurrentStreams,
    int InitialWindowSize,
    int MaxFrameSize,
    uint MaxHeaderListSize,
    bool EnableConnectProtocol)
{
    /// <summary>The initial values every endpoint assumes until the peer's SETTINGS arrive.</summary>
    public static Http2Settings Initial { get; } = new(4096, true, uint.MaxValue, 65535, Http2Setting.MinMaxFrameSize, uint.MaxValue, false);

    /// <summary>These settings with one more applied; unknown parameters leave them unchanged. The value must be valid (<see cref="Http2Setting.Validate"/>).</summary>
    public Http2Settings With(Http2Setting setting) => setting.Parameter switch
    {
        Http2SettingsParameter.SETTINGS_HEADER_TABLE_SIZE => this with { HeaderTableSize = setting.Value },
        Http2SettingsParameter.SETTINGS_ENABLE_PUSH => this with { EnablePush = setting.Value == 1 },
        Http2SettingsParameter.SETTINGS_MAX_CONCURRENT_STREAMS => this with { MaxConcurrentStreams = setting.Value },
        Http2SettingsParameter.SETTINGS_INITIAL_WINDOW_SIZE => this with { InitialWindowSize = (int)setting.Value },
        Http2SettingsParameter.SETTINGS_MAX_FRAME_SIZE => this with { MaxFrameSize = (int)setting.Value },
        Http2SettingsParameter.SETTINGS_MAX_HEADER_LIST_SIZE => this with { MaxHeaderListSize = setting.Value },
        Http2SettingsParameter.SETTINGS_ENABLE_CONNECT_PROTOCOL => this with { EnableConnectProtocol = setting.Value == 1 },
        _ => this,
    };
}
