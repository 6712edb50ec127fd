namespace Roadrunner.Http2;

/// <summary>
/// One received field line (a regular field: pseudo-header fields are exposed by name on <see cref="Http2HeaderList"/>).
/// The memory belongs to the connection and stays valid until the next <see cref="Http2Connection.Receive"/>.
/// </summary>
/// <param name="Name">The lowercase field name.</param>
/// <param name="Value">The field value.</param>
/// <param name="NeverIndexed">Sent as a never-indexed literal (RFC 7541 §6.2.3): keep it never-indexed if forwarded.</param>
public readonly record struct Http2HeaderField(ReadOnlyMemory<byte> Name, ReadOnlyMemory<byte> Value, bool NeverIndexed);
