using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Roadrunner.Server.Responses;

namespace Roadrunner.Server.Files;

/// <summary>
/// A 206 answer to a request for several ranges: a <c>multipart/byteranges</c> body (RFC 9110 §14.6), one part
/// per range with its own <c>Content-Type</c> and <c>Content-Range</c>, written as a stream response that reads
/// the file through one pooled buffer.
/// </summary>
/// <remarks>
/// <code>
/// --BOUNDARY CRLF
/// Content-Type: text/plain CRLF
/// Content-Range: bytes 0-9/100 CRLF
/// CRLF
/// (10 bytes) CRLF
/// --BOUNDARY CRLF ... (10 bytes) CRLF
/// --BOUNDARY-- CRLF
/// </code>
/// </remarks>
internal static class ByteRangesBody
{
    private const int BufferSize = 64 * 1024;

    /// <summary>A stream response with the parts for <paramref name="ranges"/> of the file at <paramref name="path"/>.</summary>
    public static StreamResponse Create(string path, string contentType, long size, ByteRange[] ranges)
    {
        // 24 random hex digits: no byte sequence in the file can be taken for a delimiter by chance.
        var boundary = "rr" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var heads = new byte[ranges.Length][];
        for (var i = 0; i < ranges.Length; i++)
        {
            heads[i] = Encoding.ASCII.GetBytes(
                $"{(i == 0 ? "" : "\r\n")}--{boundary}\r\nContent-Type: {contentType}\r\nContent-Range: {ContentRange.Format(ranges[i], size)}\r\n\r\n");
        }

        var tail = Encoding.ASCII.GetBytes($"\r\n--{boundary}--\r\n");
        return Response.Stream(206, "multipart/byteranges; boundary=" + boundary, stream => WriteAsync(stream, path, ranges, heads, tail));
    }

    private static async ValueTask WriteAsync(ResponseStream stream, string path, ByteRange[] ranges, byte[][] heads, byte[] tail)
    {
        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.Asynchronous);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            var used = 0;
            for (var i = 0; i < ranges.Length; i++)
            {
                used = await AppendAsync(stream, buffer, used, heads[i]);
                var offset = ranges[i].Start;
                var left = ranges[i].Length;
                while (left > 0)
                {
                    if (used == buffer.Length)
                    {
                        await stream.WriteAsync(buffer.AsMemory(0, used), stream.Aborted);
                        used = 0;
                    }

                    var n = await RandomAccess.ReadAsync(file, buffer.AsMemory(used, (int)Math.Min(buffer.Length - used, left)), offset, stream.Aborted);
                    if (n == 0)
                    {
                        throw new IOException("The file shrank while its ranges were being sent.");
                    }

                    used += n;
                    offset += n;
                    left -= n;
                }
            }

            used = await AppendAsync(stream, buffer, used, tail);
            await stream.WriteAsync(buffer.AsMemory(0, used), stream.Aborted);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // Copies bytes behind what the buffer holds, sending it first when they do not fit.
    private static async ValueTask<int> AppendAsync(ResponseStream stream, byte[] buffer, int used, byte[] bytes)
    {
        if (used + bytes.Length > buffer.Length)
        {
            await stream.WriteAsync(buffer.AsMemory(0, used), stream.Aborted);
            used = 0;
        }

        if (bytes.Length > buffer.Length)
        {
            await stream.WriteAsync(bytes, stream.Aborted);
            return 0;
        }

        bytes.CopyTo(buffer, used);
        return used + bytes.Length;
    }
}
