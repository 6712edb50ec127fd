using Roadrunner.Fuzz;
using SharpFuzz;

const string Usage = """
    usage: Roadrunner.Fuzz <target>                  run under afl-fuzz (SharpFuzz fork server); outside afl, runs stdin once
           Roadrunner.Fuzz <target> --replay DIR...  every file of each DIR through the target in-process
           Roadrunner.Fuzz --list                    the targets and what each covers
           Roadrunner.Fuzz --write-seeds DIR         writes the seed inputs under DIR/<target>/
    """;

if (args.Length == 1 && args[0] == "--list")
{
    foreach (var (name, _, covers) in FuzzTargets.All) Console.WriteLine($"{name,-14} {covers}");
    return 0;
}

if (args.Length == 2 && args[0] == "--write-seeds")
{
    Console.WriteLine($"{SeedCorpus.WriteAll(args[1])} seed files written under {args[1]}");
    return 0;
}

var target = args.Length > 0 ? FuzzTargets.Find(args[0]) : null;
if (target is null)
{
    Console.Error.WriteLine(args.Length > 0 ? $"unknown target: {args[0]}" : "no target given");
    Console.Error.WriteLine(Usage);
    return 2;
}

if (args.Length >= 3 && args[1] == "--replay")
{
    int total = 0;
    try
    {
        foreach (string directory in args[2..]) total += CorpusReplay.Run(target, directory);
    }
    catch (CorpusReplayException e)
    {
        Console.Error.WriteLine(e.Message);
        Console.Error.WriteLine(e.InnerException);
        return 1;
    }
    Console.WriteLine($"{args[0]}: {total} files replayed, none threw");
    return 0;
}

if (args.Length != 1)
{
    Console.Error.WriteLine(Usage);
    return 2;
}

// The fork server runs the target in a child process that it restarts after a crash or a hang, so a stack overflow
// or an endless loop is reported to afl as such instead of ending the campaign.
var input = new MemoryStream();
Fuzzer.OutOfProcess.Run(stream =>
{
    input.SetLength(0);
    stream.CopyTo(input);
    target(input.GetBuffer().AsSpan(0, (int)input.Length));
});
return 0;
