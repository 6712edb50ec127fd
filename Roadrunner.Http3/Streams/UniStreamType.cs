namespace Roadrunner.Http3.Streams;

/// <summary>Unidirectional stream types (RFC 9114 §6.2; RFC 9204 §4.2).</summary>
internal static class UniStreamType
{
    /// <summary>§6.2.1 control stream.</summary>
    public const long Control = 0x00;

    /// <summary>§6.2.2 push stream.</summary>
    public const long Push = 0x01;

    /// <summary>RFC 9204 §4.2 encoder stream.</summary>
    public const long QpackEncoder = 0x02;

    /// <summary>RFC 9204 §4.2 decoder stream.</summary>
    public const long QpackDecoder = 0x03;
}
