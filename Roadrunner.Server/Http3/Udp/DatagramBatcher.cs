using System.Net;
using System.Net.Sockets;

namespace Roadrunner.Server.Http3.Udp;

/// <summary>
/// Gathers a burst of QUIC datagrams for the same peer into one send with UDP generic segmentation offload (Linux
/// <c>UDP_SEGMENT</c>): the kernel cuts one large buffer into datagrams of the segment size, so a burst of k full
/// datagrams costs one system call and one pass down the stack instead of k. Where the platform has no GSO it sends
/// each datagram on its own.
/// </summary>
/// <remarks>
/// <para>
/// The caller writes each datagram straight into <see cref="NextDatagram"/> and hands its length and peer to
/// <see cref="Commit"/>; the datagrams of a batch lie end to end in one buffer, so nothing is copied except the rare
/// datagram that opens a new batch after the previous one was sent. Batching rules, in the kernel's terms (a GSO send
/// is any number of segments of one size followed by at most one shorter one):
/// </para>
/// <list type="bullet">
/// <item>the first datagram of a batch sets its segment size;</item>
/// <item>a datagram for the same peer, no longer than the segment size, joins the batch; a shorter one ends it (it
/// can only go last) and the batch is sent;</item>
/// <item>a datagram for another peer or longer than the segment size sends the batch first and opens a new one;</item>
/// <item>a batch is sent at <see cref="MaxSegments"/> datagrams, before it would pass <see cref="MaxBatchBytes"/>,
/// and at the end of a burst (<see cref="Flush"/>).</item>
/// </list>
/// <para>
/// A send that fails with EINVAL, EMSGSIZE or EIO while segmentation is on (a device, a tunnel or a namespace that
/// cannot offload UDP checksums, a route whose MTU is below the segment) turns batching off for good: the segment size
/// goes back to 0 and the batch is sent again one datagram at a time. Other failures (a full socket buffer, an
/// unreachable peer) drop the batch; QUIC loss recovery resends what matters.
/// </para>
/// <para>Not thread-safe: the HTTP/3 listener calls it under its one lock. Allocates nothing after construction.</para>
/// </remarks>
internal sealed class DatagramBatcher
{
    /// <summary>Most datagrams in one send: the kernel's <c>UDP_MAX_SEGMENTS</c> (64 before Linux 6.11, 128 since).</summary>
    public const int MaxSegments = 64;

    /// <summary>
    /// Most bytes in one send: the largest UDP payload over IPv4 (65,535 less the 20-byte IP and 8-byte UDP headers);
    /// a longer send fails with EMSGSIZE.
    /// </summary>
    public const int MaxBatchBytes = 65507;

    /// <summary>The segment size announced at start, the QUIC datagram size without path MTU discovery (RFC 9000 §14).</summary>
    public const int InitialSegmentSize = 1200;

    private readonly IDatagramSink _sink;
    private readonly byte[] _buffer;
    private readonly int _slot;
    private bool _gso;
    private int _socketSegment;
    private SocketAddress? _remote;
    private int _segment;
    private int _length;
    private int _count;

    /// <summary>Batches datagrams of at most <paramref name="maxDatagram"/> bytes into <paramref name="sink"/>.</summary>
    /// <param name="sink">Where batches go.</param>
    /// <param name="maxDatagram">The longest datagram the caller writes into <see cref="NextDatagram"/>.</param>
    /// <param name="segmentation">Whether to try GSO at all; false sends each datagram on its own.</param>
    public DatagramBatcher(IDatagramSink sink, int maxDatagram, bool segmentation)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDatagram, InitialSegmentSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxDatagram, MaxBatchBytes);
        _sink = sink;
        _slot = maxDatagram;
        // Detection at start: the option is refused (ENOPROTOOPT, EINVAL) before Linux 4.18 and off Linux.
        _gso = segmentation && sink.TrySetSegmentSize(InitialSegmentSize);
        _socketSegment = _gso ? InitialSegmentSize : 0;
        _buffer = GC.AllocateUninitializedArray<byte>((_gso ? MaxBatchBytes : 0) + maxDatagram, pinned: true);
    }

    /// <summary>Whether sends are batched: GSO was accepted at start and no send has failed because of it since.</summary>
    public bool Segmenting => _gso;

    /// <summary>System calls made to send (one per batch, one per datagram without GSO).</summary>
    public long Sends { get; private set; }

    /// <summary>Datagrams handed to <see cref="Commit"/>.</summary>
    public long Datagrams { get; private set; }

    /// <summary>Where the caller writes the next datagram: at the end of the batch being gathered.</summary>
    public Span<byte> NextDatagram => _buffer.AsSpan(_length, _slot);

    /// <summary>Takes the <paramref name="length"/> bytes just written into <see cref="NextDatagram"/>, bound for <paramref name="remote"/>.</summary>
    /// <param name="length">The datagram's length, 1 to the size given at construction.</param>
    /// <param name="remote">The peer; the same instance for the same peer (batches compare by reference).</param>
    public void Commit(int length, SocketAddress remote)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, _slot);
        Datagrams++;
        if (_gso && _count > 0 && (!ReferenceEquals(remote, _remote) || length > _segment || _length + length > MaxBatchBytes))
        {
            // The datagram cannot join: send the batch and move the datagram to the front to open the next one.
            int at = _length;
            Flush();
            _buffer.AsSpan(at, length).CopyTo(_buffer);
        }

        if (!_gso)
        {
            // Without GSO (from the start, or since a failure in the Flush above) the datagram sits at offset 0.
            SendOne(_buffer.AsSpan(0, length), remote);
            return;
        }

        if (_count == 0)
        {
            _remote = remote;
            _segment = length;
        }

        _length += length;
        _count++;
        if (length < _segment || _count == MaxSegments) Flush();
    }

    /// <summary>Sends the batch being gathered, if any: the end of a burst.</summary>
    public void Flush()
    {
        if (_count == 0) return;
        var payload = _buffer.AsSpan(0, _length);
        var remote = _remote!;
        int segment = _segment;
        int count = _count;
        _length = 0;
        _count = 0;
        _remote = null;

        // The socket's segment size must equal the batch's when there are several datagrams, and must not be below a
        // lone datagram's length (the kernel would cut it). QUIC's datagrams are nearly all one size, so this rarely
        // costs a call.
        int wanted = count > 1 ? segment : Math.Max(_socketSegment, payload.Length);
        if (wanted != _socketSegment)
        {
            if (_sink.TrySetSegmentSize(wanted))
            {
                _socketSegment = wanted;
            }
            else
            {
                FallBack();
                SendApart(payload, segment, remote);
                return;
            }
        }

        try
        {
            Sends++;
            _sink.Send(payload, remote);
        }
        catch (SocketException ex) when (IsSegmentationFailure(ex))
        {
            FallBack();
            SendApart(payload, segment, remote);
        }
        catch (SocketException)
        {
            // A full socket buffer or an unreachable peer: QUIC loss recovery resends what matters.
        }
    }

    /// <summary>
    /// Whether a failed send is the kernel refusing segmentation rather than a passing condition: EINVAL (the segment
    /// does not fit the route's MTU, too many segments), EMSGSIZE, or EIO (no checksum offload on the device), which has
    /// no <see cref="SocketError"/> of its own.
    /// </summary>
    private static bool IsSegmentationFailure(SocketException ex) =>
        ex.SocketErrorCode is SocketError.InvalidArgument or SocketError.MessageSize or SocketError.SocketError;

    private void FallBack()
    {
        _gso = false;
        _sink.TrySetSegmentSize(0);
        _socketSegment = 0;
    }

    /// <summary>Sends a batch's datagrams one by one, after segmentation was turned off.</summary>
    private void SendApart(ReadOnlySpan<byte> payload, int segment, SocketAddress remote)
    {
        while (payload.Length > 0)
        {
            int n = Math.Min(segment, payload.Length);
            SendOne(payload[..n], remote);
            payload = payload[n..];
        }
    }

    private void SendOne(ReadOnlySpan<byte> datagram, SocketAddress remote)
    {
        try
        {
            Sends++;
            _sink.Send(datagram, remote);
        }
        catch (SocketException)
        {
            // As in Flush: loss recovery covers a dropped datagram.
        }
    }
}
