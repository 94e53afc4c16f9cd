using System.CommandLine;
using Octopoda.Protocol.Api;

namespace Octopoda.Cli.Commands;

/// <summary>
/// <c>octl cmd run [-c cmd | -bg cmd | -ss file] [--ttl d] [--timeout d] [--parallel] [--async | --follow] [-ta]
/// [--every d --for d] [cmd] targets…</c>: submit one task per node, then show each node's result as it arrives.
/// </summary>
internal sealed class CmdRunCommand : Command
{
    private readonly OctlContext _context;
    private readonly RunOptions _run = new();

    public CmdRunCommand(OctlContext context)
        : base("run", "Run a command or script on nodes and show each node's result as it finishes")
    {
        _context = context;
        _run.AddTo(this);
        SetAction((parse, cancellationToken) => context.RunAsync(
            parse, session => _run.ExecuteAsync(session, parse, BuildRequest(parse), cancellationToken)));
    }

    /// <summary>The request this parse asks for (reads the script file, if any).</summary>
    internal RunCommandRequest BuildRequest(ParseResult parse) =>
        _run.BuildRequest(parse, _context.Environment.CurrentDirectory, delaySeconds: null);
}
