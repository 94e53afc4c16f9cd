using System.CommandLine;
using System.CommandLine.Parsing;
using Octopoda.Protocol.Api;

namespace Octopoda.Cli.Commands;

/// <summary>
/// The options and arguments <c>cmd run</c> and <c>cmd xrun</c> share, their checks, the request they make, and
/// running it. Each command owns one instance (an option belongs to one command).
/// </summary>
internal sealed class RunOptions
{
    /// <summary>Largest <c>--align-tolerance</c> the Brain accepts, in ms.</summary>
    private const int MaxAlignToleranceMs = 3000;

    private readonly Option<string?> _command = new("--common-command", "-c", "-cc")
    {
        Description = "The command line to run (by bash -c on each node)",
        HelpName = "cmd",
    };

    private readonly Option<string?> _background = new("--background", "-bg")
    {
        Description = "Start this command line detached and report its process id",
        HelpName = "cmd",
    };

    private readonly Option<string?> _script = new("--shellscript", "-ss")
    {
        Description = "Run this local script (at most 1 MiB) on each node",
        HelpName = "file",
    };

    private readonly Option<int?> _ttl = Durations.Option(
        "--ttl", "", $"How long a task may wait for an offline node before it expires ({Durations.Forms}; default 0: expire at once)", minimumSeconds: 0);

    private readonly Option<int?> _timeout = Durations.Option(
        "--timeout", "", "Kill the command's process tree after this long", minimumSeconds: 1);

    private readonly Option<bool> _parallel = new("--parallel")
    {
        // A bare flag: "--parallel true ALL" must leave "true" to be the command, not the flag's value.
        Arity = ArgumentArity.Zero,
        Description = "Run beside the node's other tasks instead of after them",
    };

    private readonly Option<bool> _async = new("--async")
    {
        Arity = ArgumentArity.Zero,
        Description = "Print the batch and task ids and exit without waiting",
    };

    private readonly Option<bool> _follow = new("--follow", "-f")
    {
        Arity = ArgumentArity.Zero,
        Description = "Stream the output as the nodes print it (prefixed by node when there are several), then the summary",
    };

    private readonly Option<bool> _timeAligned = new("--time-align", "-ta")
    {
        Arity = ArgumentArity.Zero,
        Description = "Start on every node at the same instant (using the measured clock offsets); reports the start spread",
    };

    private readonly Option<int?> _alignTolerance = new("--align-tolerance")
    {
        Description = $"With -ta: the largest acceptable start error per node, in ms (1 to {MaxAlignToleranceMs}; default 50)",
        HelpName = "ms",
    };

    private readonly Option<int?> _every = Durations.Option(
        "--every", "", "Repeat the run at this interval (a schedule; needs --for)", minimumSeconds: 1);

    private readonly Option<int?> _for = Durations.Option(
        "--for", "", "With --every: how long the schedule lasts", minimumSeconds: 1);

    private readonly Argument<string[]> _arguments = new("targets")
    {
        Description = "Node names, @groups or ALL; without -c/-bg/-ss, the first one is the command",
        Arity = ArgumentArity.ZeroOrMore,
    };

    /// <summary>Adds the options, the arguments and their checks to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in new Option[]
                 {
                     _command, _background, _script, _ttl, _timeout, _parallel, _async, _follow, _timeAligned, _alignTolerance, _every, _for,
                 })
        {
            command.Options.Add(option);
        }

        command.Arguments.Add(_arguments);
        command.Validators.Add(Validate);
    }

    /// <summary>The request this parse asks for (reads the script file, if any, relative to <paramref name="directory"/>).</summary>
    public RunCommandRequest BuildRequest(ParseResult parse, string directory, int? delaySeconds)
    {
        var request = CmdRunArguments.Resolve(parse.GetValue(_command), parse.GetValue(_background), parse.GetValue(_script), parse.GetValue(_arguments) ?? [])
            .ToRequest(parse.GetValue(_ttl) ?? 0, parse.GetValue(_timeout), parse.GetValue(_parallel), directory);
        return request with
        {
            DelaySeconds = delaySeconds,
            TimeAligned = parse.GetValue(_timeAligned),
            AlignToleranceMs = parse.GetValue(_alignTolerance),
            EverySeconds = parse.GetValue(_every),
            ForSeconds = parse.GetValue(_for),
        };
    }

    /// <summary>Submits <paramref name="request"/>, then prints the ids (<c>--async</c>) or sees the batch through.</summary>
    public async Task<int> ExecuteAsync(OctlSession session, ParseResult parse, RunCommandRequest request, CancellationToken cancellationToken)
    {
        var follow = parse.GetValue(_follow);
        BatchRunner.CheckFormat(session, follow);
        var submission = await session.Client.RunCommandAsync(request, cancellationToken);
        if (parse.GetValue(_async))
        {
            SubmissionView.Write(session, submission);
            return ExitCodes.Success;
        }

        return await BatchRunner.RunAsync(session, submission, follow, request.TimeAligned, cancellationToken);
    }

    private void Validate(CommandResult result)
    {
        if (CmdRunArguments.Problem(result.GetValue(_command), result.GetValue(_background), result.GetValue(_script),
                result.GetValue(_arguments) ?? []) is { } problem)
        {
            result.AddError(problem);
        }

        if (result.GetValue(_follow) && result.GetValue(_async))
        {
            result.AddError("give only one of --follow (stream the output) and --async (do not wait)");
        }

        if (TryGetValue(result, _alignTolerance, out var alignTolerance) && alignTolerance is { } tolerance)
        {
            if (!result.GetValue(_timeAligned))
            {
                result.AddError("--align-tolerance applies to time-aligned runs: add -ta/--time-align");
            }
            else if (tolerance is < 1 or > MaxAlignToleranceMs)
            {
                result.AddError($"--align-tolerance takes whole milliseconds from 1 to {MaxAlignToleranceMs}; got {tolerance}");
            }
        }

        if (!TryGetValue(result, _every, out var every) || !TryGetValue(result, _for, out var length))
        {
            return;
        }

        if ((every is null) != (length is null))
        {
            result.AddError("--every and --for go together: '--every 5m --for 2h' runs the command every 5 minutes for 2 hours");
        }
        else if (every > length)
        {
            result.AddError($"--every ({Durations.Format(every!.Value)}) is longer than --for ({Durations.Format(length!.Value)}): the schedule would run once");
        }
    }

    /// <summary>The option's value; false when it did not parse (its own error already says why).</summary>
    private static bool TryGetValue(CommandResult result, Option<int?> option, out int? value)
    {
        try
        {
            value = result.GetValue(option);
            return true;
        }
        catch (InvalidOperationException)
        {
            value = null;
            return false;
        }
    }
}
