using Octopoda.Cli.Commands;
using Octopoda.Cli.Output;
using Octopoda.Cli.Tasks;
using Octopoda.Protocol.Scenarios;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Octopoda.Cli.Scenarios;

/// <summary>
/// Shows an apply or a reset as it goes. Tables (and <c>-o lines</c>) are written step by step as each step ends,
/// rows in the deployment's order, so the same run prints the same text whatever order its nodes finished in; with
/// <c>-o json</c> nothing is written until the one document at the end.
/// </summary>
internal sealed class ApplyResultView(OctlSession session)
{
    /// <summary>The most stderr lines a failed node shows in a table (the whole is in <c>octl task logs</c>).</summary>
    private const int StderrLines = 10;

    private IAnsiConsole Console => session.OutConsole;

    /// <summary>The Brain's resolution of each application's nodes.</summary>
    public void Declared(string scenario, ScenarioPlan plan)
    {
        if (session.Format != OutputFormat.Table)
        {
            return;
        }

        Console.MarkupLine($"[bold]scenario {Markup.Escape(scenario)}[/]");
        foreach (var app in plan.Applications)
        {
            var nodes = app.Nodes.Count == 0 ? "no nodes" : string.Join(", ", app.Nodes);
            Console.MarkupLine(Markup.Escape($"  {app.Name} → {nodes}"));
        }
    }

    public void StepFinished(ApplyStep step)
    {
        var results = step.Results();
        switch (session.Format)
        {
            case OutputFormat.Json:
                return;
            case OutputFormat.Lines:
                WriteLines(results);
                return;
        }

        Console.WriteLine();
        Console.MarkupLine($"[bold]{Markup.Escape(step.Title)}[/]");
        if (results.Count == 0)
        {
            Console.MarkupLine("[grey]no nodes[/]");
            return;
        }

        var table = new Table().Border(TableBorder.None).ShowHeaders();
        foreach (var header in new[] { "APP", "NODE", "STATE", "VERSION", "OUTPUT" })
        {
            table.AddColumn(new TableColumn(new Markup($"[bold]{header}[/]")).PadLeft(0).PadRight(2));
        }

        foreach (var result in results)
        {
            table.AddRow(new IRenderable[]
            {
                new Text(result.App),
                new Text(result.Node),
                new Markup(TaskStates.Markup(result.TaskState)),
                new Text(VersionCell(step, result)),
                new Markup(OutputCell(result)),
            });
        }

        Console.Write(table);
        var outcome = BatchOutcome.Of(results.Select(r => r.TaskState));
        Console.MarkupLine($"[{Colour(outcome)}]{Markup.Escape(outcome.Summary)}[/]");
    }

    /// <summary>The scenario version an apply or reset recorded (or that nothing changed).</summary>
    public void VersionRecorded(ScenarioVersionOutcome version)
    {
        if (session.Format == OutputFormat.Json)
        {
            return;
        }

        var text = version switch
        {
            { Appended: true } => $"recorded scenario version {VersionHashes.Short(version.Hash)}: {version.Message}",
            { Hash: { } hash } => $"no change: the scenario stays at version {VersionHashes.Short(hash)}",
            _ => "no change: the scenario has no version yet",
        };
        if (session.Format == OutputFormat.Lines)
        {
            session.ErrorWriter.WriteLine($"octl: {text}");
            return;
        }

        Console.WriteLine();
        Console.MarkupLine(version.Appended ? $"[green]{Markup.Escape(text)}[/]" : Markup.Escape(text));
    }

    /// <summary>The end: the JSON document, or a summary line over every step.</summary>
    public void Completed(ApplyReport report, BatchOutcome outcome)
    {
        switch (session.Format)
        {
            case OutputFormat.Json:
                JsonOutput.Write(session.OutWriter, report, ScenariosJsonContext.Default.ApplyReport);
                return;
            case OutputFormat.Lines:
                return;
        }

        var steps = HumanFormat.Count(report.Steps.Count, "step");
        var tasks = $"{HumanFormat.Count(outcome.Total, "task")}: {outcome.Succeeded} succeeded, {outcome.Failed} failed, {outcome.Unreachable} unreachable"
            + (outcome.Unfinished > 0 ? $", {outcome.Unfinished} unfinished" : "");
        var what = report.Completed ? $"{report.Target} {report.Scenario}" : $"{report.Target} {report.Scenario} (stopped part way)";
        Console.WriteLine();
        Console.MarkupLine($"[{Colour(outcome)}]{Markup.Escape($"{what}: {steps}, {tasks}")}[/]");
    }

    private static string Colour(BatchOutcome outcome) => outcome.ExitCode switch
    {
        ExitCodes.Success => "green",
        ExitCodes.NodesUnreachable => "yellow",
        _ => "red",
    };

    /// <summary>The NodeApp version a prepare, commit or reset left (<c>(new)</c> when it appended it); runs show one only when they appended it.</summary>
    private static string VersionCell(ApplyStep step, NodeResult result) => result switch
    {
        { Deleted: true } => "deleted",
        { Appended: true } => $"{VersionHashes.Short(result.Version)} (new)",
        _ when step.Step == "run" => "",
        { Version: { } hash } => VersionHashes.Short(hash),
        _ => "",
    };

    /// <summary>The script's output, then (for a node that did not succeed) the error and the tail of its stderr.</summary>
    private static string OutputCell(NodeResult result)
    {
        var lines = new List<string>();
        lines.AddRange(OutputLines.Split(result.Output ?? "").Select(Markup.Escape));
        if (result.Error is { } error)
        {
            lines.Add($"[red]{Markup.Escape(error)}[/]");
        }

        var stderr = OutputLines.Split(result.Stderr ?? "").ToList();
        lines.AddRange(stderr.Skip(Math.Max(0, stderr.Count - StderrLines)).Select(l => $"[dim red]{Markup.Escape(l)}[/]"));
        return string.Join('\n', lines);
    }

    /// <summary>pdsh style: each output line as <c>node/app: line</c> on stdout; a node that did not succeed gets a note on stderr.</summary>
    private void WriteLines(IReadOnlyList<NodeResult> results)
    {
        foreach (var result in results)
        {
            foreach (var line in OutputLines.Split(result.Output ?? ""))
            {
                session.OutWriter.WriteLine($"{result.Node}/{result.App}: {line}");
            }

            if (result.TaskState != Protocol.Tasks.TaskState.Succeeded)
            {
                var reason = result.Error is { } error ? $": {error}" : "";
                session.ErrorWriter.WriteLine($"octl: {result.Node}/{result.App}: {result.State}{reason}");
            }
        }

        session.OutWriter.Flush();
        session.ErrorWriter.Flush();
    }
}
