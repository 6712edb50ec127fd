namespace Roadrunner.Server;

/// <summary>Which protocols this build of the server can speak.</summary>
public static class ProtocolSupport
{
    /// <summary>HTTP/2 is available.</summary>
    public static bool Http2Available => true;

    /// <summary>HTTP/3 is available.</summary>
    public static bool Http3Available => true;
}
