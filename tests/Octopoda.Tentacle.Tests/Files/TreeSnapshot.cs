using System.Security.Cryptography;

namespace Octopoda.Tentacle.Tests.Files;

/// <summary>
/// A directory tree as comparable values: for each entry (by relative path) its kind, permission bits, modification
/// time to the second and content hash or link target. Links are described, not followed.
/// </summary>
internal static class TreeSnapshot
{
    private static readonly EnumerationOptions Everything = new() { AttributesToSkip = 0, RecurseSubdirectories = false };

    public static IReadOnlyList<string> Of(string root)
    {
        var lines = new List<string> { Describe(root, ".") };
        Walk(root, root, lines);
        return lines;
    }

    private static void Walk(string root, string directory, List<string> lines)
    {
        foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos("*", Everything).OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(root, entry.FullName);
            lines.Add(Describe(entry.FullName, relative));
            if (entry is DirectoryInfo && entry.LinkTarget is null)
            {
                Walk(root, entry.FullName, lines);
            }
        }
    }

    private static string Describe(string path, string relative)
    {
        var file = new FileInfo(path);
        if (file.LinkTarget is { } target)
        {
            return $"{relative} -> {target}";
        }

        var seconds = new DateTimeOffset(File.GetLastWriteTimeUtc(path)).ToUnixTimeSeconds();
        if (Directory.Exists(path))
        {
            return $"{relative}/ {Convert.ToString((int)File.GetUnixFileMode(path), 8)} {seconds}";
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
        return $"{relative} {Convert.ToString((int)file.UnixFileMode, 8)} {seconds} {file.Length} {hash}";
    }
}
