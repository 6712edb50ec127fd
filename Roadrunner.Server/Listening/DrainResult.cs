namespace Roadrunner.Server.Listening;

/// <summary>How a drain ended.</summary>
/// <param name="Completed">True when every connection finished before the deadline.</param>
/// <param name="ForceClosed">Connections still open at the deadline and closed by force.</param>
public readonly record struct DrainResult(bool Completed, int ForceClosed);
