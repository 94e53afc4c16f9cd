using System.CommandLine;
using Octopoda.Cli.Commands;
using Octopoda.Protocol.Api;
using Spectre.Console;

namespace Octopoda.Cli.Files;

/// <summary>
/// <c>octl file upload [-f] &lt;local file|dir&gt; &lt;targetDir&gt; &lt;targets…&gt; [--ttl d]</c>: streams the file or
/// tree to the Brain as a tar stream, read once as it is sent (with a progress bar on a terminal), then shows each
/// node's result, and gives the exit code, as <c>cmd run</c> does.
/// </summary>
internal sealed class FileUploadCommand : Command
{
    private readonly Argument<string> _source = new("source")
    {
        Description = "The local file or directory; a directory arrives as <targetDir>/<its name>, with its modes, times and symbolic links",
    };

    private readonly Argument<string> _directory = new("targetDir")
    {
        Description = "Where it lands on each node: an absolute path, a path variable (@fstore, @workspace, @log, @pakma, @root; "
            + "e.g. @fstore/app) or a path relative to @fstore",
    };

    private readonly Argument<string[]> _targets = new("targets")
    {
        Description = "Node names, @groups or ALL",
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
        var source = UploadSource.Resolve(parse.GetRequiredValue(_source), session.Environment.CurrentDirectory);
        var submission = await UploadProgress.RunAsync(
            session, $"uploading {source.EntryName}", source.MeasureBytes, progress => UploadAsync(session, parse, source, progress, cancellationToken));
        return await BatchRunner.RunAsync(session, submission, follow: false, aligned: false, cancellationToken);
    }

    private async Task<RunSubmission> UploadAsync(
        OctlSession session, ParseResult parse, UploadSource source, Action<long> progress, CancellationToken cancellationToken)
    {
        void Warn(string message) => session.ErrorConsole.MarkupLine($"[yellow]warning:[/] {Markup.Escape(message)}");
        await using var tar = TarStreamSource.Start(source, progress, Warn);
        return await session.Client.UploadAsync(
            tar.Stream, parse.GetRequiredValue(_directory), parse.GetRequiredValue(_targets), parse.GetValue(_force), parse.GetValue(_ttl) ?? 0,
            cancellationToken);
    }
}
