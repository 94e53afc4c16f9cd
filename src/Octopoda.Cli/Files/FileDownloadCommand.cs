using System.CommandLine;
using System.Runtime.Versioning;
using Octopoda.Cli.Output;
using Octopoda.Client;
using Octopoda.Protocol.Files;
using Spectre.Console;

namespace Octopoda.Cli.Files;

/// <summary>
/// <c>octl file download [-f] &lt;remote file|dir&gt; [localDir] &lt;node&gt;</c>: fetches a file or directory from a node
/// through the Brain as a tar stream (with a progress bar on a terminal), checks it against the SHA-256 the Brain
/// declared, and places it in <c>localDir</c> (default: the working directory) by the rules a Tentacle places an
/// upload by (<see cref="DownloadPlacer"/>). A node's answer is not trusted: nothing is extracted but through them.
/// </summary>
internal sealed class FileDownloadCommand : Command
{
    private readonly Argument<string[]> _arguments = new("arguments")
    {
        HelpName = "remote> [localDir] <node",
        Description = "The file or directory on the node (absolute, a path variable such as @fstore/app, or relative to @fstore), "
            + "the local directory to place it in (default: the working directory), and the node",
        Arity = new ArgumentArity(2, 3),
    };

    private readonly Option<bool> _force = FileCommandOptions.Force("Create the local directory when it does not exist");

    public FileDownloadCommand(OctlContext context)
        : base("download", "Download a file or directory from a node into a local directory")
    {
        Arguments.Add(_arguments);
        Options.Add(_force);
        SetAction((parse, cancellationToken) => context.RunAsync(parse, session => ExecuteAsync(session, parse, cancellationToken)));
    }

    private async Task<int> ExecuteAsync(OctlSession session, ParseResult parse, CancellationToken cancellationToken)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new OctlUsageException("octl file download places files with Unix modes and symbolic links; run it on Linux or macOS");
        }

        return await DownloadAsync(session, parse, cancellationToken);
    }

    [UnsupportedOSPlatform("windows")]
    private async Task<int> DownloadAsync(OctlSession session, ParseResult parse, CancellationToken cancellationToken)
    {
        var arguments = parse.GetRequiredValue(_arguments);
        var (remote, node) = (arguments[0], arguments[^1]);
        if (string.IsNullOrWhiteSpace(remote) || string.IsNullOrWhiteSpace(node))
        {
            throw new OctlUsageException("give the remote path and the node: octl file download <remote file|dir> [localDir] <node>");
        }

        if (BrainStore.IsStore(node))
        {
            throw new OctlUsageException($"'{BrainStore.Target}' is the Brain's file store, not a node: download from the node that has the file");
        }

        var local = arguments.Length == 3 ? arguments[1] : ".";
        string full;
        try
        {
            full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(local, session.Environment.CurrentDirectory));
        }
        catch (ArgumentException)
        {
            throw new OctlUsageException($"'{FileErrors.Quote(local)}' is not a usable local directory (it holds a NUL character)");
        }

        var directory = DownloadDirectory.Prepare(full, parse.GetValue(_force));
        var placed = false;
        try
        {
            await using var placer = DownloadPlacer.Create(directory.Path);
            await using var download = await session.Client.DownloadAsync(node, remote, cancellationToken);
            var expected = DownloadedTop.ExpectedName(remote);
            FileReceiveResult received;
            try
            {
                received = await TransferProgress.RunAsync(
                    session, $"downloading {FileErrors.Quote(expected ?? remote)}", () => download.Length,
                    progress => placer.ReceiveAsync(download, progress, cancellationToken));
            }
            catch (FileIntegrityException ex)
            {
                FailureReporter.Write(session.ErrorConsole, $"the download of {FileErrors.Quote(remote)} from {node} is damaged: {ex.Message}");
                return ExitCodes.TaskFailed;
            }

            var result = received.Succeeded
                ? await placer.PlaceAsync(expected, download.Length, cancellationToken)
                : FileReceiveResult<PlacedEntries>.From(received);
            if (!result.Succeeded)
            {
                FailureReporter.Write(session.ErrorConsole,
                    $"cannot place {FileErrors.Quote(remote)} from {node} in {directory.Path}: {result.Error}");
                return ExitCodes.TaskFailed;
            }

            placed = true;
            Report(session, new DownloadReport
            {
                Node = node,
                Path = remote,
                Directory = directory.Path,
                Placed = result.Value.Names,
                Bytes = download.Length,
                Sha256 = download.Sha256,
                Warnings = result.Value.Warnings,
            });
            return ExitCodes.Success;
        }
        finally
        {
            if (!placed)
            {
                directory.RemoveCreated();
            }
        }
    }

    private static void Report(OctlSession session, DownloadReport report)
    {
        foreach (var warning in report.Warnings)
        {
            session.ErrorConsole.MarkupLine($"[yellow]warning:[/] {Markup.Escape(warning)}");
        }

        switch (session.Format)
        {
            case OutputFormat.Json:
                JsonOutput.Write(session.OutWriter, report, FilesJsonContext.Default.DownloadReport);
                break;
            case OutputFormat.Lines:
                foreach (var name in report.Placed)
                {
                    session.OutWriter.WriteLine(FileErrors.Quote(Path.Join(report.Directory, name)));
                }

                break;
            default:
                var names = string.Join(", ", report.Placed.Select(FileErrors.Quote));
                session.OutConsole.MarkupLine(Markup.Escape(
                    $"placed {names} in {FileErrors.Quote(report.Directory)} ({report.Bytes} bytes received from {report.Node}, SHA-256 checked)"));
                break;
        }
    }
}
