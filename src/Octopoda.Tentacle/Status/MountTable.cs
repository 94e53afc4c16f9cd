using System.Text;

namespace Octopoda.Tentacle.Status;

/// <summary>Answers which mount point holds a path, from the text of <c>/proc/mounts</c>.</summary>
internal static class MountTable
{
    /// <summary>
    /// The longest mount point that is <paramref name="fullPath"/> itself or one of its ancestors, or <c>/</c>
    /// when none matches or the table is missing. On a tie the later line wins: a later mount on the same
    /// point hides the earlier one.
    /// </summary>
    /// <remarks>
    /// We match text, not devices, so that a workspace that does not exist yet still resolves to the file system
    /// it will be created on. The cost: a path reaching another file system through a symbolic link resolves to
    /// the file system of the link, not of its target; pass a path without links.
    /// </remarks>
    public static string FindMountPoint(string? mountsText, string fullPath)
    {
        var path = fullPath.Length > 1 ? fullPath.TrimEnd('/') : fullPath;
        var best = "/";
        if (string.IsNullOrEmpty(mountsText) || path.Length == 0 || path[0] != '/')
        {
            return best;
        }

        foreach (var line in mountsText.AsSpan().EnumerateLines())
        {
            // "device mountpoint fstype options dump pass"
            var rest = line.TrimStart();
            var space = rest.IndexOfAny(' ', '\t');
            if (space < 0)
            {
                continue;
            }

            rest = rest[space..].TrimStart();
            var end = rest.IndexOfAny(' ', '\t');
            var field = end < 0 ? rest : rest[..end];
            if (field.IsEmpty || field[0] != '/')
            {
                continue;
            }

            var mountPoint = Unescape(field);
            if (mountPoint.Length >= best.Length && Contains(mountPoint, path))
            {
                best = mountPoint;
            }
        }

        return best;
    }

    private static bool Contains(string mountPoint, string path)
    {
        if (mountPoint == "/")
        {
            return true;
        }

        // "/home" holds "/home" and "/home/x", not "/homework".
        return path.StartsWith(mountPoint, StringComparison.Ordinal)
            && (path.Length == mountPoint.Length || path[mountPoint.Length] == '/');
    }

    // The kernel writes space, tab, newline and backslash in a mount point as octal escapes: "\040" and so on.
    private static string Unescape(ReadOnlySpan<char> field)
    {
        if (!field.Contains('\\'))
        {
            return field.ToString();
        }

        var builder = new StringBuilder(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length && IsOctal(field[i + 1]) && IsOctal(field[i + 2]) && IsOctal(field[i + 3]))
            {
                builder.Append((char)(((field[i + 1] - '0') * 64) + ((field[i + 2] - '0') * 8) + (field[i + 3] - '0')));
                i += 3;
            }
            else
            {
                builder.Append(field[i]);
            }
        }

        return builder.ToString();
    }

    private static bool IsOctal(char c) => c is >= '0' and <= '7';
}
