using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Roadrunner.Quic.Connections;
using Roadrunner.Quic.Endpoints;
using Roadrunner.Quic.Tls;

namespace Roadrunner.Benchmarks.Probes;

/// <summary>
/// The QUIC stack's own speed on one core, without sockets: our client and our server endpoint exchange datagrams
/// through in-process queues, with the real clock as the connections' time. Reports full handshakes per second
/// (ECDSA P-256 certificate, x25519) and one-way bulk transfer throughput on one stream.
/// </summary>
/// <remarks>Run: <c>dotnet run -c Release --project Roadrunner.Benchmarks -- quic [handshakes] [megabytes]</c>.</remarks>
public static class QuicLoopbackProbe
{
    private static readonly IPEndPoint ServerAddress = new(IPAddress.Loopback, 4433);

    /// <summary>Runs the probe and prints what it measured.</summary>
    public static int Run(string[] args)
    {
        int handshakes = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
        int megabytes = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50;
        using var certificate = CreateCertificate();
        var serverOptions = new QuicServerEndpointOptions { Tls = new QuicTlsServerOptions { Certificate = certificate } };

        // Warm-up: JIT and the first certificate use.
        RunHandshakes(serverOptions, 10);
        var elapsed = RunHandshakes(serverOptions, handshakes);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"handshakes: {handshakes} in {elapsed.TotalSeconds:F2} s: {handshakes / elapsed.TotalSeconds:F0} per second (client and server on one thread)"));

        var (bytes, seconds, intact) = RunTransfer(serverOptions, megabytes << 20);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"transfer: {bytes >> 20} MiB client to server in {seconds:F2} s: {bytes / seconds / 1e6:F1} MB/s ({bytes * 8 / seconds / 1e6:F0} Mbit/s), {(intact ? "intact" : "CORRUPTED")}"));
        return intact ? 0 : 1;
    }

    private static TimeSpan RunHandshakes(QuicServerEndpointOptions serverOptions, int count)
    {
        var queue = new Queue<(bool ToServer, byte[] Bytes, int Length)>();
        var watch = Stopwatch.StartNew();
        QuicServerEndpoint? endpoint = null;
        for (int i = 0; i < count; i++)
        {
            // A fresh endpoint now and then keeps its table of finished connections small.
            if (i % 50 == 0)
            {
                endpoint?.Dispose();
                endpoint = new QuicServerEndpoint(serverOptions);
            }

            var clientAddress = new IPEndPoint(IPAddress.Loopback, 20000 + i);
            using var client = QuicConnection.CreateClient(new QuicTlsClientOptions { ServerName = "localhost", ValidateCertificate = _ => true }, null, ServerAddress, Now());
            PumpUntil(client, endpoint!, clientAddress, queue, () => client.IsHandshakeConfirmed);
            if (!client.IsHandshakeConfirmed) throw new InvalidOperationException("a handshake did not complete");
        }

        endpoint?.Dispose();
        return watch.Elapsed;
    }

    private static (long Bytes, double Seconds, bool Intact) RunTransfer(QuicServerEndpointOptions serverOptions, int size)
    {
        var queue = new Queue<(bool ToServer, byte[] Bytes, int Length)>();
        var clientAddress = new IPEndPoint(IPAddress.Loopback, 19999);
        using var endpoint = new QuicServerEndpoint(serverOptions);
        using var client = QuicConnection.CreateClient(new QuicTlsClientOptions { ServerName = "localhost", ValidateCertificate = _ => true }, null, ServerAddress, Now());
        PumpUntil(client, endpoint, clientAddress, queue, () => client.IsHandshakeConfirmed);
        var data = RandomNumberGenerator.GetBytes(size);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var read = new byte[65536];
        long received = 0;
        int written = 0;
        bool finSent = false, finished = false;
        client.TryOpenBidirectionalStream(out ulong stream);
        var watch = Stopwatch.StartNew();
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread(), datagramsBefore = s_datagrams;
        long allocatedAt1MiB = 0, datagramsAt1MiB = 0;
        while (!finished)
        {
            if (!finSent)
            {
                written += client.Write(stream, data.AsSpan(written), fin: false);
                if (written == data.Length) finSent = client.Write(stream, [], fin: true) >= 0;
            }

            Pump(client, endpoint, clientAddress, queue, () => false);
            var server = endpoint.Connections.Count > 0 ? endpoint.Connections[0] : null;
            while (server is not null)
            {
                int n = server.Read(stream, read, out bool fin);
                if (n > 0)
                {
                    hash.AppendData(read, 0, n);
                    received += n;
                    if (allocatedAt1MiB == 0 && received >= 1 << 20)
                    {
                        // Steady state starts after the first MiB: buffers and pools have grown to their working size.
                        allocatedAt1MiB = GC.GetAllocatedBytesForCurrentThread();
                        datagramsAt1MiB = s_datagrams;
                    }
                }

                if (fin) finished = true;
                if (n == 0) break;
            }

            if (watch.Elapsed > TimeSpan.FromMinutes(2)) break;
        }

        var seconds = watch.Elapsed.TotalSeconds;
        long steadyBytes = GC.GetAllocatedBytesForCurrentThread() - allocatedAt1MiB, steadys_datagrams = s_datagrams - datagramsAt1MiB;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"allocation after the first MiB: {steadyBytes} bytes over {steadys_datagrams} datagrams, {steadyBytes / (double)Math.Max(1, steadys_datagrams):F2} bytes per datagram (both ends; {GC.GetAllocatedBytesForCurrentThread() - allocatedBefore} bytes in the whole transfer)"));
        return (received, seconds, finished && hash.GetCurrentHash().AsSpan().SequenceEqual(SHA256.HashData(data)));
    }

    /// <summary>
    /// Moves datagrams both ways and runs due timers until <paramref name="done"/>, or until nothing is left to move;
    /// it never waits, so the caller decides what a stall means (the receiver has to read, or a timer is not due yet).
    /// </summary>
    private static void Pump(QuicConnection client, QuicServerEndpoint endpoint, IPEndPoint clientAddress, Queue<(bool, byte[], int)> queue, Func<bool> done)
    {
        var clientInfo = new QuicReceiveInfo(clientAddress, ServerAddress);
        var serverInfo = new QuicReceiveInfo(ServerAddress, clientAddress);
        while (!done())
        {
            long now = Now();
            if (client.NextDeadline <= now) client.OnTimeout(now);
            if (endpoint.NextDeadline <= now) endpoint.OnTimeout(now);
            int n;
            while ((n = client.Send(Rent(), now, out _)) > 0) queue.Enqueue((true, s_current!, n));
            Return(s_current!);
            while ((n = endpoint.Send(Rent(), now, out _)) > 0) queue.Enqueue((false, s_current!, n));
            Return(s_current!);
            if (queue.Count == 0) return;
            s_datagrams += queue.Count;
            while (queue.TryDequeue(out var datagram))
            {
                if (datagram.Item1) endpoint.Receive(datagram.Item2.AsSpan(0, datagram.Item3), clientInfo, now);
                else client.Receive(datagram.Item2.AsSpan(0, datagram.Item3), serverInfo, now);
                Return(datagram.Item2);
            }

            while (client.TryReadEvent(out _))
            {
            }
        }
    }

    /// <summary>Pumps until <paramref name="done"/>, giving up after ten seconds.</summary>
    private static void PumpUntil(QuicConnection client, QuicServerEndpoint endpoint, IPEndPoint clientAddress, Queue<(bool, byte[], int)> queue, Func<bool> done)
    {
        var watch = Stopwatch.StartNew();
        while (!done() && watch.Elapsed < TimeSpan.FromSeconds(10)) Pump(client, endpoint, clientAddress, queue, done);
    }

    private static readonly Stack<byte[]> s_free = new();
    private static byte[]? s_current;

    /// <summary>Datagrams delivered so far, for the per-datagram allocation figure.</summary>
    private static long s_datagrams;

    /// <summary>A datagram buffer from a small free list, so the probe itself allocates nothing per datagram.</summary>
    private static byte[] Rent()
    {
        s_current = s_free.Count > 0 ? s_free.Pop() : new byte[1500];
        return s_current;
    }

    private static void Return(byte[] datagram) => s_free.Push(datagram);

    private static long Now() => Stopwatch.GetTimestamp() * 1_000_000 / Stopwatch.Frequency;

    private static X509Certificate2 CreateCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }
}
