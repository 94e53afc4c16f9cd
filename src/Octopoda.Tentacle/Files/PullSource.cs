using Octopoda.Protocol.Files;

namespace Octopoda.Tentacle.Files;

/// <summary>
/// What a <c>file.pull</c> sends, checked before anything is written: a file travels as one tar entry named by the
/// path's last name; a directory as <c>name/</c> and everything under it (links inside it as links).
/// </summary>
/// <param name="FullPath">What is read: the resolved path, with a symbolic link named there followed.</param>
/// <param name="EntryName">The top entry's name: the last name of the path as given.</param>
/// <param name="IsDirectory">True for a directory tree.</param>
internal sealed record PullSource(string FullPath, string EntryName, bool IsDirectory)
{
    /// <summary>Checks the resolved <paramref name="path"/>; a failure says why it cannot be sent from <paramref name="nodeName"/>.</summary>
    public static FileReceiveResult<PullSource> Resolve(string path, string nodeName)
    {
        var name = Path.GetFileName(path);
        if (name.Length == 0)
        {
            return Fail($"cannot pull {FileErrors.Quote(path)} as a whole: name a directory or a file inside it");
        }

        var found = PathLookup.Find(path, nodeName);
        if (!found.Succeeded)
        {
            return FileReceiveResult<PullSource>.From(found);
        }

        // A link named in the pull is followed, as cp and scp do; links inside a tree travel as links.
        var target = found.Value;
        if (target.LinkTarget is { } link)
        {
            try
            {
                // Directory.Exists follows the link: a link to a directory resolves as one.
                FileSystemInfo given = Directory.Exists(path) ? new DirectoryInfo(path) : new FileInfo(path);
                target = given.ResolveLinkTarget(returnFinalTarget: true);
            }
            catch (IOException ex)
            {
                return Fail($"{FileErrors.Quote(path)} is a symbolic link on {nodeName} that cannot be followed: {ex.Message}");
            }

            if (target is null || !target.Exists)
            {
                return Fail($"{FileErrors.Quote(path)} is a symbolic link to {FileErrors.Quote(link)}, which does not exist on {nodeName}");
            }
        }

        if (target is FileInfo file && SpecialFiles.Describe(file) is { } kind)
        {
            return Fail($"{FileErrors.Quote(path)} is {kind} on {nodeName}: only files and directories can be pulled");
        }

        return FileReceiveResult<PullSource>.Ok(new PullSource(target.FullName, name, target is DirectoryInfo));
    }

    /// <summary>Every entry to archive with its name (see <see cref="ArchiveTree.Entries"/>).</summary>
    public IEnumerable<(FileSystemInfo Info, string Name)> Entries() => ArchiveTree.Entries(FullPath, EntryName, IsDirectory);

    private static FileReceiveResult<PullSource> Fail(string error) => FileReceiveResult<PullSource>.Fail(FileFailure.InvalidPath, error);
}
