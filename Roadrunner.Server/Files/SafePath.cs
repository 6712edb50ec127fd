using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Roadrunner.Server.Files;

/// <summary>
/// Maps the part of a request path after a static-files mount to a file under a root directory, refusing every
/// way out of it. Never throws on client input, nor on file-system errors met while resolving (they refuse with 404).
/// </summary>
/// <remarks>
/// <para>The path must be passed raw, still percent-encoded, exactly as in the request target: it is
/// percent-decoded once here. A router that already decoded it would let <c>%252e</c> become <c>.</c>.</para>
/// <para>Rules, in order:</para>
/// <list type="bullet">
/// <item>400 when a <c>%</c> is not followed by two hex digits, or the decoded bytes are not UTF-8 (this is what
/// refuses overlong forms such as <c>%c0%ae</c>).</item>
/// <item>404 for: a raw or encoded backslash (<c>\</c>, <c>%5c</c>), an encoded slash (<c>%2f</c>), NUL (raw or
/// <c>%00</c>) and any other control character; a <c>..</c> segment however written (<c>..</c>, <c>%2e%2e</c>,
/// <c>.%2e</c>), even one that would stay inside the root; a drive-letter segment (<c>C:</c>); on Windows any
/// <c>:</c>, a segment ending in <c>.</c> or space, and device names (<c>CON</c>, <c>NUL</c>, <c>COM1</c> ...);
/// a dot-segment such as <c>.git</c> (see <see cref="SafePathOptions.AllowDotFiles"/>); a symbolic link refused
/// by <see cref="SafePathOptions.Symlinks"/>; a path over the length or segment limits; and a file that does not
/// exist (or a directory, unless <see cref="SafePathOptions.DefaultDocument"/> names a file in it).</item>
/// <item>Empty and <c>.</c> segments are dropped, so leading slashes are harmless: <c>/etc/passwd</c> and
/// <c>//etc/passwd</c> both mean <c>root/etc/passwd</c>.</item>
/// </list>
/// <para>Every refusal is 404, never 403, so the answers cannot be used to learn what exists outside or inside
/// the root (a forbidden dot-file or link looks exactly like a missing file).</para>
/// <para>With <see cref="SymlinkPolicy.RefuseEscapes"/> and <see cref="SymlinkPolicy.Refuse"/> the returned path is
/// the real path (links resolved) under the real path of the root; with <see cref="SymlinkPolicy.Follow"/> it is
/// the path under the root as named. The check is made against the tree as it is at the call: a root that other
/// processes can write to could swap a link between the check and the open.</para>
/// </remarks>
/// <example>
/// <code>
/// if (!SafePath.TryResolve("/srv/www", rawPathAfterMount, SafePathOptions.Default, out var file, out var status))
/// {
///     return Response.Empty(status);   // 400 or 404
/// }
/// </code>
/// </example>
public static class SafePath
{
    private const int MaxLinkExpansions = 40;

    /// <summary>Resolves <paramref name="requestPath"/> under <paramref name="root"/>.</summary>
    /// <param name="root">The directory served: an absolute path.</param>
    /// <param name="requestPath">The raw (percent-encoded) path after the mount point, with or without a leading <c>/</c>.</param>
    /// <param name="options">Rules and limits.</param>
    /// <param name="fullPath">The file to serve, when the result is true; otherwise empty.</param>
    /// <param name="statusIfRefused">0 when the result is true; otherwise 400 or 404.</param>
    /// <returns>True when <paramref name="fullPath"/> is an existing file under the root.</returns>
    /// <exception cref="ArgumentException"><paramref name="root"/> is empty or not an absolute path.</exception>
    public static bool TryResolve(string root, ReadOnlySpan<char> requestPath, SafePathOptions options, out string fullPath, out int statusIfRefused) =>
        TryResolve(root, requestPath, options, rootCache: null, out fullPath, out statusIfRefused);

    /// <summary>As the public overload, with the root's resolution kept in <paramref name="rootCache"/> for a moment.</summary>
    internal static bool TryResolve(string root, ReadOnlySpan<char> requestPath, SafePathOptions options, RootResolution? rootCache, out string fullPath, out int statusIfRefused)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        ArgumentNullException.ThrowIfNull(options);
        if (!Path.IsPathFullyQualified(root))
        {
            throw new ArgumentException("The root must be an absolute path.", nameof(root));
        }

        fullPath = string.Empty;
        statusIfRefused = 404;
        if (requestPath.Length > options.MaxPathLength)
        {
            return false;
        }

        var decodeStatus = TryDecode(requestPath, out var decoded);
        if (decodeStatus != 0)
        {
            statusIfRefused = decodeStatus;
            return false;
        }

        var segments = new List<string>();
        foreach (var range in decoded.AsSpan().Split('/'))
        {
            var segment = decoded.AsSpan(range);
            if (segment.IsEmpty || segment.SequenceEqual("."))
            {
                continue;
            }

            if (!IsAllowedSegment(segment, options) || segments.Count == options.MaxSegments)
            {
                return false;
            }

            segments.Add(new string(segment));
        }

        try
        {
            if (options.Symlinks == SymlinkPolicy.Follow)
            {
                return TryResolveFollowing(Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)), segments, options, out fullPath, out statusIfRefused);
            }

            var budget = MaxLinkExpansions;
            if (rootCache is null || !rootCache.TryGet(root, out var realRoot))
            {
                var lexicalRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
                if (!TryRealPath(Path.GetPathRoot(lexicalRoot)!, lexicalRoot, ref budget, out realRoot))
                {
                    return false;
                }

                rootCache?.Store(root, realRoot);
            }

            return TryResolveChecked(realRoot, segments, options, budget, out fullPath, out statusIfRefused);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            fullPath = string.Empty;
            statusIfRefused = 404;
            return false;
        }
    }

    private static bool TryResolveFollowing(string root, List<string> segments, SafePathOptions options, out string fullPath, out int status)
    {
        fullPath = string.Empty;
        status = 404;
        var candidate = segments.Count == 0 ? root : Path.Join(root, Path.Join([.. segments]));
        if (!IsUnder(Path.GetFullPath(candidate), root))
        {
            return false;
        }

        if (!IsExistingFile(candidate))
        {
            if (options.DefaultDocument is null || !Directory.Exists(candidate) || !IsAllowedSegment(options.DefaultDocument, options))
            {
                return false;
            }

            candidate = Path.Join(candidate, options.DefaultDocument);
            if (!IsExistingFile(candidate))
            {
                return false;
            }
        }

        fullPath = candidate;
        status = 0;
        return true;
    }

    private static bool TryResolveChecked(string realRoot, List<string> segments, SafePathOptions options, int budget, out string fullPath, out int status)
    {
        fullPath = string.Empty;
        status = 404;
        var current = realRoot;
        foreach (var segment in segments)
        {
            if (!TryStep(ref current, segment, realRoot, options.Symlinks, ref budget))
            {
                return false;
            }
        }

        if (!File.Exists(current))
        {
            if (options.DefaultDocument is null || !Directory.Exists(current)
                || !IsAllowedSegment(options.DefaultDocument, options)
                || !TryStep(ref current, options.DefaultDocument, realRoot, options.Symlinks, ref budget)
                || !File.Exists(current))
            {
                return false;
            }
        }

        fullPath = current;
        status = 0;
        return true;
    }

    // File.Exists reports a dangling or looping link as present; check where the link leads.
    private static bool IsExistingFile(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is null)
        {
            return info.Exists;
        }

        var target = info.ResolveLinkTarget(returnFinalTarget: true);
        return target is not null && File.Exists(target.FullName);
    }

    // Appends one segment to a real path, expanding a link if the policy allows it and it stays under the root.
    private static bool TryStep(ref string current, string segment, string realRoot, SymlinkPolicy policy, ref int budget)
    {
        var next = Path.Join(current, segment);
        var target = new FileInfo(next).LinkTarget;
        if (target is null)
        {
            current = next;
            return true;
        }

        if (policy == SymlinkPolicy.Refuse || --budget < 0 || !TryRealPath(current, target, ref budget, out var resolved)
            || !IsUnder(resolved, realRoot))
        {
            return false;
        }

        current = resolved;
        return true;
    }

    // Resolves path (absolute, or relative to the real directory start) to a path without links, like realpath(3),
    // taking ".." after each link is expanded rather than textually. Missing components are kept as named.
    private static bool TryRealPath(string start, string path, ref int budget, out string result)
    {
        var current = start;
        var rest = path.AsSpan();
        if (Path.IsPathRooted(rest))
        {
            var pathRoot = Path.GetPathRoot(path)!;
            current = pathRoot;
            rest = rest[pathRoot.Length..];
        }

        ReadOnlySpan<char> separators = OperatingSystem.IsWindows() ? "\\/" : "/";
        foreach (var range in rest.SplitAny(separators))
        {
            var component = rest[range];
            if (component.IsEmpty || component.SequenceEqual("."))
            {
                continue;
            }

            if (component.SequenceEqual(".."))
            {
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }

            var next = Path.Join(current, component);
            var target = new FileInfo(next).LinkTarget;
            if (target is null)
            {
                current = next;
                continue;
            }

            if (--budget < 0 || !TryRealPath(current, target, ref budget, out current))
            {
                result = string.Empty;
                return false;
            }
        }

        result = current;
        return true;
    }

    private static bool IsUnder(string path, string root)
    {
        if (path.Length == root.Length)
        {
            return string.Equals(path, root, StringComparison.Ordinal);
        }

        var prefix = Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar;
        return path.StartsWith(prefix, StringComparison.Ordinal);
    }

    private static bool IsAllowedSegment(ReadOnlySpan<char> segment, SafePathOptions options)
    {
        if (segment.IsEmpty || segment.SequenceEqual("..") || segment.ContainsAny('/', '\\'))
        {
            return false;
        }

        if (segment[0] == '.' && !options.AllowDotFiles && !IsListed(segment, options.AllowedDotSegments))
        {
            return false;
        }

        // A drive letter ("C:") would make a rooted path on Windows; refuse it everywhere.
        if (segment.Length >= 2 && char.IsAsciiLetter(segment[0]) && segment[1] == ':')
        {
            return false;
        }

        if (OperatingSystem.IsWindows())
        {
            if (segment.Contains(':') || segment[^1] is '.' or ' ' || IsWindowsDeviceName(segment))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsListed(ReadOnlySpan<char> segment, IReadOnlyList<string> allowed)
    {
        foreach (var name in allowed)
        {
            if (segment.SequenceEqual(name))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsWindowsDeviceName(ReadOnlySpan<char> segment)
    {
        var dot = segment.IndexOf('.');
        var stem = (dot < 0 ? segment : segment[..dot]).TrimEnd(' ');
        if (stem.Length == 3)
        {
            return stem.Equals("CON", StringComparison.OrdinalIgnoreCase) || stem.Equals("PRN", StringComparison.OrdinalIgnoreCase)
                || stem.Equals("AUX", StringComparison.OrdinalIgnoreCase) || stem.Equals("NUL", StringComparison.OrdinalIgnoreCase);
        }

        return stem.Length == 4 && (stem.StartsWith("COM", StringComparison.OrdinalIgnoreCase) || stem.StartsWith("LPT", StringComparison.OrdinalIgnoreCase))
            && (char.IsAsciiDigit(stem[3]) || stem[3] is '¹' or '²' or '³');
    }

    // Percent-decodes once into UTF-8 and validates it. 0 = ok, 400 = malformed, 404 = refused character.
    private static int TryDecode(ReadOnlySpan<char> raw, out string decoded)
    {
        decoded = string.Empty;
        var max = raw.Length * 3;
        byte[]? rented = null;
        var buffer = max <= 1024 ? stackalloc byte[1024] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var n = 0;
            for (var i = 0; i < raw.Length; i++)
            {
                var c = raw[i];
                if (c == '%')
                {
                    if (i + 2 >= raw.Length || !char.IsAsciiHexDigit(raw[i + 1]) || !char.IsAsciiHexDigit(raw[i + 2]))
                    {
                        return 400;
                    }

                    var b = (byte)((Hex(raw[i + 1]) << 4) | Hex(raw[i + 2]));
                    if (b is (byte)'/' or (byte)'\\' || b < 0x20 || b == 0x7f)
                    {
                        return 404;
                    }

                    buffer[n++] = b;
                    i += 2;
                }
                else if (c == '\\' || c < ' ' || c == '\x7f')
                {
                    return 404;
                }
                else if (c < 0x80)
                {
                    buffer[n++] = (byte)c;
                }
                else
                {
                    if (Rune.DecodeFromUtf16(raw[i..], out var rune, out var used) != OperationStatus.Done)
                    {
                        return 400;
                    }

                    n += rune.EncodeToUtf8(buffer[n..]);
                    i += used - 1;
                }
            }

            var bytes = buffer[..n];
            if (!Utf8.IsValid(bytes))
            {
                return 400;
            }

            decoded = Encoding.UTF8.GetString(bytes);
            // Decoded text may hold C1 controls or other characters that are no file name's business.
            foreach (var ch in decoded)
            {
                if (char.IsControl(ch))
                {
                    return 404;
                }
            }

            return 0;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static int Hex(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
