using Octopoda.Cli.Commands;
using Octopoda.Protocol.Tasks;

namespace Octopoda.Cli.Tasks;

/// <summary>Task states by their wire names, as <c>--state</c> takes them.</summary>
internal static class TaskStates
{
    /// <summary>Every state's wire name, in life-cycle order.</summary>
    public static readonly string[] Names = Enum.GetValues<TaskState>().Select(s => s.ToWireName()).ToArray();

    /// <summary>The state named <paramref name="name"/> (any case), or null.</summary>
    public static TaskState? Parse(string? name) =>
        Enum.GetValues<TaskState>().Where(s => string.Equals(s.ToWireName(), name?.Trim(), StringComparison.OrdinalIgnoreCase))
            .Select(s => (TaskState?)s).FirstOrDefault();

    /// <summary>Spectre markup for a state, coloured by what it means for a run.</summary>
    public static string Markup(TaskState state) => $"[{Colour(state)}]{state.ToWireName()}[/]";

    /// <summary>Green for success, red for failure, yellow for an unreachable node, grey while unfinished.</summary>
    public static string Colour(TaskState state) => BatchOutcome.Classify(state) switch
    {
        Verdict.Succeeded => "green",
        Verdict.Failed => "red",
        Verdict.Unreachable => "yellow",
        _ => "grey",
    };
}
