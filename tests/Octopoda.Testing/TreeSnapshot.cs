using System.Security.Cryptography;

namespace Octopoda.Testing;

/// <summary>What a directory tree holds, entry by entry, to compare two trees: type, mode, modification second, and a file's SHA-256 or a link's target.</summary>
public static class TreeSnapshot
{
    public static SortedDictionary<string, string> Of(string root)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories))
        {
            var info = new FileInfo(path);
            var name = Path.GetRelativePath(root, path);
            result[name] = info.LinkTarget is { } target
                ? $"link -> {target}"
                : Directory.Exists(path)
                    ? $"dir {Convert.ToString((int)File.GetUnixFileMode(path), 8)} {new DateTimeOffset(Directory.GetLastWriteTimeUtc(path)).ToUnixTimeSeconds()}"
                    : $"file {Convert.ToString((int)File.GetUnixFileMode(path), 8)} {new DateTimeOffset(info.LastWriteTimeUtc).ToUnixTimeSeconds()} {Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)))}";
        }

        return result;
    }

    /// <summary>
    /// Writes a small tree under <paramref name="root"/> with modes, times, a sub-directory, a symlink and a name with
    /// spaces, quotes and a newline; returns its snapshot.
    /// </summary>
    public static SortedDictionary<string, string> MakeSample(string root, DateTimeOffset modified)
    {
        Directory.CreateDirectory(Path.Combine(root, "bin"));
        Write(Path.Combine(root, "index.html"), "<h1>hello</h1>", 0b110_100_100);
        Write(Path.Combine(root, "bin", "run me.sh"), "#!/bin/sh\necho hi\n", 0b111_101_101);
        Write(Path.Combine(root, "odd 'name' \"q\"\nline"), new string('x', 70_000), 0b110_000_000);
        File.CreateSymbolicLink(Path.Combine(root, "link"), "index.html");
        File.SetUnixFileMode(Path.Combine(root, "bin"), (UnixFileMode)0b111_101_000);
        Directory.SetLastWriteTimeUtc(Path.Combine(root, "bin"), modified.UtcDateTime);
        return Of(root);

        void Write(string path, string text, int mode)
        {
            File.WriteAllText(path, text);
            File.SetUnixFileMode(path, (UnixFileMode)mode);
            File.SetLastWriteTimeUtc(path, modified.UtcDateTime);
        }
    }
}
