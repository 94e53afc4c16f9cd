using System.Text;
using Octopoda.Tentacle.NodeApps;

namespace Octopoda.Tentacle.Tests.NodeApps;

/// <summary><see cref="TreeEncoding"/> and <see cref="StatCache"/>: the bytes behind a hash, and when a file is not read again.</summary>
public sealed class SnapshotEncodingTests
{
    private const string HashA = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private const string HashB = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    [Fact]
    public void Encode_AnyNames_DecodesBackInOrdinalOrder()
    {
        var children = new Dictionary<string, SnapshotEntry>
        {
            ["z"] = new(EntryKind.File, 0b111_101_101, HashA),
            ["a b\n12:c d"] = new(EntryKind.Link, SnapshotEntry.LinkMode, HashB, "target"),
            ["Ü ü"] = new(EntryKind.Directory, 0b111_000_000, HashB),
        };

        var bytes = TreeEncoding.Encode(children);
        var lines = TreeEncoding.Decode(bytes);

        Assert.Equal(["a b\n12:c d", "z", "Ü ü"], lines.Select(l => l.Name));
        Assert.Equal([EntryKind.Link, EntryKind.File, EntryKind.Directory], lines.Select(l => l.Kind));
        Assert.Equal([0b111_111_111, 0b111_101_101, 0b111_000_000], lines.Select(l => l.Mode));
        Assert.StartsWith($"l 0777 {HashB} 10:a b\n12:c d\nf 0755 {HashA} 1:z\n", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_SameEntriesInAnyInsertionOrder_SameBytes()
    {
        var one = new Dictionary<string, SnapshotEntry> { ["b"] = new(EntryKind.File, 0x1A4, HashA), ["a"] = new(EntryKind.File, 0x1A4, HashB) };
        var two = new Dictionary<string, SnapshotEntry> { ["a"] = new(EntryKind.File, 0x1A4, HashB), ["b"] = new(EntryKind.File, 0x1A4, HashA) };

        Assert.Equal(TreeEncoding.Encode(one), TreeEncoding.Encode(two));
    }

    [Theory]
    [InlineData("x 0644 " + HashA + " 1:a\n")]
    [InlineData("f 0648 " + HashA + " 1:a\n")]
    [InlineData("f 0644 " + HashA + " 2:a\n")]
    [InlineData("f 0644 " + HashA + " 1:a")]
    [InlineData("f 0644 AAAAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa 1:a\n")]
    [InlineData("f 0644 " + HashA + " :a\n")]
    public void Decode_Malformed_Throws(string text)
    {
        Assert.Throws<InvalidDataException>(() => TreeEncoding.Decode(Encoding.UTF8.GetBytes(text)));
    }

    [Fact]
    public void StatCache_SameStat_HitsAndAnyChangedField_Misses()
    {
        var stat = new EntryStat(EntryKind.File, 0x1A4, 10, 1_000, 2_000, 42, Exact: true);
        var writer = new StatCache(new Dictionary<string, StatCacheEntry>(), walkStartedNs: 10_000_000_000, TimeSpan.FromSeconds(1));
        writer.Record("a", stat, HashA);
        var path = Path.Combine(Path.GetTempPath(), $"statcache-{Guid.NewGuid():N}.json");
        try
        {
            writer.Save(path);
            var reader = StatCache.Load(path);

            Assert.True(reader.TryGet("a", stat, out var hash));
            Assert.Equal(HashA, hash);
            Assert.False(reader.TryGet("a", stat with { Size = 11 }, out _));
            Assert.False(reader.TryGet("a", stat with { ModifiedNs = 1_001 }, out _));
            Assert.False(reader.TryGet("a", stat with { ChangedNs = 2_001 }, out _));
            Assert.False(reader.TryGet("a", stat with { Inode = 43 }, out _));
            Assert.False(reader.TryGet("a", stat with { Exact = false }, out _));
            Assert.False(reader.TryGet("b", stat, out _));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void StatCache_FileChangedWithinTheSettleTime_NotKept()
    {
        var walkStarted = 10_000_000_000L;
        var writer = new StatCache(new Dictionary<string, StatCacheEntry>(), walkStarted, TimeSpan.FromSeconds(1));
        writer.Record("settled", new EntryStat(EntryKind.File, 0, 1, walkStarted - 1_500_000_000, walkStarted - 1_500_000_000, 1, true), HashA);
        writer.Record("recent", new EntryStat(EntryKind.File, 0, 1, walkStarted - 1_500_000_000, walkStarted - 500_000_000, 2, true), HashB);
        var path = Path.Combine(Path.GetTempPath(), $"statcache-{Guid.NewGuid():N}.json");
        try
        {
            writer.Save(path);

            Assert.Contains("settled", File.ReadAllText(path), StringComparison.Ordinal);
            Assert.DoesNotContain("recent", File.ReadAllText(path), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void StatCache_UnreadableFile_Empty()
    {
        var path = Path.Combine(Path.GetTempPath(), $"statcache-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, "garbage");
        try
        {
            Assert.False(StatCache.Load(path).TryGet("a", new EntryStat(EntryKind.File, 0, 1, 1, 1, 1, true), out _));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
