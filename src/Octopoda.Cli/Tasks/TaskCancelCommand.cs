using System.CommandLine;
using Octopoda.Cli.Output;
using Octopoda.Client;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Tasks;
using Spectre.Console;

namespace Octopoda.Cli.Tasks;

/// <summary>
/// <c>octl task cancel &lt;id&gt;…</c>: cancels tasks that have not finished. Each id is tried even when another fails
/// (unknown or ambiguous); the exit code is then the first failure's.
/// </summary>
internal sealed class TaskCancelCommand : Command
{
    private readonly Argument<string[]> _ids = TaskIds.Many();

    public TaskCancelCommand(OctlContext context)
        : base("cancel", "Cancel tasks: a queued one at once, a running one as soon as its node has stopped it")
    {
        Arguments.Add(_ids);
        SetAction((parse, cancellationToken) => context.RunAsync(parse, session => ExecuteAsync(session, parse, cancellationToken)));
    }

    private async Task<int> ExecuteAsync(OctlSession session, ParseResult parse, CancellationToken cancellationToken)
    {
        var cancelled = new List<TaskView>();
        var exitCode = ExitCodes.Success;
        foreach (var id in parse.GetRequiredValue(_ids).Select(i => i.Trim()).Distinct(StringComparer.Ordinal))
        {
            TaskView task;
            try
            {
                task = await session.Client.CancelTaskAsync(id, cancellationToken);
            }
            catch (OctopodaApiException ex) when (ex.StatusCode is 404 or 409)
            {
                // This id is wrong; the others may be right. Anything else (the Brain unreachable, refused) stops here.
                FailureReporter.TryReport(ex, cancellationToken, session.ErrorConsole, out var code);
                exitCode = exitCode == ExitCodes.Success ? code : exitCode;
                continue;
            }

            cancelled.Add(task);
            if (session.Format != OutputFormat.Json)
            {
                Report(session, task);
            }
        }

        if (session.Format == OutputFormat.Json)
        {
            JsonOutput.Write(session.OutWriter, cancelled, ProtocolJsonContext.Default.IReadOnlyListTaskView);
        }

        return exitCode;
    }

    /// <summary>What became of one task: cancelled, stopping, or already finished.</summary>
    private static void Report(OctlSession session, TaskView task)
    {
        if (session.Format == OutputFormat.Lines)
        {
            session.OutWriter.WriteLine($"{task.Id} {task.State.ToWireName()}");
            return;
        }

        var name = $"{Markup.Escape(TaskIds.Short(task.Id))} on {Markup.Escape(task.Node)}";
        session.OutConsole.MarkupLine(task.State switch
        {
            TaskState.Cancelled => $"cancelled {name}",
            _ when !task.State.IsFinal() => $"cancelling {name}: it is {task.State.ToWireName()}; it ends cancelled once its node has stopped it",
            _ => $"{name} had already finished: {TaskStates.Markup(task.State)}",
        });
    }
}
