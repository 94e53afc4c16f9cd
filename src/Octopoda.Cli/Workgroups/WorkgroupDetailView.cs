using Octopoda.Cli.Output;
using Octopoda.Protocol.Api;
using Spectre.Console;

namespace Octopoda.Cli.Workgroups;

/// <summary>The report of <c>octl wg get</c> (and of the changes that answer with the group).</summary>
internal static class WorkgroupDetailView
{
    public static void Render(IAnsiConsole console, WorkgroupView group)
    {
        Line(console, "path:", group.Path);
        Line(console, "account:", group.IsAccount ? "yes" : "no");
        Line(console, "members:", Members(group));
        Line(console, "sub-groups:", group.Children.Count == 0 ? "none" : string.Join(", ", group.Children.Select(WorkgroupPaths.Name)));
        Line(console, "allow:", Allow(group));
    }

    /// <summary>"2 nodes: n1, n2" or "none".</summary>
    public static string Members(WorkgroupView group) =>
        group.Members.Count == 0 ? "none" : $"{HumanFormat.Count(group.Members.Count, "node")}: {string.Join(", ", group.Members)}";

    /// <summary>The allow-list quoted, or what applies without one.</summary>
    public static string Allow(WorkgroupView group) =>
        group.Allow.Count == 0
            ? "no list of its own (any command its parent groups allow)"
            : string.Join(", ", group.Allow.Select(pattern => $"'{pattern}'"));

    private static void Line(IAnsiConsole console, string key, string value) =>
        console.MarkupLine($"[bold]{key}[/]{new string(' ', 12 - key.Length)}{Markup.Escape(value)}");
}
