namespace Roadrunner.Http2.Frames;

/// <summary>How far an error reaches (RFC 9113 §5.4).</summary>
public enum Http2ErrorScope
{
    /// <summary>§5.4.1: the whole connection fails: GOAWAY, then close.</summary>
    Connection,
    /// <summary>§5.4.2: one stream fails: RST_STREAM, and the connection carries on.</summary>
    Stream,
}
