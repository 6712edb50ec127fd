using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Roadrunner.Quic.Connections;
using Roadrunner.Quic.Endpoints;

namespace Roadrunner.Tests.Quic.Interop;

/// <summary>
/// A minimal UDP host for a <see cref="QuicServerEndpoint"/> on 127.0.0.1 with an ephemeral port: one thread that
/// receives with a short poll, feeds the endpoint, sends what it produces and runs its timers against a
/// <see cref="Stopwatch"/> clock. For interoperability tests only; it stops when disposed.
/// </summary>
internal sealed class UdpEndpointHost : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly QuicServerEndpoint _endpoint;
    private readonly Thread _thread;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Action<QuicServerEndpoint, QuicConnectionEvent>? _onEvent;
    private volatile bool _stop;

    public UdpEndpointHost(QuicServerEndpoint endpoint, Action<QuicServerEndpoint, QuicConnectionEvent>? onEvent = null)
    {
        _endpoint = endpoint;
        _onEvent = onEvent;
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Port = ((IPEndPoint)_socket.LocalEndPoint!).Port;
        _thread = new Thread(Run) { IsBackground = true, Name = "quic-udp-host" };
        _thread.Start();
    }

    public int Port { get; }

    public List<QuicConnectionEvent> Events { get; } = [];

    private long Now => _clock.ElapsedTicks * 1_000_000 / Stopwatch.Frequency;

    private void Run()
    {
        var receive = new byte[65536];
        var send = new byte[1500];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        var local = new IPEndPoint(IPAddress.Loopback, Port);
        while (!_stop)
        {
            if (_socket.Poll(2_000, SelectMode.SelectRead))
            {
                int n = _socket.ReceiveFrom(receive, ref any);
                _endpoint.Receive(receive.AsSpan(0, n), new QuicReceiveInfo((IPEndPoint)any, local), Now);
                any = new IPEndPoint(IPAddress.Any, 0);
            }

            if (_endpoint.NextDeadline is { } deadline && deadline <= Now)
            {
                _endpoint.OnTimeout(Now);
            }

            int written;
            while ((written = _endpoint.Send(send, Now, out var info)) > 0)
            {
                _socket.SendTo(send.AsSpan(0, written), info.Remote);
            }

            foreach (var connection in _endpoint.Connections)
            {
                while (connection.TryReadEvent(out var e))
                {
                    lock (Events)
                    {
                        Events.Add(e);
                    }

                    _onEvent?.Invoke(_endpoint, e);
                }
            }
        }
    }

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
        _socket.Dispose();
        _endpoint.Dispose();
    }
}
