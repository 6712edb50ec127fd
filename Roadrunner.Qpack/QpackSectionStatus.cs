namespace Roadrunner.Qpack;

/// <summary>What became of an encoded field section handed to <see cref="QpackDecoder.DecodeSection"/>.</summary>
public enum QpackSectionStatus
{
    /// <summary>Decoded: every field line reached the sink.</summary>
    Decoded,

    /// <summary>
    /// Blocked (RFC 9204 §2.2.1): it needs dynamic table entries not received yet. The decoder keeps a copy and decodes
    /// it into the same sink once the entries arrive, reporting that as a <see cref="QpackSectionDecoded"/> event.
    /// </summary>
    Blocked,

    /// <summary>Refused; the error says why and with which code.</summary>
    Failed,
}
