using System.CommandLine;
using Octopoda.Cli.Output;
using Octopoda.Protocol.Files;
using Octopoda.Protocol.Json;
using Spectre.Console;

namespace Octopoda.Cli.Files;

/// <summary>
/// <c>octl file ls [dir] &lt;node|brain&gt;</c>: a directory on a node (default <c>@fstore</c>) or the Brain's file store
/// (names under a prefix, default all), as <c>ls -l</c> shows it; <c>-o json</c> prints the listing as the Brain
/// sends it, <c>-o lines</c> the names alone.
/// </summary>
internal sealed class FileLsCommand : Command
{
    /// <summary>What a node lists when no directory is given: where uploads land by default.</summary>
    private const string NodeDefault = "@fstore";

    private readonly Argument<string[]> _arguments = new("arguments")
    {
        HelpName = "dir> <node|brain",
        Description = "An optional directory (on a node: absolute, a path variable or relative to @fstore, default @fstore; "
            + "in the Brain's store: a name prefix, default all), then the node, or brain for the Brain's file store",
        Arity = new ArgumentArity(1, 2),
    };

    public FileLsCommand(OctlContext context)
        : base("ls", "List a directory on a node, or the Brain's file store")
    {
        Arguments.Add(_arguments);
        SetAction((parse, cancellationToken) => context.RunAsync(parse, session => ExecuteAsync(session, parse, cancellationToken)));
    }

    private async Task<int> ExecuteAsync(OctlSession session, ParseResult parse, CancellationToken cancellationToken)
    {
        var arguments = parse.GetRequiredValue(_arguments);
        var where = arguments[^1];
        var directory = arguments.Length == 2 ? arguments[0] : null;
        if (string.IsNullOrWhiteSpace(where))
        {
            throw new OctlUsageException("name the node to list, or brain for the Brain's file store: octl file ls [dir] <node|brain>");
        }

        FileListing listing;
        string heading;
        if (BrainStore.IsStore(where))
        {
            listing = await session.Client.ListStoreAsync(directory ?? "", cancellationToken);
            heading = listing.Path;
        }
        else
        {
            if (directory is { Length: 0 })
            {
                throw new OctlUsageException($"the directory to list on {where} is empty: leave it out to list {NodeDefault}");
            }

            listing = await session.Client.ListFilesAsync(where, directory ?? NodeDefault, cancellationToken);
            heading = $"{where}:{listing.Path}";
        }

        Write(session, listing, heading);
        return ExitCodes.Success;
    }

    private static void Write(OctlSession session, FileListing listing, string heading)
    {
        switch (session.Format)
        {
            case OutputFormat.Json:
                JsonOutput.Write(session.OutWriter, listing, ProtocolJsonContext.Default.FileListing);
                return;
            case OutputFormat.Lines:
                foreach (var entry in listing.Entries)
                {
                    session.OutWriter.WriteLine(FileErrors.Quote(entry.Name));
                }

                break;
            default:
                if (listing.Entries.Count == 0)
                {
                    session.OutConsole.MarkupLine(Markup.Escape($"nothing in {FileErrors.Quote(heading)}"));
                    break;
                }

                session.OutConsole.MarkupLine($"[grey]{Markup.Escape(FileErrors.Quote(heading))}[/]");
                foreach (var row in FileListingView.Rows(listing, session.Environment.Time.LocalTimeZone))
                {
                    session.OutWriter.WriteLine(row);
                }

                session.OutWriter.Flush();
                break;
        }

        if (listing.Truncated)
        {
            session.ErrorConsole.MarkupLine(Markup.Escape(
                $"note: only the first {listing.Entries.Count} entries are shown; list a directory further down to see the rest"));
        }
    }
}
