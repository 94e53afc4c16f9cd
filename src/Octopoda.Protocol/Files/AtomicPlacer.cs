using System.Text;

namespace Octopoda.Protocol.Files;

/// <summary>
/// Moves the top-level entries of a staging directory into the target directory by renames (same file system),
/// so no partial file is ever visible under its name. An entry that would be replaced is first renamed aside to
/// <c>.octopoda-old-&lt;transferId&gt;-&lt;name&gt;</c>; the old versions are deleted once every new entry is in place,
/// and if any rename fails the entries placed so far are taken out again and the old ones put back. The staging
/// directory is removed at the end whatever happened.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public static class AtomicPlacer
{
    /// <summary>Linux's NAME_MAX: the longest name of one directory entry, in bytes.</summary>
    private const int MaxNameBytes = 255;

    /// <summary>
    /// Checks the target is a directory, creating it (with its parents) only when <paramref name="force"/> is set.
    /// On success the value is the topmost directory it created, or "" if the target existed.
    /// </summary>
    public static FileReceiveResult<string> PrepareTarget(string targetDirectory, bool force)
    {
        if (Directory.Exists(targetDirectory))
        {
            return FileReceiveResult<string>.Ok("");
        }

        if (Path.Exists(targetDirectory))
        {
            return FileReceiveResult<string>.Fail(FileFailure.TargetNotDirectory, $"target {targetDirectory} is a file, not a directory: name the directory to put it in");
        }

        if (!force)
        {
            return FileReceiveResult<string>.Fail(FileFailure.TargetMissing, $"target directory {targetDirectory} does not exist; use -f to create it");
        }

        var topmost = targetDirectory;
        for (var parent = Path.GetDirectoryName(targetDirectory); parent is not null && !Path.Exists(parent); parent = Path.GetDirectoryName(parent))
        {
            topmost = parent;
        }

        try
        {
            Directory.CreateDirectory(targetDirectory);
            return FileReceiveResult<string>.Ok(topmost);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return FileReceiveResult<string>.From(FileErrors.From(ex, $"creating the target directory {targetDirectory}"));
        }
    }

    public static string AsideName(string transferId, string name, int index)
    {
        var aside = $"{ArchiveNames.AsidePrefix}{transferId}-{name}";
        return Encoding.UTF8.GetByteCount(aside) <= MaxNameBytes ? aside : $"{ArchiveNames.AsidePrefix}{transferId}-{index}";
    }

    public static FileReceiveResult<PlacedEntries> Place(string stagingDirectory, string targetDirectory, string transferId, bool force)
    {
        try
        {
            var id = TransferIds.Check(transferId);
            if (!id.Succeeded)
            {
                return FileReceiveResult<PlacedEntries>.From(id);
            }

            var target = PrepareTarget(targetDirectory, force);
            return target.Succeeded ? PlaceEntries(stagingDirectory, targetDirectory, transferId) : FileReceiveResult<PlacedEntries>.From(target);
        }
        finally
        {
            TreeDeleter.TryDelete(stagingDirectory);
        }
    }

    private static FileReceiveResult<PlacedEntries> PlaceEntries(string stagingDirectory, string targetDirectory, string transferId)
    {
        var names = new List<string>();
        var moves = new List<Move>();
        try
        {
            names.AddRange(new DirectoryInfo(stagingDirectory).EnumerateFileSystemInfos().Select(i => i.Name).Order(StringComparer.Ordinal));
            for (var i = 0; i < names.Count; i++)
            {
                var move = new Move(Path.Join(stagingDirectory, names[i]), Path.Join(targetDirectory, names[i]), Path.Join(targetDirectory, AsideName(transferId, names[i], i)));
                moves.Add(move);
                if (Path.Exists(move.Target))
                {
                    // Left by an interrupted attempt at this same transfer: the entry it set aside was replaced then.
                    TreeDeleter.Delete(move.Aside);
                    Directory.Move(move.Target, move.Aside);
                    move.SetAside = true;
                }

                MoveIn(move.Staged, move.Target);
                move.Placed = true;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var failure = FileErrors.From(ex, moves.Count == 0 ? $"reading the staging directory {stagingDirectory}" : $"placing '{FileErrors.Quote(moves[^1].Name)}' in {targetDirectory}");
            var unrestored = RollBack(moves);
            return FileReceiveResult<PlacedEntries>.Fail(failure.Failure, unrestored.Count == 0
                ? failure.Error + "; nothing was changed"
                : failure.Error + "; and some entries could not be put back: " + string.Join("; ", unrestored));
        }

        var warnings = new List<string>();
        foreach (var move in moves.Where(m => m.SetAside))
        {
            if (!TreeDeleter.TryDelete(move.Aside))
            {
                warnings.Add($"'{FileErrors.Quote(move.Name)}' was replaced, but its previous version at {FileErrors.Quote(move.Aside)} could not be deleted: remove it by hand");
            }
        }

        return FileReceiveResult<PlacedEntries>.Ok(new PlacedEntries(names, warnings));
    }

    /// <summary>
    /// Renames an entry into place. Moving a directory to another parent rewrites its ".." entry, which needs write
    /// permission on it (for a Tentacle not running as root), so a read-only directory is opened for the move.
    /// </summary>
    private static void MoveIn(string staged, string target)
    {
        var info = new DirectoryInfo(staged);
        if (info.LinkTarget is null && info.Exists && !info.UnixFileMode.HasFlag(UnixFileMode.UserWrite))
        {
            var mode = info.UnixFileMode;
            File.SetUnixFileMode(staged, mode | UnixFileMode.UserWrite);
            Directory.Move(staged, target);
            File.SetUnixFileMode(target, mode);
            return;
        }

        // Directory.Move is rename(2) for any kind of entry (file, directory, link), and refuses an existing target.
        Directory.Move(staged, target);
    }

    /// <summary>Undoes the moves in reverse order; returns what could not be undone, in words.</summary>
    private static List<string> RollBack(List<Move> moves)
    {
        var problems = new List<string>();
        for (var i = moves.Count - 1; i >= 0; i--)
        {
            var move = moves[i];
            try
            {
                if (move.Placed)
                {
                    Directory.Move(move.Target, move.Staged);
                }

                if (move.SetAside)
                {
                    Directory.Move(move.Aside, move.Target);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                problems.Add(move.SetAside
                    ? $"the previous '{FileErrors.Quote(move.Name)}' is at {FileErrors.Quote(move.Aside)} ({ex.Message}): rename it back by hand"
                    : $"'{FileErrors.Quote(move.Name)}' could not be taken out again ({ex.Message})");
            }
        }

        return problems;
    }

    private sealed class Move(string staged, string target, string aside)
    {
        public string Staged => staged;

        public string Target => target;

        public string Aside => aside;

        public string Name => Path.GetFileName(staged);

        public bool SetAside { get; set; }

        public bool Placed { get; set; }
    }
}
