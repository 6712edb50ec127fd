namespace Roadrunner.Qpack.Encoding;

/// <summary>
/// An encoded field section the peer's decoder has not acknowledged yet (RFC 9204 §2.1.1): it pins the entries it
/// references against eviction, and while its Required Insert Count is above the Known Received Count its stream
/// may be blocked (§2.1.2).
/// </summary>
/// <param name="StreamId">The stream it was sent on.</param>
/// <param name="RequiredInsertCount">One past the largest absolute index it references.</param>
/// <param name="SmallestReference">The smallest absolute index it references.</param>
internal readonly record struct SectionRecord(long StreamId, long RequiredInsertCount, long SmallestReference);
