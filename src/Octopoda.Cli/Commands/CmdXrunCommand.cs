using System.CommandLine;
using Octopoda.Protocol.Api;

namespace Octopoda.Cli.Commands;

/// <summary>
/// <c>octl cmd xrun -d delay [the options of run] [cmd] targets…</c>: like <c>run</c>, but each node accepts the
/// task at once and starts it after the delay; octl waits for and shows the real results (the original printed
/// only "loaded").
/// </summary>
internal sealed class CmdXrunCommand : Command
{
    private readonly OctlContext _context;
    private readonly RunOptions _run = new();

    private readonly Option<int?> _delay = Durations.Option(
        "--delay-execute", "-d", $"Start this long after the node accepts the task ({Durations.Forms}; default 0)", minimumSeconds: 0);

    public CmdXrunCommand(OctlContext context)
        : base("xrun", "Like run, but each node starts the command after a delay (-d); waits for and shows the results")
    {
        _context = context;
        Options.Add(_delay);
        _run.AddTo(this);
        SetAction((parse, cancellationToken) => context.RunAsync(
            parse, session => _run.ExecuteAsync(session, parse, BuildRequest(parse), cancellationToken)));
    }

    /// <summary>The request this parse asks for (reads the script file, if any).</summary>
    internal RunCommandRequest BuildRequest(ParseResult parse) =>
        _run.BuildRequest(parse, _context.Environment.CurrentDirectory, parse.GetValue(_delay) ?? 0);
}
