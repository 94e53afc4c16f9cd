using System.CommandLine;

namespace Octopoda.Cli.Files;

/// <summary><c>octl file</c>: move files and directory trees between this machine, the Brain's file store and nodes.</summary>
internal sealed class FileCommand : Command
{
    public FileCommand(OctlContext context)
        : base("file", "Move files and directory trees between this machine, the Brain's file store and nodes")
    {
        Subcommands.Add(new FileUploadCommand(context));
        Subcommands.Add(new FileDownloadCommand(context));
        Subcommands.Add(new FileLsCommand(context));
        Subcommands.Add(new FileSpreadCommand(context));
        Subcommands.Add(new FileCopyCommand(context));
        Subcommands.Add(new FileRmCommand(context));
    }
}
