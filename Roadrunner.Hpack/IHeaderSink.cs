namespace Roadrunner.Hpack;

/// <summary>Receives decoded header fields, in order. The spans are valid only during the call.</summary>
public interface IHeaderSink
{
    /// <summary>One decoded field. <paramref name="neverIndexed"/> is true for a never-indexed literal (RFC 7541 §6.2.3), which must stay never-indexed if re-encoded.</summary>
    void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, bool neverIndexed);
}
