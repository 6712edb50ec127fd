namespace Roadrunner.Http1.Writing;

/// <summary>The <c>Date</c> field line, re-encoded only when the second changes. The caller passes the time in.</summary>
public sealed class DateHeaderCache
{
    /// <summary>Updates the cached line for <paramref name="now"/>.</summary>
    public void Update(DateTimeOffset now) => throw new NotSupportedException("pending");

    /// <summary>The current <c>Date: ...\r\n</c> line.</summary>
    public ReadOnlySpan<byte> FieldLine => default;
}
