using Roadrunner.Hpack;

namespace Roadrunner.Qpack.FieldSections;

/// <summary>A field section waiting for inserts (RFC 9204 §2.2.1): a pooled copy of its octets and where its fields go.</summary>
/// <param name="StreamId">The stream it arrived on.</param>
/// <param name="Octets">A pooled array holding the section from its first octet.</param>
/// <param name="Length">The section's length in <paramref name="Octets"/>.</param>
/// <param name="RequiredInsertCount">The insert count it waits for.</param>
/// <param name="Sink">Where its fields go once it is decoded.</param>
internal readonly record struct BlockedSection(long StreamId, byte[] Octets, int Length, long RequiredInsertCount, IHeaderSink Sink);
