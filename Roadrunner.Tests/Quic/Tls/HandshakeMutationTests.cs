using Roadrunner.Quic;
using Roadrunner.Quic.Tls;
using Shouldly;
using static Roadrunner.Tests.Quic.Tls.TlsTestSupport;

namespace Roadrunner.Tests.Quic.Tls;

/// <summary>
/// Wire input never throws: seeded random corruptions of a real ClientHello and of a real server flight each end in
/// success or an error value, never an exception.
/// </summary>
[TestClass]
public sealed class HandshakeMutationTests
{
    private static readonly Lazy<(byte[] ClientHello, byte[] ServerHello, byte[] Flight)> Traffic = new(() =>
    {
        var client = NewClient();
        var server = NewServer(new QuicTlsServerOptions { Certificate = RsaCertificate });
        client.Start();
        var clientHello = CryptoAt(Drain(client), QuicEncryptionLevel.Initial);
        server.Receive(QuicEncryptionLevel.Initial, clientHello).IsNone.ShouldBeTrue();
        var events = Drain(server);
        return (clientHello, CryptoAt(events, QuicEncryptionLevel.Initial), CryptoAt(events, QuicEncryptionLevel.Handshake));
    });

    /// <summary>Corrupted ClientHellos: each byte flip, truncation or insertion gives a result, not an exception.</summary>
    [TestMethod]
    public void CorruptedClientHello_NeverThrows()
    {
        var random = new Random(7);
        for (int i = 0; i < 150; i++)
        {
            var hello = Mutate(Traffic.Value.ClientHello, random);
            var server = NewServer();
            _ = server.Receive(QuicEncryptionLevel.Initial, hello);
            Drain(server);
        }
    }

    /// <summary>Corrupted server flights fed to a client that has the real ServerHello: never an exception.</summary>
    [TestMethod]
    public void CorruptedServerFlight_NeverThrows()
    {
        var random = new Random(11);
        for (int i = 0; i < 60; i++)
        {
            var client = NewClient();
            client.Start();
            Drain(client);
            bool corruptHello = random.Next(4) == 0;
            var hello = corruptHello ? Mutate(Traffic.Value.ServerHello, random) : Traffic.Value.ServerHello;
            var error = client.Receive(QuicEncryptionLevel.Initial, hello);
            if (error.IsNone)
            {
                _ = client.Receive(QuicEncryptionLevel.Handshake, corruptHello ? Traffic.Value.Flight : Mutate(Traffic.Value.Flight, random));
            }

            // Any change alters the transcript or the framing, so at best the Finished check fails.
            client.IsComplete.ShouldBeFalse();
        }
    }

    private static byte[] Mutate(byte[] source, Random random)
    {
        var bytes = source.ToList();
        int edits = 1 + random.Next(3);
        for (int e = 0; e < edits && bytes.Count > 0; e++)
        {
            int at = random.Next(bytes.Count);
            switch (random.Next(4))
            {
                case 0: bytes[at] ^= (byte)(1 << random.Next(8)); break;
                case 1: bytes[at] = (byte)random.Next(256); break;
                case 2: bytes.RemoveRange(at, Math.Min(bytes.Count - at, 1 + random.Next(8))); break;
                default: bytes.Insert(at, (byte)random.Next(256)); break;
            }
        }

        return [.. bytes];
    }
}
