namespace Octopoda.Protocol.Files;

/// <summary>
/// The rules for names inside an archive: relative, no <c>..</c> segment, no NUL, and not one of the names this
/// Tentacle uses beside a target while placing. <c>.</c> segments and repeated or trailing slashes are dropped.
/// </summary>
public static class ArchiveNames
{
    public const string StagingPrefix = ".octopoda-staging-";
    public const string AsidePrefix = ".octopoda-old-";

    /// <summary>
    /// Splits an entry name into its segments, or says why it is refused. No segments at all means the entry names
    /// the archive's root (<c>./</c>).
    /// </summary>
    public static bool TrySplit(string name, out string[] segments, out string? error)
    {
        segments = [];
        if (name.Length == 0)
        {
            error = "an entry has an empty name";
            return false;
        }

        if (name.Contains('\0', StringComparison.Ordinal))
        {
            error = $"entry '{FileErrors.Quote(name)}' has a NUL character in its name";
            return false;
        }

        if (name[0] == '/')
        {
            error = $"entry '{FileErrors.Quote(name)}' has an absolute name; archives must hold relative names";
            return false;
        }

        var parts = name.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".").ToArray();
        if (parts.Contains(".."))
        {
            error = $"entry '{FileErrors.Quote(name)}' has a '..' segment, which could reach outside the target directory";
            return false;
        }

        if (parts.Length > 0 && (parts[0].StartsWith(StagingPrefix, StringComparison.Ordinal) || parts[0].StartsWith(AsidePrefix, StringComparison.Ordinal)))
        {
            error = $"entry '{FileErrors.Quote(name)}' uses a name reserved for placing files ({StagingPrefix}…, {AsidePrefix}…): rename it";
            return false;
        }

        segments = parts;
        error = null;
        return true;
    }
}
