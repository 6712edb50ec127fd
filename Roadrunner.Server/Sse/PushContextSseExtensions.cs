using Roadrunner.Server.Buffers;
using Roadrunner.Server.Responses;

namespace Roadrunner.Server.Sse;

/// <summary>Writing server-sent events to an open push response.</summary>
public static class PushContextSseExtensions
{
    /// <summary>Formats <paramref name="sseEvent"/> (<see cref="SseWriter.Format"/>) and sends it in one write.</summary>
    /// <exception cref="ArgumentException"><c>event</c> or <c>id</c> holds CR, LF or NUL, or <c>retry</c> is negative: nothing is sent.</exception>
    public static ValueTask SendEventAsync(this PushContext context, SseEvent sseEvent)
    {
        ArgumentNullException.ThrowIfNull(context);
        var buffer = new PooledBufferWriter(256);
        try
        {
            SseWriter.Format(buffer, sseEvent);
        }
        catch
        {
            buffer.Dispose();
            throw;
        }

        return SendAsync(context, buffer);
    }

    /// <summary>Sends <paramref name="comment"/> as comment lines (<c>: text</c>), which clients ignore.</summary>
    public static ValueTask SendCommentAsync(this PushContext context, string comment)
    {
        ArgumentNullException.ThrowIfNull(context);
        var buffer = new PooledBufferWriter(64);
        SseWriter.FormatComment(buffer, comment);
        return SendAsync(context, buffer);
    }

    private static async ValueTask SendAsync(PushContext context, PooledBufferWriter buffer)
    {
        using (buffer)
        {
            await context.WriteAsync(buffer.WrittenMemory);
        }
    }
}
