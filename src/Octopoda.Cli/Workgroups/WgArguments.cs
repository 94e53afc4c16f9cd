using System.CommandLine;

namespace Octopoda.Cli.Workgroups;

/// <summary>Arguments the <c>wg</c> commands share.</summary>
internal static class WgArguments
{
    /// <summary>A group's path, required.</summary>
    public static Argument<string> Path() => new("path")
    {
        Description = "The group: absolute (/room1/g1), relative to the current path (g1, ..), or ~ for the account",
    };

    /// <summary>A group's path, defaulting to the current path.</summary>
    public static Argument<string?> OptionalPath() => new("path")
    {
        Description = "The group: absolute, relative to the current path, or ~ for the account (default: the current path)",
        Arity = ArgumentArity.ZeroOrOne,
    };
}
