using System.Globalization;
using Octopoda.Cli.Output;
using Octopoda.Protocol.Api;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Octopoda.Cli.Nodes;

/// <summary>The table of <c>octl node status</c>.</summary>
internal static class NodeStatusView
{
    public static void Render(IAnsiConsole console, NodeStatusResponse response)
    {
        var table = new Table().Border(TableBorder.None);
        foreach (var header in new[] { "NAME", "PLATFORM", "CORES", "CPU (NOW/1M)", "MEMORY", "DISK /", "DISK WORKSPACE", "LOCAL TIME" })
        {
            table.AddColumn(new TableColumn(new Markup($"[bold]{header}[/]")).PadLeft(0).PadRight(2));
        }

        foreach (var entry in response.Nodes)
        {
            table.AddRow(Row(entry));
        }

        if (response.Nodes.Count > 0)
        {
            console.Write(table);
        }

        var answering = response.Nodes.Count(n => n.Status is not null);
        console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"{HumanFormat.Count(answering, "node")} answering of {response.Nodes.Count}; average CPU {HumanFormat.Percent(response.AverageCpuLoad)}, " +
            $"memory {HumanFormat.Percent(response.AverageMemoryUsage)}, disk / {HumanFormat.Percent(response.AverageDiskUsage)}"));
    }

    private static IRenderable[] Row(NodeStatusEntry entry)
    {
        if (entry.Status is not { } s)
        {
            return
            [
                new Text(entry.Name),
                new Markup($"[red]{Markup.Escape(entry.Error ?? "no answer")}[/]"),
                Text.Empty, Text.Empty, Text.Empty, Text.Empty, Text.Empty, Text.Empty,
            ];
        }

        return
        [
            new Text(entry.Name),
            new Text(s.Platform),
            new Text(s.CpuCores.ToString(CultureInfo.InvariantCulture)),
            new Text($"{HumanFormat.Percent(s.CpuLoadShort)}/{HumanFormat.Percent(s.CpuLoadLong)}"),
            new Text(HumanFormat.Usage(s.MemoryUsedBytes, s.MemoryTotalBytes)),
            new Text(HumanFormat.Usage(s.DiskRootUsedBytes, s.DiskRootTotalBytes)),
            new Text(HumanFormat.Usage(s.DiskWorkspaceUsedBytes, s.DiskWorkspaceTotalBytes)),
            new Text(s.LocalTime.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture)),
        ];
    }
}
