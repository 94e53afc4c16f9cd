using System.CommandLine;
using System.Globalization;
using System.CommandLine.Parsing;
using Octopoda.Cli.Output;
using Octopoda.Protocol.Api;

namespace Octopoda.Cli.Commands;

/// <summary>
/// <c>octl cmd run [-c cmd | -bg cmd | -ss file] [--ttl s] [--timeout s] [--parallel] [--async] [cmd] targets…</c>:
/// submit one task per node, then show each node's result as it arrives.
/// </summary>
internal sealed class CmdRunCommand : Command
{
    private readonly OctlContext _context;

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

    private readonly Option<int> _ttl = new("--ttl")
    {
        Description = "Seconds a task may wait for an offline node before it expires (default 0: expire at once)",
        HelpName = "seconds",
    };

    private readonly Option<int?> _timeout = new("--timeout")
    {
        Description = "Kill the command's process tree after this many seconds",
        HelpName = "seconds",
    };

    private readonly Option<bool> _parallel = new("--parallel")
    {
        // A bare flag: "--async true ALL" must leave "true" to be the command, not the flag's value.
        Arity = ArgumentArity.Zero,
        Description = "Run beside the node's other tasks instead of after them",
    };

    private readonly Option<bool> _async = new("--async")
    {
        // A bare flag: "--async true ALL" must leave "true" to be the command, not the flag's value.
        Arity = ArgumentArity.Zero,
        Description = "Print the batch and task ids and exit without waiting",
    };

    private readonly Argument<string[]> _arguments = new("targets")
    {
        Description = "Node names, @groups or ALL; without -c/-bg/-ss, the first one is the command",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public CmdRunCommand(OctlContext context)
        : base("run", "Run a command or script on nodes and show each node's result as it finishes")
    {
        _context = context;
        _ttl.CustomParser = result => Seconds(result, "--ttl", minimum: 0);
        _timeout.CustomParser = result => Seconds(result, "--timeout", minimum: 1);
        foreach (var option in new Option[] { _command, _background, _script, _ttl, _timeout, _parallel, _async })
        {
            Options.Add(option);
        }

        Arguments.Add(_arguments);
        Validators.Add(result =>
        {
            if (CmdRunArguments.Problem(result.GetValue(_command), result.GetValue(_background), result.GetValue(_script),
                    result.GetValue(_arguments) ?? []) is { } problem)
            {
                result.AddError(problem);
            }
        });
        SetAction((parse, cancellationToken) => context.RunAsync(parse, session => ExecuteAsync(session, parse, cancellationToken)));
    }

    /// <summary>The request this parse asks for (reads the script file, if any).</summary>
    internal RunCommandRequest BuildRequest(ParseResult parse) =>
        CmdRunArguments.Resolve(parse.GetValue(_command), parse.GetValue(_background), parse.GetValue(_script), parse.GetValue(_arguments) ?? [])
            .ToRequest(parse.GetValue(_ttl), parse.GetValue(_timeout), parse.GetValue(_parallel), _context.Environment.CurrentDirectory);

    private async Task<int> ExecuteAsync(OctlSession session, ParseResult parse, CancellationToken cancellationToken)
    {
        var submission = await session.Client.RunCommandAsync(BuildRequest(parse), cancellationToken);
        if (parse.GetValue(_async))
        {
            SubmissionView.Write(session, submission);
            return ExitCodes.Success;
        }

        IRunOutput output = session.Format switch
        {
            OutputFormat.Json => new JsonRunOutput(session.OutWriter),
            OutputFormat.Lines => new LinesRunOutput(session.OutWriter, session.ErrorWriter),
            _ => new TableRunOutput(session.OutConsole, session.OutWriter),
        };
        output.Started(submission);

        var results = new List<TaskView>();
        try
        {
            await foreach (var task in session.Client.WaitBatchAsync(submission.BatchId, timeout: null, cancellationToken))
            {
                results.Add(task);
                output.Finished(task);
            }

            // The stream ends early only if the Brain stopped waiting; show the rest as they are now.
            if (results.Count < submission.Tasks.Count)
            {
                var seen = results.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
                foreach (var task in await session.Client.GetBatchAsync(submission.BatchId, cancellationToken))
                {
                    if (seen.Add(task.Id))
                    {
                        results.Add(task);
                        output.Finished(task);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping the wait does not stop the tasks: they are the Brain's and run to completion.
            FailureReporter.Write(session.ErrorConsole,
                $"interrupted: stopped waiting for batch {submission.BatchId}; its tasks were not cancelled");
            return ExitCodes.Cancelled;
        }

        var outcome = BatchOutcome.Of(results.Select(r => r.State));
        output.Completed(submission, results, outcome);
        return outcome.ExitCode;
    }

    /// <summary>Parses a whole number of seconds no smaller than <paramref name="minimum"/>, or records a usage error.</summary>
    private static int Seconds(ArgumentResult result, string name, int minimum)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds >= minimum)
        {
            return seconds;
        }

        result.AddError($"{name} takes a whole number of seconds, at least {minimum}; got '{text}'");
        return minimum;
    }
}
