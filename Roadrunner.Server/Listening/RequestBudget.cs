using System.Net;
using System.Net.Sockets;

namespace Roadrunner.Server.Listening;

/// <summary>
/// The listener's HTTP/2 and HTTP/3 requests in flight, and who holds them: at most
/// <see cref="ListenerOptions.MaxConcurrentRequests"/> in all, and at most <see cref="ListenerOptions.PeerRequestShare"/>
/// of them from one client address, so that one peer stalling requests over many connections cannot refuse everyone
/// else's (each connection's own stream limit is in <see cref="ConnectionRequests"/>). Taking and giving back a place
/// is lock-free and allocates nothing; only a connection's first request and its end touch the table of addresses,
/// under a short lock.
/// </summary>
internal sealed class RequestBudget
{
    private readonly Lock _lock = new();
    private readonly Dictionary<UInt128, PeerRequests> _peers = [];
    private int _inFlight;

    public RequestBudget(int max, double peerShare)
    {
        Max = max;
        PeerMax = Math.Max(1, (int)(max * peerShare));
    }

    /// <summary>Requests in flight across the listener at most.</summary>
    public int Max { get; }

    /// <summary>Requests in flight from one client address at most.</summary>
    public int PeerMax { get; }

    /// <summary>Requests in flight now.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Addresses in the table now (those with a connection or a request).</summary>
    public int PeerCount
    {
        get
        {
            lock (_lock) return _peers.Count;
        }
    }

    /// <summary>The counter of <paramref name="address"/>'s requests, held by one more connection until <see cref="Leave"/>.</summary>
    public PeerRequests Join(IPAddress? address)
    {
        var key = KeyOf(address);
        lock (_lock)
        {
            if (!_peers.TryGetValue(key, out var peer))
            {
                peer = new PeerRequests(key);
                _peers.Add(key, peer);
            }

            Interlocked.Increment(ref peer.Connections);
            return peer;
        }
    }

    /// <summary>A connection that joined has ended; its requests still running keep the counter until they exit.</summary>
    public void Leave(PeerRequests peer)
    {
        lock (_lock)
        {
            // Interlocked (a full fence) before reading InFlight, so that this and the last Exit cannot both miss the other.
            Interlocked.Decrement(ref peer.Connections);
            ForgetIfUnused(peer);
        }
    }

    /// <summary>Takes a place for a request of <paramref name="peer"/>; the bound that refused it, or <see cref="RequestRefusal.None"/>.</summary>
    public RequestRefusal TryEnter(PeerRequests peer)
    {
        if (Interlocked.Increment(ref peer.InFlight) > PeerMax)
        {
            Interlocked.Decrement(ref peer.InFlight);
            return RequestRefusal.Peer;
        }

        if (Interlocked.Increment(ref _inFlight) > Max)
        {
            Interlocked.Decrement(ref _inFlight);
            Interlocked.Decrement(ref peer.InFlight);
            return RequestRefusal.Listener;
        }

        return RequestRefusal.None;
    }

    /// <summary>Takes a place regardless of the bounds (a request already promised an answer).</summary>
    public void Enter(PeerRequests peer)
    {
        Interlocked.Increment(ref peer.InFlight);
        Interlocked.Increment(ref _inFlight);
    }

    /// <summary>Gives a place back.</summary>
    public void Exit(PeerRequests peer)
    {
        Interlocked.Decrement(ref _inFlight);
        if (Interlocked.Decrement(ref peer.InFlight) == 0 && Volatile.Read(ref peer.Connections) == 0)
        {
            lock (_lock) ForgetIfUnused(peer);
        }
    }

    /// <summary>Drops <paramref name="peer"/> from the table once no connection and no request holds it. Holds the lock.</summary>
    private void ForgetIfUnused(PeerRequests peer)
    {
        if (Volatile.Read(ref peer.Connections) == 0 && Volatile.Read(ref peer.InFlight) == 0
            && _peers.TryGetValue(peer.Key, out var current) && ReferenceEquals(current, peer))
        {
            _peers.Remove(peer.Key);
        }
    }

    /// <summary>
    /// The key an address counts under: an IPv4 address (also when mapped into IPv6) by itself, an IPv6 address by
    /// its /64 prefix, the block a single subscriber is usually given (RFC 6177 §3), so one client cannot take more
    /// shares by walking its own addresses. An unknown address has a key of its own.
    /// </summary>
    internal static UInt128 KeyOf(IPAddress? address)
    {
        if (address is null) return UInt128.MaxValue;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var written)) return UInt128.MaxValue;
        if (address.AddressFamily == AddressFamily.InterNetwork && written == 4)
            return new UInt128(0, 0xFFFF_0000_0000UL | System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes));

        // The /64 prefix in the upper half; the lower half zero, which no IPv4 key has (their upper half is zero).
        return new UInt128(System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes), 0);
    }
}
