using System.CommandLine;

namespace Octopoda.Cli.Files;

/// <summary><c>octl file</c>: move files and directory trees to nodes.</summary>
internal sealed class FileCommand : Command
{
    public FileCommand(OctlContext context)
        : base("file", "Upload files and directory trees to nodes")
    {
        Subcommands.Add(new FileUploadCommand(context));
    }
}
