using System.CommandLine;
using Octopoda.Cli.Commands;
using Octopoda.Cli.Output;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Files;
using Octopoda.Protocol.Json;
using Spectre.Console;

namespace Octopoda.Cli.Files;

/// <summary>
/// <c>octl file upload [-f] &lt;local file|dir&gt; &lt;targetDir&gt; &lt;targets…&gt; [--ttl d]</c>: streams the file or
/// tree to the Brain as a tar stream, read once as it is sent (with a progress bar on a terminal), then shows each
/// node's result, and gives the exit code, as <c>cmd run</c> does. With the one target <c>brain</c>, the stream is
/// kept in the Brain's file store as <c>&lt;targetDir&gt;/&lt;name&gt;</c> instead, for <c>file spread</c>.
/// </summary>
internal sealed class FileUploadCommand : Command
{
    private readonly Argument<string> _source = new("source")
    {
        Description = "The local file or directory; a directory arrives as <targetDir>/<its name>, with its modes, times and symbolic links",
    };

    private readonly Argument<string> _directory = new("targetDir")
    {
        Description = FileCommandOptions.TargetDirectoryDescription + "; with the target brain, the directory in the Brain's store ('.' for none)",
    };

    private readonly Argument<string[]> _targets = new("targets")
    {
        Description = "Node names, @groups or ALL; or brain alone, to keep it in the Brain's file store",
        Arity = ArgumentArity.OneOrMore,
    };

    private readonly Option<bool> _force = new("--force", "-f")
    {
        // A bare flag: "-f true" must not eat a target.
        Arity = ArgumentArity.Zero,
        Description = "Create the target directory on nodes where it does not exist",
    };

    private readonly Option<int?> _ttl = Durations.Option(
        "--ttl",
        "",
        $"How long a transfer may wait for an offline node before it expires ({Durations.Forms}; default 0: expire at once)",
        minimumSeconds: 0);

    public FileUploadCommand(OctlContext context)
        : base("upload", "Upload a local file or directory to nodes and show each node's result")
    {
        Arguments.Add(_source);
        Arguments.Add(_directory);
        Arguments.Add(_targets);
        Options.Add(_force);
        Options.Add(_ttl);
        SetAction((parse, cancellationToken) => context.RunAsync(parse, session => ExecuteAsync(session, parse, cancellationToken)));
    }

    private async Task<int> ExecuteAsync(OctlSession session, ParseResult parse, CancellationToken cancellationToken)
    {
        var targets = parse.GetRequiredValue(_targets);
        var toStore = targets.Any(BrainStore.IsStore);
        if (toStore && targets.Length > 1)
        {
            throw new OctlUsageException(
                $"'{BrainStore.Target}' keeps the upload in the Brain's file store and cannot be mixed with node targets: "
                + "upload to brain alone, then send it on with 'octl file spread <name> <targetDir> <targets…>'");
        }

        var source = UploadSource.Resolve(parse.GetRequiredValue(_source), session.Environment.CurrentDirectory);
        if (toStore)
        {
            return await StoreAsync(session, source, BrainStore.NameFor(parse.GetRequiredValue(_directory), source.EntryName), cancellationToken);
        }

        var submission = await TransferProgress.RunAsync(
            session, $"uploading {source.EntryName}", source.MeasureBytes, progress => UploadAsync(session, parse, source, progress, cancellationToken));
        return await BatchRunner.RunAsync(session, submission, follow: false, aligned: false, cancellationToken);
    }

    private static async Task<int> StoreAsync(OctlSession session, UploadSource source, string name, CancellationToken cancellationToken)
    {
        var stored = await TransferProgress.RunAsync(
            session, $"uploading {source.EntryName}", source.MeasureBytes, async progress =>
            {
                await using var tar = TarStreamSource.Start(source, progress, message => Warn(session, message));
                return await session.Client.StoreAsync(tar.Stream, name, cancellationToken);
            });
        switch (session.Format)
        {
            case OutputFormat.Json:
                JsonOutput.Write(session.OutWriter, stored, ProtocolJsonContext.Default.FileEntryView);
                break;
            case OutputFormat.Lines:
                session.OutWriter.WriteLine(FileErrors.Quote(stored.Name));
                break;
            default:
                session.OutConsole.MarkupLine(Markup.Escape(
                    $"kept {FileErrors.Quote(stored.Name)} in the Brain's file store ({stored.Size} bytes); "
                    + "send it on to nodes with 'octl file spread <name> <targetDir> <targets…>'"));
                break;
        }

        return ExitCodes.Success;
    }

    private static void Warn(OctlSession session, string message) =>
        session.ErrorConsole.MarkupLine($"[yellow]warning:[/] {Markup.Escape(message)}");

    private async Task<RunSubmission> UploadAsync(
        OctlSession session, ParseResult parse, UploadSource source, Action<long> progress, CancellationToken cancellationToken)
    {
        await using var tar = TarStreamSource.Start(source, progress, message => Warn(session, message));
        return await session.Client.UploadAsync(
            tar.Stream, parse.GetRequiredValue(_directory), parse.GetRequiredValue(_targets), parse.GetValue(_force), parse.GetValue(_ttl) ?? 0,
            cancellationToken);
    }
}
