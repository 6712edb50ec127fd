using System.Reflection;

namespace Roadrunner.Fuzz;

/// <summary>
/// Binds a fuzz entry point that a package keeps internal (its <c>Fuzzing/</c> folder), so that the afl host and the
/// package's own tests run one implementation of each target. Entry points are not public API, so they are found by
/// name; a rename fails every replay test at once rather than silently fuzzing nothing.
/// </summary>
internal static class PackageEntry
{
    /// <summary>Binds <paramref name="typeName"/>.<paramref name="methodName"/>(ReadOnlySpan&lt;byte&gt;) in the assembly of <paramref name="anchor"/>.</summary>
    /// <exception cref="MissingMethodException">The package no longer has that entry point.</exception>
    public static FuzzTarget Bind(Type anchor, string typeName, string methodName)
    {
        var type = anchor.Assembly.GetType(typeName, throwOnError: false)
            ?? throw new MissingMethodException(typeName, methodName);
        var method = type.GetMethod(methodName, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static, [typeof(ReadOnlySpan<byte>)])
            ?? throw new MissingMethodException(typeName, methodName);
        return method.CreateDelegate<FuzzTarget>();
    }
}
