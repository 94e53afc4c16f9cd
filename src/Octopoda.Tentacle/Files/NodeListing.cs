using System.IO.Enumeration;
using Octopoda.Protocol.Files;

namespace Octopoda.Tentacle.Files;

/// <summary>
/// Lists a path on this node for <c>file.list</c>: a directory's entries, or the one file or symbolic link named.
/// Links are listed, never followed. A directory of any size is read in bounded memory: only the first
/// <c>maxEntries</c> names (ordinal order) are kept while it is read, and the rest only counted.
/// </summary>
internal static class NodeListing
{
    private static readonly EnumerationOptions EveryEntry = new()
    {
        // The defaults skip hidden entries, which on Unix are the dot files; a listing shows all of them.
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        RecurseSubdirectories = false,
        MatchType = MatchType.Simple,
    };

    public static FileReceiveResult<FileListing> List(string path, string nodeName, int maxEntries, CancellationToken cancellationToken)
    {
        try
        {
            var found = PathLookup.Find(path, nodeName);
            if (!found.Succeeded)
            {
                return FileReceiveResult<FileListing>.From(found);
            }

            if (found.Value is not DirectoryInfo directory)
            {
                var entry = FileEntryViews.Describe(found.Value, found.Value.Name);
                return FileReceiveResult<FileListing>.Ok(new FileListing { Path = path, Entries = [entry] });
            }

            var (names, total) = FirstNames(directory.FullName, maxEntries, cancellationToken);
            var entries = names
                .Select(name => FileEntryViews.TryDescribe(Path.Join(directory.FullName, name), name))
                .OfType<FileEntryView>()
                .ToList();
            return FileReceiveResult<FileListing>.Ok(new FileListing { Path = path, Entries = entries, Truncated = total > names.Count });
        }
        catch (UnauthorizedAccessException)
        {
            return FileReceiveResult<FileListing>.Fail(FileFailure.Io, $"{FileErrors.Quote(path)} cannot be read on {nodeName}: permission denied to the Tentacle's user; check its permissions");
        }
        catch (IOException ex)
        {
            return FileReceiveResult<FileListing>.Fail(FileFailure.Io, $"{FileErrors.Quote(path)} cannot be listed on {nodeName}: {ex.Message}");
        }
    }

    /// <summary>The first <paramref name="max"/> names in ordinal order, and how many entries there are in all.</summary>
    private static (List<string> Names, int Total) FirstNames(string directory, int max, CancellationToken cancellationToken)
    {
        // A max-heap of the names kept: a name that sorts before the largest kept one replaces it.
        var kept = new PriorityQueue<string, string>(max + 1, Comparer<string>.Create((a, b) => string.CompareOrdinal(b, a)));
        var total = 0;
        var names = new FileSystemEnumerable<string>(directory, (ref FileSystemEntry entry) => entry.FileName.ToString(), EveryEntry);
        foreach (var name in names)
        {
            if (++total % 4096 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (kept.Count < max)
            {
                kept.Enqueue(name, name);
            }
            else if (max > 0 && string.CompareOrdinal(name, kept.Peek()) < 0)
            {
                kept.DequeueEnqueue(name, name);
            }
        }

        var sorted = new List<string>(kept.Count);
        while (kept.TryDequeue(out var name, out _))
        {
            sorted.Add(name);
        }

        sorted.Reverse();
        return (sorted, total);
    }
}
