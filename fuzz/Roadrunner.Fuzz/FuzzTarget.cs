namespace Roadrunner.Fuzz;

/// <summary>
/// One fuzz target: takes arbitrary octets and drives a codec with them. Wire octets never throw (DESIGN.md, the
/// sans-IO contract), and a target never misuses the API, so any exception that escapes is a bug to report.
/// </summary>
/// <param name="data">The input; borrowed for the call.</param>
public delegate void FuzzTarget(ReadOnlySpan<byte> data);
