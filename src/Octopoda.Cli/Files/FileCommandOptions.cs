using System.CommandLine;

namespace Octopoda.Cli.Files;

/// <summary>The options the file commands share; each command needs its own instances.</summary>
internal static class FileCommandOptions
{
    /// <summary><c>-f</c>: create the directory where the files land.</summary>
    public static Option<bool> Force(string description) => new("--force", "-f")
    {
        // A bare flag: "-f true" must not eat a target.
        Arity = ArgumentArity.Zero,
        Description = description,
    };

    /// <summary><c>--ttl</c>: how long a transfer may wait for an offline node.</summary>
    public static Option<int?> Ttl() => Durations.Option(
        "--ttl",
        "",
        $"How long a transfer may wait for an offline node before it expires ({Durations.Forms}; default 0)",
        minimumSeconds: 0);

    /// <summary>The description of a target directory on nodes.</summary>
    public const string TargetDirectoryDescription =
        "Where it lands on each node: an absolute path, a path variable (@fstore, @workspace, @log, @pakma, @root; "
        + "e.g. @fstore/app) or a path relative to @fstore";
}
