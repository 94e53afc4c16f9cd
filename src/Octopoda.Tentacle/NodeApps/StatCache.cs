using System.Text.Json;

namespace Octopoda.Tentacle.NodeApps;

/// <summary>
/// Remembers each file's hash with the <c>statx</c> fields that change whenever its content can have (size, inode,
/// modification and change time in nanoseconds), so an unchanged file is not read again. The change time cannot be
/// set by tools that restore modification times (tar, <c>cp -p</c>, reproducible builds), which is why it is part of
/// the key. Inode times come from the kernel's coarse clock (one tick, 1-10 ms), so a file written twice within a
/// tick keeps its times: an entry is kept only when both times are older than <see cref="SettleTime"/> before the
/// walk began (git's "racy" entries), and such a file is simply hashed again next time.
/// </summary>
internal sealed class StatCache
{
    /// <summary>Far more than a coarse clock tick plus a small clock step.</summary>
    public static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(1);

    private readonly Dictionary<string, StatCacheEntry> _previous;
    private readonly Dictionary<string, StatCacheEntry> _next = new(StringComparer.Ordinal);
    private readonly long _settledBeforeNs;

    /// <param name="previous">What the last walk recorded.</param>
    /// <param name="walkStartedNs">Wall-clock nanoseconds since the Unix epoch when this walk began: the kernel stamps
    /// inode times from the wall clock, so this is not the injected clock.</param>
    /// <param name="settleTime">How old a file's times must be before its entry is kept.</param>
    public StatCache(IReadOnlyDictionary<string, StatCacheEntry> previous, long walkStartedNs, TimeSpan settleTime)
    {
        _previous = new Dictionary<string, StatCacheEntry>(previous, StringComparer.Ordinal);
        _settledBeforeNs = walkStartedNs - (settleTime.Ticks * 100);
    }

    /// <summary>A cache that knows nothing and keeps nothing (no file to load, or tests).</summary>
    public static StatCache Empty() => new(new Dictionary<string, StatCacheEntry>(), 0, TimeSpan.Zero);

    /// <summary>Loads the cache kept at <paramref name="path"/>; an unreadable one is simply empty.</summary>
    public static StatCache Load(string path)
    {
        var now = (TimeProvider.System.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100;
        try
        {
            using var stream = File.OpenRead(path);
            var entries = JsonSerializer.Deserialize(stream, StatCacheJsonContext.Default.DictionaryStringStatCacheEntry);
            return new StatCache(entries ?? [], now, SettleTime);
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return new StatCache(new Dictionary<string, StatCacheEntry>(), now, SettleTime);
        }
    }

    /// <summary>The hash remembered for <paramref name="path"/> when its stat is exactly as it was then.</summary>
    public bool TryGet(string path, EntryStat stat, out string hash)
    {
        if (stat.Exact && _previous.TryGetValue(path, out var entry) && entry.Matches(stat) && TreeEncoding.IsHash(entry.Hash))
        {
            _next[path] = entry;
            hash = entry.Hash;
            return true;
        }

        hash = "";
        return false;
    }

    /// <summary>Remembers <paramref name="hash"/> for the file whose stat, taken before hashing, was <paramref name="stat"/>.</summary>
    public void Record(string path, EntryStat stat, string hash)
    {
        if (stat.Exact && stat.ModifiedNs < _settledBeforeNs && stat.ChangedNs < _settledBeforeNs)
        {
            _next[path] = new StatCacheEntry(stat.Size, stat.ModifiedNs, stat.ChangedNs, stat.Inode, hash);
        }
    }

    /// <summary>Writes what this walk saw (entries of files no longer there are dropped); a cache that cannot be written is skipped.</summary>
    public void Save(string path)
    {
        try
        {
            AtomicFile.Write(path, JsonSerializer.SerializeToUtf8Bytes(_next, StatCacheJsonContext.Default.DictionaryStringStatCacheEntry), durable: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Only a cache: the next walk hashes every file again.
        }
    }
}
