using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Roadrunner.Quic.Connections;
using Roadrunner.Quic.Endpoints;
using Roadrunner.Quic.Tls;

namespace Roadrunner.Tests.Quic.Network;

/// <summary>
/// Our client connection and our server endpoint joined by a simulated network with a fake clock: datagrams are
/// queued with a delivery time and impaired (loss, reordering, duplication, corruption, blackouts) from a seeded
/// random source, so every run is the same.
/// </summary>
internal sealed class InMemoryNetwork
{
    public static readonly IPEndPoint ServerAddress = new(IPAddress.Loopback, 4433);
    public static readonly IPEndPoint ClientAddress = new(IPAddress.Parse("127.0.0.2"), 50000);

    private static readonly Lazy<X509Certificate2> SharedCertificate = new(CreateCertificate);
    private readonly PriorityQueue<Datagram, (long, long)> _inFlight = new();
    private readonly Random _random;
    private readonly byte[] _buffer = new byte[1500];
    private long _sequence;

    public InMemoryNetwork(int seed = 1, Impairment? impairment = null, QuicServerEndpointOptions? serverOptions = null, QuicConnectionOptions? clientOptions = null, QuicConnectionOptions? serverConnectionOptions = null)
    {
        _random = new Random(seed);
        Impairment = impairment ?? Impairment.Clean;
        ToServer = Impairment;
        ToClient = Impairment;
        var options = serverOptions ?? new QuicServerEndpointOptions { Tls = new QuicTlsServerOptions { Certificate = Certificate } };
        if (serverConnectionOptions is not null)
        {
            options = options with { Connection = serverConnectionOptions };
        }

        Server = new QuicServerEndpoint(options);
        Client = QuicConnection.CreateClient(
            new QuicTlsClientOptions { ServerName = "localhost", ValidateCertificate = _ => true },
            clientOptions,
            ServerAddress,
            Now);
    }

    public static X509Certificate2 Certificate => SharedCertificate.Value;

    public Impairment Impairment { get; }

    public Impairment ToServer { get; set; }

    public Impairment ToClient { get; set; }

    public long Now { get; private set; } = 1_000_000;

    public QuicServerEndpoint Server { get; }

    public QuicConnection Client { get; }

    public IPEndPoint ClientApparentAddress { get; set; } = ClientAddress;

    /// <summary>While true, every datagram both ways is dropped.</summary>
    public bool Blackout { get; set; }

    /// <summary>When set, decides per datagram (to server?, bytes) whether to drop it, before the impairment.</summary>
    public Func<bool, byte[], bool>? Filter { get; set; }

    /// <summary>When set, sees every datagram the server receives (after impairment).</summary>
    public Action<byte[]>? OnServerDatagram { get; set; }

    public int DatagramsToServer { get; private set; }

    public int DatagramsToClient { get; private set; }

    public QuicConnection? ServerConnection => Server.Connections.Count > 0 ? Server.Connections[0] : null;

    public static X509Certificate2 CreateCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
    }

    /// <summary>Sends what both sides have, then advances the clock event by event until <paramref name="done"/> or <paramref name="timeLimit"/> (microseconds from now).</summary>
    public bool RunUntil(Func<bool> done, long timeLimit = 10_000_000, Action? step = null)
    {
        long end = Now + timeLimit;
        while (true)
        {
            step?.Invoke();
            Pump();
            if (done())
            {
                return true;
            }

            long next = long.MaxValue;
            if (_inFlight.TryPeek(out _, out var priority))
            {
                next = priority.Item1;
            }

            if (Client.NextDeadline is { } clientDeadline)
            {
                next = Math.Min(next, clientDeadline);
            }

            if (Server.NextDeadline is { } serverDeadline)
            {
                next = Math.Min(next, serverDeadline);
            }

            if (next == long.MaxValue || next > end)
            {
                Now = end;
                return done();
            }

            Now = Math.Max(Now, next);
            while (_inFlight.TryPeek(out var datagram, out priority) && priority.Item1 <= Now)
            {
                _inFlight.Dequeue();
                Deliver(datagram);
            }

            if (Client.NextDeadline is { } c && c <= Now)
            {
                Client.OnTimeout(Now);
            }

            if (Server.NextDeadline is { } s && s <= Now)
            {
                Server.OnTimeout(Now);
            }
        }
    }

    /// <summary>Moves the clock forward without running anything.</summary>
    public void Advance(long microseconds) => Now += microseconds;

    public void Pump()
    {
        for (int guard = 0; guard < 10_000; guard++)
        {
            bool any = false;
            int n = Client.Send(_buffer, Now, out _);
            if (n > 0)
            {
                any = true;
                Schedule(true, _buffer.AsSpan(0, n).ToArray());
            }

            n = Server.Send(_buffer, Now, out _);
            if (n > 0)
            {
                any = true;
                Schedule(false, _buffer.AsSpan(0, n).ToArray());
            }

            if (!any)
            {
                return;
            }
        }
    }

    /// <summary>Injects raw bytes to the server as if from the client.</summary>
    public void InjectToServer(byte[] datagram, IPEndPoint? from = null) =>
        _inFlight.Enqueue(new Datagram(true, datagram, from ?? ClientApparentAddress), (Now, _sequence++));

    /// <summary>Injects raw bytes to the client as if from the server.</summary>
    public void InjectToClient(byte[] datagram) => _inFlight.Enqueue(new Datagram(false, datagram, ServerAddress), (Now, _sequence++));

    private void Schedule(bool toServer, byte[] bytes)
    {
        if (toServer)
        {
            DatagramsToServer++;
        }
        else
        {
            DatagramsToClient++;
        }

        if (Blackout || (Filter is not null && Filter(toServer, bytes)))
        {
            return;
        }

        var impairment = toServer ? ToServer : ToClient;
        if (_random.NextDouble() < impairment.Loss)
        {
            return;
        }

        if (_random.NextDouble() < impairment.Corrupt)
        {
            bytes[_random.Next(bytes.Length)] ^= (byte)(1 << _random.Next(8));
        }

        long delay = impairment.Delay + (_random.NextDouble() < impairment.Reorder ? impairment.ReorderDelay : 0);
        var from = toServer ? ClientApparentAddress : ServerAddress;
        _inFlight.Enqueue(new Datagram(toServer, bytes, from), (Now + delay, _sequence++));
        if (_random.NextDouble() < impairment.Duplicate)
        {
            _inFlight.Enqueue(new Datagram(toServer, (byte[])bytes.Clone(), from), (Now + delay + 1000, _sequence++));
        }
    }

    private void Deliver(Datagram datagram)
    {
        if (datagram.ToServer)
        {
            OnServerDatagram?.Invoke(datagram.Bytes);
            Server.Receive(datagram.Bytes, new QuicReceiveInfo(datagram.From, ServerAddress), Now);
        }
        else
        {
            Client.Receive(datagram.Bytes, new QuicReceiveInfo(ServerAddress, ClientAddress), Now);
        }
    }

    private sealed record Datagram(bool ToServer, byte[] Bytes, IPEndPoint From);
}
