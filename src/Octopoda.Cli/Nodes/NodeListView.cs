using Octopoda.Cli.Output;
using Octopoda.Protocol.Api;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Octopoda.Cli.Nodes;

/// <summary>The table of <c>octl node get</c>.</summary>
internal static class NodeListView
{
    public static void Render(IAnsiConsole console, NodeListResponse response, DateTimeOffset now)
    {
        var brain = response.Brain;
        console.MarkupLine($"[bold]Brain[/] {Markup.Escape(brain.Name)} {Markup.Escape(brain.Version)} at {Markup.Escape(brain.Address)}");

        var table = new Table().Border(TableBorder.None).ShowHeaders();
        foreach (var header in new[] { "NAME", "STATE", "ADDRESS", "VERSION", "DELAY", "ONLINE / LAST SEEN" })
        {
            table.AddColumn(new TableColumn(new Markup($"[bold]{header}[/]")).PadLeft(0).PadRight(2));
        }

        foreach (var node in response.Nodes)
        {
            table.AddRow(new IRenderable[]
            {
                new Text(node.Name),
                new Markup(StateMarkup(node.State)),
                new Text(node.Address ?? ""),
                new Text(node.Version ?? ""),
                new Text(node.DelayMs is { } delay ? HumanFormat.Delay(delay) : ""),
                new Text(Presence(node, now)),
            });
        }

        if (response.Nodes.Count > 0)
        {
            console.Write(table);
        }

        console.MarkupLine(
            $"{HumanFormat.Count(response.Total, "node")}: [green]{response.Online} online[/], " +
            $"[yellow]{response.Unstable} unstable[/], [red]{response.Offline} offline[/]");
    }

    /// <summary>How long the node has been connected, or when it was last heard from.</summary>
    internal static string Presence(NodeView node, DateTimeOffset now) => node switch
    {
        { OnlineSince: { } since } => HumanFormat.Duration(now - since),
        { LastSeen: { } seen } => $"seen {HumanFormat.Duration(now - seen)} ago",
        _ => "never seen",
    };

    private static string StateMarkup(NodeState state) => state switch
    {
        NodeState.Online => "[green]online[/]",
        NodeState.Unstable => "[yellow]unstable[/]",
        _ => "[red]offline[/]",
    };
}
