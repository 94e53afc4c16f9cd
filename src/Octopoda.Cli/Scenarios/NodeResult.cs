using System.Text.Json.Serialization;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Scenarios;
using Octopoda.Protocol.Tasks;

namespace Octopoda.Cli.Scenarios;

/// <summary>
/// One node's part of a step (one NodeApp task): its state, what its script appended to <c>$OCTOPODA_OUTPUT</c>,
/// why it failed, and the NodeApp's version after it.
/// </summary>
internal sealed record NodeResult
{
    /// <summary>The application; "?" when a task spanning the scenario ended without saying which (see <see cref="From"/>).</summary>
    public required string App { get; init; }

    public required string Node { get; init; }

    /// <summary>The task's state by its wire name.</summary>
    public required string State { get; init; }

    /// <summary>The task, for <c>octl task get|logs</c>.</summary>
    public required string Task { get; init; }

    /// <summary>What the script appended to <c>$OCTOPODA_OUTPUT</c>.</summary>
    public string? Output { get; init; }

    /// <summary>Why the task did not succeed.</summary>
    public string? Error { get; init; }

    /// <summary>The task's stderr, kept only when it did not succeed (the script's own complaint).</summary>
    public string? Stderr { get; init; }

    /// <summary>The NodeApp's newest version after the task (the whole hash).</summary>
    public string? Version { get; init; }

    /// <summary>True when the task appended <see cref="Version"/> to the NodeApp's history.</summary>
    public bool Appended { get; init; }

    /// <summary>True when the task removed the NodeApp (purge).</summary>
    public bool Deleted { get; init; }

    /// <summary>The state itself, for the exit code.</summary>
    [JsonIgnore]
    public TaskState TaskState { get; init; }

    /// <summary>
    /// The result of a final (or, when waiting ended, current) task. <paramref name="app"/> is the application the
    /// step ran for; null for a batch spanning the scenario (purge, reset), where the task's report names it.
    /// </summary>
    public static NodeResult From(TaskView task, string? app, string scenario)
    {
        var report = ReadReport(task.Report);
        var failed = task.State != TaskState.Succeeded;
        return new NodeResult
        {
            App = app ?? report?.App ?? AppFromDescription(task.Description, scenario) ?? "?",
            Node = task.Node,
            State = task.State.ToWireName(),
            TaskState = task.State,
            Task = task.Id,
            Output = NullIfEmpty(report?.Output),
            Error = NullIfEmpty(task.Error) ?? (report is null && task.Report is not null ? "the node's report could not be read" : null),
            Stderr = failed ? NullIfEmpty(task.Stderr) : null,
            Version = report?.Version?.Hash,
            Appended = report?.Appended ?? false,
            Deleted = report?.Deleted ?? false,
        };
    }

    /// <summary>A task the Brain created but never listed again (waiting ended before it did): counted as unfinished.</summary>
    public static NodeResult Unlisted(TaskRef task, string? app) => new()
    {
        App = app ?? "?",
        Node = task.Node,
        State = task.State.ToWireName(),
        TaskState = task.State,
        Task = task.Id,
    };

    private static NodeAppReport? ReadReport(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            return System.Text.Json.JsonSerializer.Deserialize(json, ProtocolJsonContext.Default.NodeAppReport);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// A task that ended without a report (expired, cancelled, lost) in a batch spanning the scenario: its
    /// description is the only place left that may name the NodeApp (<c>app@scenario</c>); null when it does not.
    /// </summary>
    private static string? AppFromDescription(string? description, string scenario)
    {
        foreach (var word in (description ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (ScenarioNames.TryParseNodeApp(word, out var app, out var owner) && owner == scenario)
            {
                return app;
            }
        }

        return null;
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
