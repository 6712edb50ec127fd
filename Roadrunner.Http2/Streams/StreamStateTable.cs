namespace Roadrunner.Http2.Streams;

/// <summary>
/// RFC 9113 §5.1, Figure 2, as a table: <c>(state, transition) → state</c>. A missing entry is a transition the RFC
/// does not allow from that state. The reserved states are left out: server push is never enabled.
/// <code>
///                          +--------+
///                  send H  |        |  recv H
///                 ,--------+  idle  +--------.
///                /         |        |         \
///               v          +--------+          v
///        +----------+          |           +----------+
///        |          |          | send H /  |          |
/// ,------+ reserved |          | recv H    | reserved +------.
/// |      | (local)  |          |           | (remote) |      |
/// |      +---+------+          v           +------+---+      |
/// |          |             +--------+             |          |
/// |          |     recv ES |        | send ES     |          |
/// |   send H |     ,-------+  open  +-------.     | recv H   |
/// |          |    /        |        |        \    |          |
/// |          v   v         +---+----+         v   v          |
/// |      +----------+          |           +----------+      |
/// |      |   half-  |          |           |   half-  |      |
/// |      |  closed  |          | send R /  |  closed  |      |
/// |      | (remote) |          | recv R    | (local)  |      |
/// |      +----+-----+          |           +-----+----+      |
/// |           |                |                 |           |
/// |           | send ES /      |       recv ES / |           |
/// |           |  send R /      v        send R / |           |
/// |           |  recv R    +--------+   recv R   |           |
/// | send R /  `-----------&gt;|        |&lt;-----------'  send R / |
/// | recv R                 | closed |               recv R   |
/// `-----------------------&gt;|        |&lt;-----------------------'
///                          +--------+
/// </code>
/// </summary>
internal static class StreamStateTable
{
    private const Http2StreamState None = (Http2StreamState)(-1);

    private static readonly Http2StreamState[,] Next = Build();

    /// <summary>The state after <paramref name="transition"/>, or false when the RFC does not allow it from <paramref name="state"/>.</summary>
    public static bool TryNext(Http2StreamState state, StreamTransition transition, out Http2StreamState next)
    {
        next = Next[(int)state, (int)transition];
        return next != None;
    }

    private static Http2StreamState[,] Build()
    {
        const Http2StreamState Idle = Http2StreamState.Idle;
        const Http2StreamState Open = Http2StreamState.Open;
        const Http2StreamState Local = Http2StreamState.HalfClosedLocal;
        const Http2StreamState Remote = Http2StreamState.HalfClosedRemote;
        const Http2StreamState Closed = Http2StreamState.Closed;

        var table = new Http2StreamState[7, 6];
        for (int s = 0; s < 7; s++)
        {
            for (int t = 0; t < 6; t++) table[s, t] = None;
        }

        void Row(Http2StreamState state, Http2StreamState sendH, Http2StreamState sendEs, Http2StreamState sendR, Http2StreamState recvH, Http2StreamState recvEs, Http2StreamState recvR)
        {
            table[(int)state, (int)StreamTransition.SendHeaders] = sendH;
            table[(int)state, (int)StreamTransition.SendEndStream] = sendEs;
            table[(int)state, (int)StreamTransition.SendReset] = sendR;
            table[(int)state, (int)StreamTransition.ReceiveHeaders] = recvH;
            table[(int)state, (int)StreamTransition.ReceiveEndStream] = recvEs;
            table[(int)state, (int)StreamTransition.ReceiveReset] = recvR;
        }

        // | state                | send H  | send ES | send R | recv H  | recv ES | recv R |
        // |----------------------|---------|---------|--------|---------|---------|--------|
        // | idle                 | open    | -       | -      | open    | -       | -      |
        // | open                 | open    | local   | closed | open    | remote  | closed |
        // | half-closed (local)  | -       | -       | closed | local   | closed  | closed |
        // | half-closed (remote) | remote  | closed  | closed | -       | -       | closed |
        // | closed               | -       | -       | -      | -       | -       | -      |
        Row(Idle, Open, None, None, Open, None, None);
        Row(Open, Open, Local, Closed, Open, Remote, Closed);
        Row(Local, None, None, Closed, Local, Closed, Closed);
        Row(Remote, Remote, Closed, Closed, None, None, Closed);
        return table;
    }
}
