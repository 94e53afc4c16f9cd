using Octopoda.Cli.Output;
using Octopoda.Protocol.Api;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Octopoda.Cli.Access;

/// <summary>The table of <c>octl token list</c>.</summary>
internal static class TokenListView
{
    public static void Render(IAnsiConsole console, TokenListResponse list, DateTimeOffset now)
    {
        if (list.Tokens.Count == 0)
        {
            console.MarkupLine("no tokens; 'octl login ACCOUNT' makes one");
            return;
        }

        var table = new Table().Border(TableBorder.None);
        foreach (var header in new[] { "ID", "NAME", "ACCOUNT", "CREATED", "EXPIRES", "STATE" })
        {
            table.AddColumn(new TableColumn(new Markup($"[bold]{header}[/]")).PadLeft(0).PadRight(2));
        }

        foreach (var token in list.Tokens)
        {
            table.AddRow(new IRenderable[]
            {
                new Text(token.Id),
                new Text(token.Name),
                new Text(token.Account),
                new Text(HumanFormat.Timestamp(token.CreatedAt)),
                new Text(token.ExpiresAt is { } expires ? HumanFormat.Timestamp(expires) : "never"),
                new Markup(State(token, now)),
            });
        }

        console.Write(table);
        console.MarkupLine($"[grey]{HumanFormat.Count(list.Tokens.Count, "token")}[/]");
    }

    /// <summary>Revoked, expired, or working (the one this request used says so).</summary>
    private static string State(TokenView token, DateTimeOffset now) => token switch
    {
        { RevokedAt: not null } => "[grey]revoked[/]",
        { ExpiresAt: { } expires } when expires <= now => "[grey]expired[/]",
        { Current: true } => "[green]active (this one)[/]",
        _ => "[green]active[/]",
    };
}
