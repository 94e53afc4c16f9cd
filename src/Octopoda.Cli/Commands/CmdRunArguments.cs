using Octopoda.Protocol.Api;

namespace Octopoda.Cli.Commands;

/// <summary>
/// What <c>octl cmd run</c> was asked to run, and where. With none of <c>-c</c>, <c>-bg</c> and <c>-ss</c>, the first
/// positional argument is the command and the rest are targets; otherwise every positional is a target.
/// </summary>
internal sealed record CmdRunArguments
{
    /// <summary>A command line to run and wait for (<c>-c</c> or the first positional).</summary>
    public string? Command { get; init; }

    /// <summary>A command line to start detached (<c>-bg</c>).</summary>
    public string? Background { get; init; }

    /// <summary>A local script file whose text is run (<c>-ss</c>).</summary>
    public string? ScriptPath { get; init; }

    /// <summary>Node names, @groups or ALL; at least one.</summary>
    public required IReadOnlyList<string> Targets { get; init; }

    /// <summary>What is wrong with these inputs, or null when they make a run.</summary>
    public static string? Problem(string? command, string? background, string? scriptPath, IReadOnlyList<string> positionals)
    {
        var given = new[] { command, background, scriptPath }.Count(v => v is not null);
        if (given > 1)
        {
            return "give only one of -c/--common-command, -bg/--background and -ss/--shellscript";
        }

        if ((command is not null && string.IsNullOrWhiteSpace(command)) || (background is not null && string.IsNullOrWhiteSpace(background)))
        {
            return "the command is empty";
        }

        if (scriptPath is not null && string.IsNullOrWhiteSpace(scriptPath))
        {
            return "the script path is empty";
        }

        if (given == 0 && positionals.Count == 0)
        {
            return "nothing to run: give a command and at least one target, e.g. octl cmd run 'uname -a' node1 node2";
        }

        var targets = given == 0 ? positionals.Count - 1 : positionals.Count;
        if (targets == 0)
        {
            return "no target: give at least one node name, @group or ALL after the command";
        }

        if (given == 0 && string.IsNullOrWhiteSpace(positionals[0]))
        {
            return "the command is empty";
        }

        return null;
    }

    /// <summary>Resolves the inputs; throws <see cref="OctlUsageException"/> when <see cref="Problem"/> finds one.</summary>
    public static CmdRunArguments Resolve(string? command, string? background, string? scriptPath, IReadOnlyList<string> positionals)
    {
        if (Problem(command, background, scriptPath, positionals) is { } problem)
        {
            throw new OctlUsageException(problem);
        }

        return command is null && background is null && scriptPath is null
            ? new CmdRunArguments { Command = positionals[0], Targets = positionals.Skip(1).ToArray() }
            : new CmdRunArguments { Command = command, Background = background, ScriptPath = scriptPath, Targets = positionals.ToArray() };
    }

    /// <summary>The API request; reads the script file (relative to <paramref name="directory"/>) if there is one.</summary>
    public RunCommandRequest ToRequest(int ttlSeconds, int? timeoutSeconds, bool parallel, string directory)
    {
        var script = ScriptPath is null ? null : ScriptFile.Read(ScriptPath, directory);
        return new RunCommandRequest
        {
            Command = Command ?? Background,
            Background = Background is not null,
            Script = script?.Text,
            ScriptName = script?.Name,
            Targets = Targets,
            TtlSeconds = ttlSeconds,
            TimeoutSeconds = timeoutSeconds,
            Parallel = parallel,
        };
    }
}
