using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Roadrunner.Tests.TestSupport;

/// <summary>One log entry with the scopes that were open when it was written (outermost first).</summary>
internal sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception, IReadOnlyList<object?> Scopes)
{
    /// <summary>The value named <paramref name="key"/> in any open scope that is a list of pairs, or null.</summary>
    public object? ScopeValue(string key)
    {
        foreach (var scope in Scopes)
        {
            if (scope is not IEnumerable<KeyValuePair<string, object?>> pairs) continue;
            foreach (var (k, v) in pairs)
            {
                if (k == key) return v;
            }
        }

        return null;
    }
}

/// <summary>
/// A logger provider that records every entry with its scopes, for asserting what the server logged.
/// Hand it to a listener through <see cref="Factory"/>.
/// </summary>
internal sealed class RecordingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();
    private readonly AsyncLocal<ScopeNode?> _scopes = new();

    public RecordingLoggerProvider() => Factory = new RecordingLoggerFactory(this);

    /// <summary>A factory whose loggers all come from this provider.</summary>
    public ILoggerFactory Factory { get; }

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    /// <summary>Called for each entry as it is recorded (set before the server starts).</summary>
    public Action<LogEntry>? OnEntry { get; set; }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private IReadOnlyList<object?> CurrentScopes()
    {
        var list = new List<object?>();
        for (var node = _scopes.Value; node is not null; node = node.Parent) list.Insert(0, node.State);
        return list;
    }

    private sealed record ScopeNode(object? State, ScopeNode? Parent);

    private sealed class Logger(RecordingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable BeginScope<TState>(TState state)
            where TState : notnull
        {
            var parent = provider._scopes.Value;
            provider._scopes.Value = new ScopeNode(state, parent);
            return new Scope(provider, parent);
        }

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var entry = new LogEntry(category, logLevel, eventId, formatter(state, exception), exception, provider.CurrentScopes());
            provider._entries.Enqueue(entry);
            provider.OnEntry?.Invoke(entry);
        }
    }

    private sealed class Scope(RecordingLoggerProvider provider, ScopeNode? parent) : IDisposable
    {
        public void Dispose() => provider._scopes.Value = parent;
    }

    private sealed class RecordingLoggerFactory(RecordingLoggerProvider provider) : ILoggerFactory
    {
        public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException("This factory logs to one recording provider.");

        public ILogger CreateLogger(string categoryName) => provider.CreateLogger(categoryName);

        public void Dispose()
        {
        }
    }
}
