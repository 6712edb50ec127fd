using System.Security.Cryptography;
using Roadrunner.Quic.Connections;
using Shouldly;

namespace Roadrunner.Tests.Quic.Network;

/// <summary>Drives stream transfers over an <see cref="InMemoryNetwork"/>.</summary>
internal static class NetworkTestHelpers
{
    public static void CompleteHandshake(InMemoryNetwork network, long timeLimit = 5_000_000)
    {
        network.RunUntil(() => network.Client.IsHandshakeConfirmed && network.ServerConnection is { IsHandshakeComplete: true }, timeLimit)
            .ShouldBeTrue("the handshake should complete");
    }

    /// <summary>A sender that writes <paramref name="data"/> on a stream as room allows, and a reader that drains the peer's stream.</summary>
    public sealed class Transfer
    {
        private readonly QuicConnection _sender;
        private readonly ulong _streamId;
        private readonly byte[] _data;
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private readonly byte[] _readBuffer = new byte[65536];
        private int _written;
        private bool _finSent;

        public Transfer(QuicConnection sender, ulong streamId, byte[] data)
        {
            _sender = sender;
            _streamId = streamId;
            _data = data;
        }

        public long Received { get; private set; }

        public bool Finished { get; private set; }

        public byte[] Hash => _hash.GetCurrentHash();

        public void Step(QuicConnection? receiver)
        {
            if (!_finSent)
            {
                _written += _sender.Write(_streamId, _data.AsSpan(_written), fin: false);
                if (_written == _data.Length)
                {
                    _sender.Write(_streamId, [], fin: true);
                    _finSent = true;
                }
            }

            if (receiver is null)
            {
                return;
            }

            while (true)
            {
                int n = receiver.Read(_streamId, _readBuffer, out bool fin);
                if (n > 0)
                {
                    _hash.AppendData(_readBuffer, 0, n);
                    Received += n;
                }

                if (fin)
                {
                    Finished = true;
                }

                if (n == 0)
                {
                    break;
                }
            }
        }
    }

    public static List<QuicConnectionEvent> Drain(QuicConnection connection)
    {
        var events = new List<QuicConnectionEvent>();
        while (connection.TryReadEvent(out var e))
        {
            events.Add(e);
        }

        return events;
    }
}
