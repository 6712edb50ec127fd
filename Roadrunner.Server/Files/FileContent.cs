using Microsoft.Win32.SafeHandles;

namespace Roadrunner.Server.Files;

/// <summary>How the connections read a file response's content.</summary>
internal static class FileContent
{
    /// <summary>
    /// Files up to this size are read at once, on the responding thread, and leave with their head: a page-cache read
    /// of a few KiB costs less than a second send (HTTP/1.1) or a thread-pool hop and a packet of its own (HTTP/3).
    /// </summary>
    public const int SmallFileLimit = 16 * 1024;

    /// <summary>Fills <paramref name="destination"/> from <paramref name="handle"/> at <paramref name="offset"/>.</summary>
    /// <exception cref="IOException">The file ended first: it shrank after its length was taken for the head.</exception>
    public static void ReadExactly(SafeFileHandle handle, Span<byte> destination, long offset)
    {
        var read = 0;
        while (read < destination.Length)
        {
            var n = RandomAccess.Read(handle, destination[read..], offset + read);
            if (n == 0) throw new IOException("The file shrank while it was being sent.");
            read += n;
        }
    }
}
