using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Roadrunner.Tests.TestSupport;

/// <summary>A plain socket for sending exact bytes and reading exact answers.</summary>
internal sealed class RawClient : IDisposable
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);
    private readonly Socket _socket;
    private readonly MemoryStream _pending = new();

    private RawClient(Socket socket) => _socket = socket;

    public Socket Socket => _socket;

    public static RawClient Connect(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.Connect(new IPEndPoint(IPAddress.Loopback, port));
        return new RawClient(socket);
    }

    public Task SendAsync(string text) => SendAsync(Encoding.Latin1.GetBytes(text));

    public async Task SendAsync(byte[] bytes) => await _socket.SendAsync(bytes, SocketFlags.None);

    /// <summary>Reads until the server closes the connection (or the timeout), returning everything.</summary>
    public async Task<string> ReadToEndAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        var buffer = new byte[8192];
        while (true)
        {
            int n;
            try
            {
                n = await _socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
            }
            catch (SocketException)
            {
                break;
            }

            if (n == 0) break;
            _pending.Write(buffer, 0, n);
        }

        var all = Encoding.Latin1.GetString(_pending.ToArray());
        _pending.SetLength(0);
        return all;
    }

    /// <summary>True when the server closed the connection (EOF or reset) within the timeout.</summary>
    public async Task<bool> WaitForCloseAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var n = await _socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
                if (n == 0) return true;
                _pending.Write(buffer, 0, n);
            }
        }
        catch (SocketException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Everything received but not yet returned by another read.</summary>
    public string Unread => Encoding.Latin1.GetString(_pending.ToArray());

    /// <summary>Reads one whole response (Content-Length, chunked, or no body for 1xx/204/304/HEAD).</summary>
    public async Task<RawResponse> ReadResponseAsync(bool head = false, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        var buffer = new byte[8192];
        while (true)
        {
            var data = _pending.ToArray();
            if (RawResponse.TryParse(data, head, out var response, out var consumed))
            {
                _pending.SetLength(0);
                _pending.Write(data, consumed, data.Length - consumed);
                return response!;
            }

            var n = await _socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
            if (n == 0) throw new IOException($"The server closed the connection before a whole response; got: {Encoding.Latin1.GetString(data)}");
            _pending.Write(buffer, 0, n);
        }
    }

    /// <summary>Reads up to the end of a response head and returns it (the rest stays unread).</summary>
    public async Task<string> ReadResponseHeadAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        var buffer = new byte[8192];
        while (true)
        {
            var text = Encoding.Latin1.GetString(_pending.ToArray());
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end >= 0)
            {
                var rest = _pending.ToArray()[(end + 4)..];
                _pending.SetLength(0);
                _pending.Write(rest);
                return text[..(end + 4)];
            }

            var n = await _socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
            if (n == 0) throw new IOException("The server closed the connection before a whole head.");
            _pending.Write(buffer, 0, n);
        }
    }

    /// <summary>Closes with a TCP reset (SO_LINGER 0).</summary>
    public void Reset()
    {
        _socket.LingerState = new LingerOption(true, 0);
        _socket.Close();
    }

    public void Dispose() => _socket.Dispose();
}
