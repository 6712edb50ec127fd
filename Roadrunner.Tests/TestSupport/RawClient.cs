using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Roadrunner.Tests.TestSupport;

/// <summary>A plain (or TLS) socket for sending exact bytes and reading exact answers.</summary>
internal sealed class RawClient : IDisposable
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);
    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly MemoryStream _pending = new();

    private RawClient(Socket socket, Stream stream)
    {
        _socket = socket;
        _stream = stream;
    }

    public Socket Socket => _socket;

    /// <summary>The stream the client reads and writes (a <see cref="SslStream"/> for TLS clients).</summary>
    public Stream Stream => _stream;

    /// <summary>The local port of the client's socket (what the server sees as the peer port).</summary>
    public int LocalPort => ((IPEndPoint)_socket.LocalEndPoint!).Port;

    public static RawClient Connect(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.Connect(new IPEndPoint(IPAddress.Loopback, port));
        return new RawClient(socket, new NetworkStream(socket, ownsSocket: false));
    }

    /// <summary>Connects and completes a TLS handshake; any certificate is accepted unless <paramref name="options"/> says otherwise.</summary>
    public static async Task<RawClient> ConnectTlsAsync(int port, SslClientAuthenticationOptions? options = null)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
        var ssl = new SslStream(new NetworkStream(socket, ownsSocket: false), leaveInnerStreamOpen: false);
        options ??= new SslClientAuthenticationOptions();
        options.TargetHost ??= "localhost";
        options.RemoteCertificateValidationCallback ??= static (_, _, _, _) => true;
        try
        {
            using var cts = new CancellationTokenSource(DefaultTimeout);
            await ssl.AuthenticateAsClientAsync(options, cts.Token);
        }
        catch
        {
            await ssl.DisposeAsync();
            socket.Dispose();
            throw;
        }

        return new RawClient(socket, ssl);
    }

    public Task SendAsync(string text) => SendAsync(Encoding.Latin1.GetBytes(text));

    public async Task SendAsync(byte[] bytes)
    {
        await _stream.WriteAsync(bytes);
        await _stream.FlushAsync();
    }

    /// <summary>Reads until the server closes the connection (or the timeout), returning everything.</summary>
    public async Task<string> ReadToEndAsync(TimeSpan? timeout = null) => (await ReadUntilCloseAsync(timeout)).Text;

    /// <summary>
    /// Reads until the server closes the connection or the timeout passes; returns everything received and
    /// whether the connection was closed (EOF or reset) rather than timed out.
    /// </summary>
    public async Task<(string Text, bool Closed)> ReadUntilCloseAsync(TimeSpan? timeout = null)
    {
        var closed = await WaitForCloseAsync(timeout);
        var all = Encoding.Latin1.GetString(_pending.ToArray());
        _pending.SetLength(0);
        return (all, closed);
    }

    /// <summary>True when the server closed the connection (EOF or reset) within the timeout.</summary>
    public async Task<bool> WaitForCloseAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        var buffer = new byte[8192];
        try
        {
            while (true)
            {
                var n = await _stream.ReadAsync(buffer, cts.Token);
                if (n == 0) return true;
                _pending.Write(buffer, 0, n);
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException)
        {
            return true;
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

            var n = await _stream.ReadAsync(buffer, cts.Token);
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

            var n = await _stream.ReadAsync(buffer, cts.Token);
            if (n == 0) throw new IOException("The server closed the connection before a whole head.");
            _pending.Write(buffer, 0, n);
        }
    }

    /// <summary>Reads until <paramref name="marker"/> has arrived (searching everything unread); returns the unread text up to and including it.</summary>
    public async Task<string> ReadUntilAsync(string marker, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        var buffer = new byte[8192];
        while (true)
        {
            var data = _pending.ToArray();
            var text = Encoding.Latin1.GetString(data);
            var at = text.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0)
            {
                var end = at + marker.Length;
                _pending.SetLength(0);
                _pending.Write(data, end, data.Length - end);
                return text[..end];
            }

            var n = await _stream.ReadAsync(buffer, cts.Token);
            if (n == 0) throw new IOException($"The server closed the connection before '{marker}'; got: {text}");
            _pending.Write(buffer, 0, n);
        }
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes (unread ones first).</summary>
    public async Task<byte[]> ReadExactlyAsync(int count, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        var buffer = new byte[8192];
        while (_pending.Length < count)
        {
            var n = await _stream.ReadAsync(buffer, cts.Token);
            if (n == 0) throw new IOException($"The server closed the connection after {_pending.Length} of {count} bytes.");
            _pending.Write(buffer, 0, n);
        }

        var data = _pending.ToArray();
        _pending.SetLength(0);
        _pending.Write(data, count, data.Length - count);
        return data[..count];
    }

    /// <summary>Closes with a TCP reset (SO_LINGER 0).</summary>
    public void Reset()
    {
        _socket.LingerState = new LingerOption(true, 0);
        _socket.Close();
    }

    public void Dispose()
    {
        _stream.Dispose();
        _socket.Dispose();
    }
}
