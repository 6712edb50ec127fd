namespace Roadrunner.Http3.Fuzzing;

/// <summary>
/// Fuzz targets: drive a connection over arbitrary octets on each kind of stream and check properties that must hold
/// whatever the input. Wire octets never throw; an exception from here is a bug, raised on purpose when a property
/// breaks.
/// </summary>
internal static class Http3Fuzz
{
    /// <summary>Octets on a request stream of a server (then FIN), whole and one octet at a time: both end with the same code.</summary>
    public static void RequestStream(ReadOnlySpan<byte> data) => WholeAndSplit(Http3Role.Server, 0, [], data, fin: true);

    /// <summary>Octets on the client's control stream at a server, after the stream type.</summary>
    public static void ControlStream(ReadOnlySpan<byte> data) => WholeAndSplit(Http3Role.Server, 2, [0x00], data, fin: false);

    /// <summary>Octets on the client's QPACK encoder stream, after the stream type, then a request that may use them.</summary>
    public static void EncoderStream(ReadOnlySpan<byte> data) => WholeAndSplit(Http3Role.Server, 6, [0x02], data, fin: false);

    /// <summary>Octets on the client's QPACK decoder stream, after the stream type, once our encoder has sections outstanding.</summary>
    public static void DecoderStream(ReadOnlySpan<byte> data) => WholeAndSplit(Http3Role.Server, 10, [0x03], data, fin: false);

    /// <summary>Octets on a unidirectional stream whose type is part of the input.</summary>
    public static void UniStream(ReadOnlySpan<byte> data) => WholeAndSplit(Http3Role.Server, 14, [], data, fin: false);

    /// <summary>Octets on a response stream at a client (then FIN).</summary>
    public static void ResponseStream(ReadOnlySpan<byte> data) => WholeAndSplit(Http3Role.Client, 0, [], data, fin: true);

    private static void WholeAndSplit(Http3Role role, long streamId, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> data, bool fin)
    {
        using var whole = Connect(role);
        using var split = Connect(role);
        Feed(whole, streamId, prefix, false);
        Feed(split, streamId, prefix, false);

        var wholeError = Feed(whole, streamId, data, fin);
        var splitError = Http3Error.None;
        for (int i = 0; i < data.Length && splitError is { IsConnectionError: false }; i++)
        {
            var error = Feed(split, streamId, data.Slice(i, 1), fin && i == data.Length - 1);
            if (!error.IsNone) splitError = error;
        }
        if (data.IsEmpty) splitError = Feed(split, streamId, [], fin);

        // Frames split at any point are the same frames.
        Check(whole.CloseError.Code == split.CloseError.Code, "whole and split input close with different codes");

        // A closed connection refuses everything after with the same error.
        if (whole.IsClosed) Check(whole.Receive(0, [0x01, 0x00], fin: false) == whole.CloseError, "a closed connection took more input");

        // A request that may use what the streams carried: whatever happened, no exception.
        Feed(whole, 4, [0x01, 0x02, 0x00, 0x00], true);
    }

    private static Http3Connection Connect(Http3Role role)
    {
        var connection = new Http3Connection(role, new Http3Options { GreaseSeed = 7, MaxHeaderBlock = 512, MaxFieldSectionSize = 512, QpackMaxTableCapacity = 256, QpackBlockedStreams = 2, MaxBlockedStreamBuffer = 256 });
        connection.Start();
        long peerControl = role == Http3Role.Server ? 2 : 3;

        // The peer's control stream with SETTINGS allowing a small dynamic table.
        if (role == Http3Role.Server) connection.Receive(peerControl, [0x00, 0x04, 0x04, 0x01, 0x40, 0x80, 0x07], fin: false);
        else connection.Receive(peerControl, [0x00, 0x04, 0x00], fin: false);
        if (role == Http3Role.Client)
        {
            connection.SendRequest(0, "GET", "https", "example.com", "/", [], endStream: true);
            connection.SendRequest(4, "GET", "https", "example.com", "/", [], endStream: true);
        }
        Drain(connection);
        return connection;
    }

    private static Http3Error Feed(Http3Connection connection, long streamId, ReadOnlySpan<byte> data, bool fin)
    {
        var error = connection.Receive(streamId, data, fin);
        Drain(connection);
        return error;
    }

    private static void Drain(Http3Connection connection)
    {
        while (connection.TryReadEvent(out var e))
        {
            // Touch what events carry, as an application would.
            _ = e.Data.Length + e.Headers.Count + e.Headers.Method.Length;
            foreach (var field in e.Headers) _ = field.Name.Length;
            if (e.Kind == Http3EventKind.RequestHeadersReceived && connection.Role == Http3Role.Server)
            {
                connection.SendHeaders(e.StreamId, 200, [new Http3Header("x-fuzz"u8.ToArray(), "1"u8.ToArray())], endStream: true);
            }
        }
        while (connection.TryReadOutput(out var o)) _ = o.Data.Length;
    }

    private static void Check(bool condition, string property)
    {
        if (!condition) throw new InvalidOperationException("HTTP/3 fuzz property broken: " + property);
    }
}
