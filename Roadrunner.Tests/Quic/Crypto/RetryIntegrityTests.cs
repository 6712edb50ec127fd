using Roadrunner.Quic.Crypto;
using Shouldly;
using static Roadrunner.Tests.Quic.Crypto.Rfc9001AppendixA;

namespace Roadrunner.Tests.Quic.Crypto;

/// <summary>RFC 9001 Appendix A.4 and §5.8: the Retry Integrity Tag over the Retry pseudo-packet.</summary>
[TestClass]
public sealed class RetryIntegrityTests
{
    /// <summary>A.4: the tag computed over the listed Retry (without its last 16 bytes) is those 16 bytes.</summary>
    [TestMethod]
    public void A4_ComputeTag_GivesTheListedTag()
    {
        var retry = Bytes(RetryPacket);
        Span<byte> tag = stackalloc byte[RetryIntegrity.TagLength];
        RetryIntegrity.ComputeTag(Bytes(ClientDestinationConnectionId), retry.AsSpan(0, retry.Length - 16), tag);
        Hex(tag).ShouldBe("04a265ba2eff4d829058fb3f0f2496ba");
    }

    /// <summary>A.4: the listed Retry verifies against the original Destination Connection ID.</summary>
    [TestMethod]
    public void A4_Verify_AcceptsTheListedRetry() =>
        RetryIntegrity.Verify(Bytes(ClientDestinationConnectionId), Bytes(RetryPacket)).ShouldBeTrue();

    /// <summary>
    /// RFC 9000 §17.2.5.2: a client "MUST discard a Retry packet that contains a Retry Integrity Tag that cannot be
    /// validated": a changed token, a changed tag, another ODCID, or a packet shorter than a tag all fail.
    /// </summary>
    [TestMethod]
    public void S5_8_Verify_RejectsAlteredRetries()
    {
        var odcid = Bytes(ClientDestinationConnectionId);

        var token = Bytes(RetryPacket);
        token[16] ^= 1;
        RetryIntegrity.Verify(odcid, token).ShouldBeFalse();

        var tag = Bytes(RetryPacket);
        tag[^1] ^= 0x80;
        RetryIntegrity.Verify(odcid, tag).ShouldBeFalse();

        var otherOdcid = (byte[])odcid.Clone();
        otherOdcid[0] ^= 1;
        RetryIntegrity.Verify(otherOdcid, Bytes(RetryPacket)).ShouldBeFalse();

        RetryIntegrity.Verify(odcid, Bytes(RetryPacket).AsSpan(0, 10)).ShouldBeFalse();
    }

    /// <summary>A Retry with a large token (built off the stack) verifies like a small one.</summary>
    [TestMethod]
    public void S5_8_LargeToken_RoundTrips()
    {
        var odcid = Bytes(ClientDestinationConnectionId);
        var retry = new byte[2000];
        Bytes(RetryPacket).AsSpan(0, 20).CopyTo(retry);
        RetryIntegrity.ComputeTag(odcid, retry.AsSpan(0, retry.Length - 16), retry.AsSpan(retry.Length - 16));
        RetryIntegrity.Verify(odcid, retry).ShouldBeTrue();
    }
}
