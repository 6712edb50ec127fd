namespace Roadrunner.Quic.Tls;

/// <summary>
/// The CRYPTO stream bytes of one encryption level that are not yet a whole handshake message (RFC 9001 §4.1.3:
/// messages may be split across CRYPTO frames, and several may share one).
/// </summary>
internal sealed class TlsMessageBuffer
{
    private byte[] _data = [];
    private int _start;
    private int _end;

    /// <summary>The bytes received and not consumed.</summary>
    public ReadOnlySpan<byte> Pending => _data.AsSpan(_start, _end - _start);

    /// <summary>Appends stream bytes after those pending.</summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        int pending = _end - _start;
        if (_end + data.Length > _data.Length)
        {
            if (pending + data.Length <= _data.Length)
            {
                _data.AsSpan(_start, pending).CopyTo(_data);
            }
            else
            {
                var grown = new byte[Math.Max(_data.Length * 2, pending + data.Length)];
                _data.AsSpan(_start, pending).CopyTo(grown);
                _data = grown;
            }

            _start = 0;
            _end = pending;
        }

        data.CopyTo(_data.AsSpan(_end));
        _end += data.Length;
    }

    /// <summary>Drops <paramref name="count"/> bytes from the front.</summary>
    public void Consume(int count)
    {
        _start += count;
        if (_start == _end)
        {
            _start = 0;
            _end = 0;
        }
    }
}
