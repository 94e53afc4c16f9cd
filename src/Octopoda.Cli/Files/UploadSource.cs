using Octopoda.Protocol.Files;

namespace Octopoda.Cli.Files;

/// <summary>
/// The local file or directory an upload sends, checked before anything is sent. A file travels as one tar entry
/// named by its file name; a directory as <c>name/</c> and everything under it, so it lands as
/// <c>&lt;targetDir&gt;/name</c>.
/// </summary>
/// <param name="FullPath">What is read: the path given, made absolute, with a symbolic link given there followed.</param>
/// <param name="EntryName">The name of the top entry: the last segment of the path as given.</param>
/// <param name="IsDirectory">True for a directory tree.</param>
internal sealed record UploadSource(string FullPath, string EntryName, bool IsDirectory)
{
    /// <summary>
    /// Resolves <paramref name="path"/> (relative to <paramref name="currentDirectory"/>); throws
    /// <see cref="OctlUsageException"/> when it cannot be sent.
    /// </summary>
    public static UploadSource Resolve(string path, string currentDirectory)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path, currentDirectory));
        var name = Path.GetFileName(full);
        FileSystemInfo given = Directory.Exists(full) ? new DirectoryInfo(full) : new FileInfo(full);
        if (!given.Exists && given.LinkTarget is null)
        {
            throw new OctlUsageException($"{full} does not exist: give a local file or directory to upload");
        }

        // A link named on the command line is followed, as cp and scp do; links inside a tree travel as links.
        var target = given.LinkTarget is null ? given : given.ResolveLinkTarget(returnFinalTarget: true);
        if (target is null || !target.Exists)
        {
            throw new OctlUsageException(
                $"{full} is a symbolic link to {given.LinkTarget}, which does not exist: give a local file or directory to upload");
        }

        if (name.Length == 0)
        {
            throw new OctlUsageException($"cannot upload {full} as a whole: name a directory or a file inside it");
        }

        if (target is FileInfo file && SpecialFiles.Describe(file) is { } kind)
        {
            throw new OctlUsageException($"{full} is {kind}: only files and directories can be uploaded");
        }

        return new UploadSource(target.FullName, name, target is DirectoryInfo);
    }

    /// <summary>Every entry to send with its name in the archive (see <see cref="ArchiveTree.Entries"/>).</summary>
    public IEnumerable<(FileSystemInfo Info, string Name)> Entries() => ArchiveTree.Entries(FullPath, EntryName, IsDirectory);

    /// <summary>The bytes of the regular files to send, for a progress bar; null when the tree cannot be walked.</summary>
    public long? MeasureBytes()
    {
        try
        {
            return Entries().Where(e => e.Info is FileInfo { LinkTarget: null }).Sum(e => ((FileInfo)e.Info).Length);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Sending it will say what is wrong; the bar just has no end.
            return null;
        }
    }
}
