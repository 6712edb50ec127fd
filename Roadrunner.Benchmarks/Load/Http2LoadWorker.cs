using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Roadrunner.Http2;

namespace Roadrunner.Benchmarks.Load;

/// <summary>
/// One h2c connection (prior knowledge) of the open-loop generator, speaking through our own client-role codec:
/// requests leave when due, many in flight at once (up to the server's SETTINGS_MAX_CONCURRENT_STREAMS; past it
/// they queue, and the queueing counts in their latency), each timed from its due time to its END_STREAM.
/// </summary>
internal sealed class Http2LoadWorker : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
    private readonly Lock _sync = new();
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly ArrayBufferWriter<byte> _out = new(16 * 1024);
    private readonly Dictionary<int, long> _dueByStream = [];
    private readonly Queue<long> _waiting = new();
    private readonly string _authority;
    private readonly string _path;
    private Http2Connection _connection = null!;
    private long _measureFrom;
    private bool _broken;

    public Http2LoadWorker(Uri url)
    {
        _authority = url.Authority;
        _path = url.PathAndQuery;
    }

    public LatencyHistogram Histogram { get; } = new();

    public long Errors { get; private set; }

    public async Task ConnectAsync(Uri url)
    {
        await _socket.ConnectAsync(new IPEndPoint(IPAddress.Parse(url.Host), url.Port));
        _connection = new Http2Connection(Http2Role.Client, Http2Options.Default with { InitialConnectionWindow = 16 << 20, InitialStreamWindow = 1 << 20 }, Stopwatch.GetTimestamp());
        await FlushAsync();
    }

    public async Task RunAsync(long first, long interval, long measureFrom, long end)
    {
        _measureFrom = measureFrom;
        var reader = ReadLoopAsync();
        var frequency = Stopwatch.Frequency;
        for (var due = first; due < end && !_broken; due += interval)
        {
            var wait = due - Stopwatch.GetTimestamp();
            if (wait > frequency / 1000) await Task.Delay(TimeSpan.FromSeconds((double)wait / frequency));
            lock (_sync)
            {
                if (!TrySend(due)) _waiting.Enqueue(due);
            }

            await FlushAsync();
        }

        // Let what is in flight finish (bounded), then close.
        var deadline = Stopwatch.GetTimestamp() + (frequency * 5);
        while (Stopwatch.GetTimestamp() < deadline && !_broken)
        {
            lock (_sync)
            {
                if (_dueByStream.Count == 0 && _waiting.Count == 0) break;
            }

            await Task.Delay(5);
        }

        _socket.Dispose();
        await reader;
    }

    /// <summary>Opens a stream for a request due at <paramref name="due"/> if the server allows one more. Holds <see cref="_sync"/>.</summary>
    private bool TrySend(long due)
    {
        if (_connection.IsClosed || _connection.ActiveStreamCount >= _connection.PeerSettings.MaxConcurrentStreams) return false;
        var id = _connection.SendRequest("GET", "http", _authority, _path, [], endStream: true);
        _dueByStream[id] = due;
        return true;
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var n = await _socket.ReceiveAsync(buffer);
                if (n == 0) break;
                lock (_sync)
                {
                    if (!_connection.Receive(buffer.AsSpan(0, n), Stopwatch.GetTimestamp())) _broken = true;
                    while (_connection.TryReadEvent(out var e)) OnEvent(e);
                    while (_waiting.Count > 0 && TrySend(_waiting.Peek())) _waiting.Dequeue();
                }

                await FlushAsync();
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }

        lock (_sync)
        {
            _broken = true;
        }
    }

    private void OnEvent(in Http2Event e)
    {
        switch (e.Kind)
        {
            case Http2EventKind.ResponseHeadersReceived when e.EndStream:
            case Http2EventKind.TrailersReceived:
                Complete(e.StreamId, ok: e.Kind == Http2EventKind.TrailersReceived || e.Headers.Status is >= 200 and < 300);
                break;
            case Http2EventKind.ResponseHeadersReceived when e.Headers.Status is < 200 or >= 300:
                Errors++;
                break;
            case Http2EventKind.DataReceived:
                _connection.ConsumeData(e.StreamId, e.Data.Length);
                if (e.EndStream) Complete(e.StreamId, ok: true);
                break;
            case Http2EventKind.StreamReset:
            case Http2EventKind.StreamError:
                _dueByStream.Remove(e.StreamId);
                Errors++;
                break;
            case Http2EventKind.ConnectionClosed:
            case Http2EventKind.GoAwayReceived:
                _broken = true;
                break;
        }
    }

    private void Complete(int streamId, bool ok)
    {
        if (!_dueByStream.Remove(streamId, out var due)) return;
        if (!ok) Errors++;
        else if (due >= _measureFrom) Histogram.Record((Stopwatch.GetTimestamp() - due) * 1_000_000 / Stopwatch.Frequency);
    }

    private async Task FlushAsync()
    {
        await _writeGate.WaitAsync();
        try
        {
            lock (_sync)
            {
                _out.ResetWrittenCount();
                _connection.WritePending(_out);
            }

            if (_out.WrittenCount > 0) await _socket.SendAsync(_out.WrittenMemory);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            _broken = true;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public void Dispose()
    {
        _socket.Dispose();
        _writeGate.Dispose();
        _connection?.Dispose();
    }
}
