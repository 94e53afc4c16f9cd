using System.Text;
using Octopoda.Protocol.Files;

namespace Octopoda.Tentacle.Files;

/// <summary>Describes one entry of this node's file system as a <see cref="FileEntryView"/>, as lstat sees it.</summary>
internal static class FileEntryViews
{
    /// <summary>Permission bits with setuid, setgid and sticky (07777): what <c>ls -l</c> shows.</summary>
    private const UnixFileMode ModeBits = (UnixFileMode)0xFFF;

    /// <summary>The mode of a symbolic link on Linux, whose own permission bits mean nothing.</summary>
    private const int LinkMode = 0x1FF;

    /// <summary>
    /// The entry <paramref name="info"/> (from <see cref="PathLookup"/> or a directory listing) under
    /// <paramref name="name"/>: a link is described, not followed; a FIFO, socket or device is <c>other</c>.
    /// </summary>
    public static FileEntryView Describe(FileSystemInfo info, string name)
    {
        var modified = new DateTimeOffset(info.LastWriteTimeUtc).ToUnixTimeMilliseconds();
        if (info.LinkTarget is { } target)
        {
            // A link's size is its target's length in bytes, as lstat reports it.
            return new FileEntryView { Name = name, Type = FileEntryView.Symlink, Size = Encoding.UTF8.GetByteCount(target), Mode = LinkMode, ModifiedUnixMs = modified, LinkTarget = target };
        }

        if (info is DirectoryInfo directory)
        {
            return new FileEntryView { Name = name, Type = FileEntryView.Directory, Size = 0, Mode = (int)(directory.UnixFileMode & ModeBits), ModifiedUnixMs = modified };
        }

        var file = (FileInfo)info;
        var type = SpecialFiles.Describe(file) is null ? FileEntryView.File : FileEntryView.Other;
        return new FileEntryView { Name = name, Type = type, Size = file.Length, Mode = (int)(file.UnixFileMode & ModeBits), ModifiedUnixMs = modified };
    }

    /// <summary>The entry at <paramref name="path"/> under <paramref name="name"/>, or null when it is gone (or cannot be read).</summary>
    public static FileEntryView? TryDescribe(string path, string name)
    {
        try
        {
            var file = new FileInfo(path);
            FileSystemInfo info = file.LinkTarget is null && Directory.Exists(path) ? new DirectoryInfo(path) : file;
            return info.LinkTarget is null && !info.Exists ? null : Describe(info, name);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Removed (or made unreadable) between the directory read and this lstat: it is not listed.
            return null;
        }
    }
}
