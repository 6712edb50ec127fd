namespace Roadrunner.Http3;

/// <summary>One received field line: its name (lowercase) and value, in memory owned by the connection.</summary>
/// <param name="Name">The field name.</param>
/// <param name="Value">The field value.</param>
public readonly record struct Http3Field(ReadOnlyMemory<byte> Name, ReadOnlyMemory<byte> Value);
