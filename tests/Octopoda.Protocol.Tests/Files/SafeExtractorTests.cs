using System.Security.Cryptography;
using Octopoda.Protocol.Files;
using Octopoda.Testing;

namespace Octopoda.Protocol.Tests.Files;

public sealed class SafeExtractorTests : IDisposable
{
    private const string Id = "fedcba9876543210fedcba9876543210";

    private static readonly DateTimeOffset T1 = new(2001, 2, 3, 4, 5, 6, TimeSpan.Zero);
    private static readonly DateTimeOffset T2 = new(2002, 3, 4, 5, 6, 7, TimeSpan.Zero);
    private static readonly DateTimeOffset T3 = new(2003, 4, 5, 6, 7, 8, TimeSpan.Zero);

    private readonly TestDirectory _dir = new("safe-extractor");
    private readonly string _parent;
    private readonly string _target;

    public SafeExtractorTests()
    {
        _parent = _dir.Sub("parent");
        _target = Path.Combine(_parent, "target");
        Directory.CreateDirectory(_target);
        File.WriteAllText(Path.Combine(_parent, "neighbour.txt"), "untouched");
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Extract_NormalTree_RoundTripsNamesContentModesTimesAndLinks()
    {
        var big = RandomNumberGenerator.GetBytes(1_500_000);
        var archive = new TarBuilder()
            .Directory("./")
            .Directory("tree/", Mode(0x1E8), T1) // 0750
            .File("tree/file with spaces.txt", "spaces", Mode(0x1A0), T2) // 0640
            .File("tree/quote's \"name\".txt", "quotes")
            .GnuFile("tree/new\nline", "newline")
            .GnuFile("tree/" + new string('ü', 80) + "\nlong", "long newline")
            .File("tree/ünïcødé-名前.txt", "unicode")
            .Directory("tree/empty", Mode(0x1C0), T3) // 0700
            .File("tree/sub/deep/exec.sh", "#!/bin/sh\n", Mode(0x1ED), T2) // 0755
            .File("tree/setuid", "s", Mode(0x9ED)) // 04755: the setuid bit is dropped
            .Symlink("tree/link", "sub/deep/exec.sh")
            .Symlink("tree/sub/up", "../empty")
            .File("tree/big.bin", big, Mode(0x1A4), T3)
            .File("top.txt", "top", Mode(0x124), T1) // 0444: read-only
            .File("implicit/child.txt", "child")
            .Build();

        var staging = Ok(await ExtractAsync(archive));

        Assert.Equal(SafeExtractor.StagingPath(_target, Id), staging);
        var tree = Path.Combine(staging, "tree");
        AssertFile(Path.Combine(tree, "file with spaces.txt"), "spaces", Mode(0x1A0), T2);
        AssertFile(Path.Combine(tree, "quote's \"name\".txt"), "quotes", Mode(0x1A4), TarBuilder.DefaultTime);
        AssertFile(Path.Combine(tree, "new\nline"), "newline", Mode(0x1A4), TarBuilder.DefaultTime);
        AssertFile(Path.Combine(tree, new string('ü', 80) + "\nlong"), "long newline", Mode(0x1A4), TarBuilder.DefaultTime);
        AssertFile(Path.Combine(tree, "ünïcødé-名前.txt"), "unicode", Mode(0x1A4), TarBuilder.DefaultTime);
        AssertFile(Path.Combine(tree, "sub", "deep", "exec.sh"), "#!/bin/sh\n", Mode(0x1ED), T2);
        AssertFile(Path.Combine(tree, "setuid"), "s", Mode(0x1ED), TarBuilder.DefaultTime);
        AssertFile(Path.Combine(staging, "top.txt"), "top", Mode(0x124), T1);
        AssertFile(Path.Combine(staging, "implicit", "child.txt"), "child", Mode(0x1A4), TarBuilder.DefaultTime);
        Assert.Equal(big, await File.ReadAllBytesAsync(Path.Combine(tree, "big.bin")));
        Assert.Equal(T3.UtcDateTime, File.GetLastWriteTimeUtc(Path.Combine(tree, "big.bin")));

        // Directories: modes and times applied after their contents were written.
        Assert.Equal(Mode(0x1E8), File.GetUnixFileMode(tree));
        Assert.Equal(T1.UtcDateTime, Directory.GetLastWriteTimeUtc(tree));
        Assert.Equal(Mode(0x1C0), File.GetUnixFileMode(Path.Combine(tree, "empty")));
        Assert.Equal(T3.UtcDateTime, Directory.GetLastWriteTimeUtc(Path.Combine(tree, "empty")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(tree, "empty")));

        Assert.Equal("sub/deep/exec.sh", new FileInfo(Path.Combine(tree, "link")).LinkTarget);
        Assert.Equal("#!/bin/sh\n", await File.ReadAllTextAsync(Path.Combine(tree, "link")));
        Assert.Equal("../empty", new FileInfo(Path.Combine(tree, "sub", "up")).LinkTarget);
        Assert.Equal(["implicit", "top.txt", "tree"], Names(staging));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("a/../../escape")]
    [InlineData("a/../b")]
    [InlineData("./../escape")]
    public async Task Extract_DotDotEntry_IsRefusedAndNothingIsCreated(string name)
    {
        await AssertRefusedAsync(new TarBuilder().File("ok.txt", "fine").File(name, "evil"), "'..'");
    }

    [Fact]
    public async Task Extract_AbsoluteName_IsRefusedAndNothingIsCreated()
    {
        // An absolute name pointing beside the target, so a broken extractor would show it here, not in /.
        await AssertRefusedAsync(new TarBuilder().File(Path.Combine(_parent, "abs-escape"), "evil"), "absolute name");
    }

    [Fact]
    public async Task Extract_NulInName_IsRefused()
    {
        await AssertRefusedAsync(new TarBuilder().File("a\0b", "evil"), "NUL");
    }

    [Fact]
    public async Task Extract_SymlinkToAbsolutePath_IsRefused()
    {
        await AssertRefusedAsync(new TarBuilder().File("ok.txt", "fine").Symlink("passwd", "/etc/passwd"), "absolute path '/etc/passwd'");
    }

    [Fact]
    public async Task Extract_SymlinkClimbingOutThenAnEntryThroughIt_IsRefused()
    {
        await AssertRefusedAsync(new TarBuilder().Symlink("link", "..").File("link/x", "evil"), "leads outside");
    }

    [Fact]
    public async Task Extract_EntryThroughAnInsideSymlink_IsRefused()
    {
        // The link itself stays inside (a/.. is the target), but nothing is written through a link.
        await AssertRefusedAsync(new TarBuilder().Directory("a").Symlink("a/link", "..").File("a/link/x", "through"), "under the symbolic link");
    }

    [Fact]
    public async Task Extract_SymlinkLeadingOutThroughAnotherLink_IsRefused()
    {
        // a/l1 -> .. is the target itself; l2 -> a/l1/.. is the target's parent, though it looks inside by its text.
        await AssertRefusedAsync(new TarBuilder().Directory("a").Symlink("a/l1", "..").Symlink("l2", "a/l1/.."), "leads outside");
    }

    [Fact]
    public async Task Extract_SymlinkLeadingOutThroughALaterLink_IsRefused()
    {
        // Checked when the whole archive is known: l2 came before the link it goes through.
        await AssertRefusedAsync(new TarBuilder().Symlink("l2", "a/l1/..").Directory("a").Symlink("a/l1", ".."), "leads outside");
    }

    [Fact]
    public async Task Extract_SymlinkLoop_IsRefused()
    {
        await AssertRefusedAsync(new TarBuilder().Symlink("a", "b").Symlink("b", "a"), "too many links");
    }

    [Fact]
    public async Task Extract_HardLink_IsRefused()
    {
        await AssertRefusedAsync(new TarBuilder().File("x", "x").HardLink("hl", "x"), "hard link");
    }

    [Fact]
    public async Task Extract_CharacterDevice_IsRefused()
    {
        await AssertRefusedAsync(new TarBuilder().File("x", "x").CharacterDevice("null", 1, 3), "device");
    }

    [Fact]
    public async Task Extract_Fifo_IsRefused()
    {
        await AssertRefusedAsync(new TarBuilder().Fifo("pipe"), "FIFO");
    }

    [Fact]
    public async Task Extract_ReservedName_IsRefused()
    {
        await AssertRefusedAsync(new TarBuilder().File(".octopoda-old-" + Id + "-x", "evil"), "reserved");
    }

    [Fact]
    public async Task Extract_DuplicateOrConflictingEntries_AreRefused()
    {
        await AssertRefusedAsync(new TarBuilder().File("x", "1").File("x", "2"), "twice");
        await AssertRefusedAsync(new TarBuilder().File("x", "1").File("x/y", "2"), "made a file");
    }

    [Fact]
    public async Task Extract_MoreEntriesThanAllowed_IsRefused()
    {
        var builder = new TarBuilder();
        for (var i = 0; i < 11; i++)
        {
            builder.File($"f{i}", "x");
        }

        await AssertRefusedAsync(builder, "more than 10 entries", new SafeExtractor(maxEntries: 10), FileFailure.TooLarge);
    }

    [Fact]
    public async Task Extract_FilesLargerThanTheDeclaredSize_AreRefused()
    {
        var archive = new TarBuilder().File("big", new byte[100_000]).Build();

        var result = await new SafeExtractor().ExtractAsync(new MemoryStream(archive), _target, Id, declaredSize: 50_000);

        Assert.Equal(FileFailure.TooLarge, result.Failure);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_target));
    }

    [Fact]
    public async Task Extract_TruncatedArchive_IsCorruptAndLeavesNoStaging()
    {
        var archive = new TarBuilder().File("a", new byte[10_000]).Build();

        var result = await new SafeExtractor().ExtractAsync(new MemoryStream(archive[..5000]), _target, Id, archive.Length);

        Assert.Equal(FileFailure.Corrupt, result.Failure);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_target));
    }

    [Fact]
    public async Task Extract_PaxNameWithNewline_IsCorruptRatherThanMisread()
    {
        // System.Formats.Tar cannot read a PAX record whose value holds a newline; it must fail, not guess a name.
        var archive = new TarBuilder().File("ok", "fine").File("new\nline", "x").Build();

        var result = await new SafeExtractor().ExtractAsync(new MemoryStream(archive), _target, Id, archive.Length);

        Assert.Equal(FileFailure.Corrupt, result.Failure);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_target));
    }

    [Fact]
    public async Task Extract_LeftoverStagingOfAnEarlierAttempt_IsReplaced()
    {
        var staging = SafeExtractor.StagingPath(_target, Id);
        Directory.CreateDirectory(Path.Combine(staging, "half"));
        File.WriteAllText(Path.Combine(staging, "half", "written"), "old");

        Ok(await ExtractAsync(new TarBuilder().File("new.txt", "new").Build()));

        Assert.Equal(["new.txt"], Names(staging));
    }

    [Fact]
    public async Task Extract_MissingTarget_IsRefused()
    {
        var result = await new SafeExtractor().ExtractAsync(new MemoryStream(new TarBuilder().File("x", "x").Build()), Path.Combine(_parent, "missing"), Id, 10_000);

        Assert.Equal(FileFailure.TargetMissing, result.Failure);
        Assert.False(Directory.Exists(Path.Combine(_parent, "missing")));
    }

    private async Task AssertRefusedAsync(TarBuilder builder, string reason, SafeExtractor? extractor = null, FileFailure failure = FileFailure.UnsafeArchive)
    {
        var before = Snapshot();
        var archive = builder.Build();

        var result = await (extractor ?? new SafeExtractor()).ExtractAsync(new MemoryStream(archive), _target, Id, archive.Length);

        Assert.Equal(failure, result.Failure);
        Assert.Contains(reason, result.Error, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot());
        Assert.False(Directory.Exists(SafeExtractor.StagingPath(_target, Id)));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_target));
    }

    private async Task<FileReceiveResult<string>> ExtractAsync(byte[] archive) =>
        await new SafeExtractor().ExtractAsync(new MemoryStream(archive), _target, Id, archive.Length);

    /// <summary>Everything under the temp directory holding the target's parent, without following links.</summary>
    private List<string> Snapshot() =>
        [.. new DirectoryInfo(_dir.Path).EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Select(i => $"{i.FullName}|{i.LinkTarget}|{(i is FileInfo f ? f.Length : -1)}")
            .Order(StringComparer.Ordinal)];

    private static List<string> Names(string directory) =>
        [.. Directory.EnumerateFileSystemEntries(directory).Select(p => Path.GetFileName(p)).Order(StringComparer.Ordinal)];

    private static void AssertFile(string path, string content, UnixFileMode mode, DateTimeOffset modified)
    {
        Assert.Equal(content, File.ReadAllText(path));
        Assert.Equal(mode, File.GetUnixFileMode(path));
        Assert.Equal(modified.UtcDateTime, File.GetLastWriteTimeUtc(path));
    }

    private static UnixFileMode Mode(int bits) => (UnixFileMode)bits;

    private static string Ok(FileReceiveResult<string> result)
    {
        Assert.True(result.Succeeded, result.Error);
        return result.Value;
    }
}
