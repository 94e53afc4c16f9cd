using Octopoda.Protocol.Files;
using Octopoda.Testing;

namespace Octopoda.Protocol.Tests.Files;

public sealed class AtomicPlacerTests : IDisposable
{
    private const string Id = "00112233445566778899aabbccddeeff";

    private readonly TestDirectory _dir = new("atomic-placer");
    private readonly string _staging;
    private readonly string _target;

    public AtomicPlacerTests()
    {
        _target = _dir.Sub("target");
        _staging = _dir.Sub("staging");
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Place_NewEntries_AreRenamedInAndStagingIsRemoved()
    {
        Write(_staging, "a.txt", "a");
        Write(_staging, "dir/inner.txt", "inner");
        File.CreateSymbolicLink(Path.Combine(_staging, "link"), "a.txt");

        var placed = Ok(AtomicPlacer.Place(_staging, _target, Id, force: false));

        Assert.Equal(["a.txt", "dir", "link"], placed.Names);
        Assert.Empty(placed.Warnings);
        Assert.Equal("a", File.ReadAllText(Path.Combine(_target, "a.txt")));
        Assert.Equal("inner", File.ReadAllText(Path.Combine(_target, "dir", "inner.txt")));
        Assert.Equal("a.txt", new FileInfo(Path.Combine(_target, "link")).LinkTarget);
        Assert.False(Directory.Exists(_staging));
    }

    [Fact]
    public void Place_ExistingFile_IsReplacedAndTheOldOneDeleted()
    {
        Write(_target, "app.conf", "old");
        Write(_target, "other.txt", "kept");
        Write(_staging, "app.conf", "new");

        Ok(AtomicPlacer.Place(_staging, _target, Id, force: false));

        Assert.Equal("new", File.ReadAllText(Path.Combine(_target, "app.conf")));
        Assert.Equal(["app.conf", "other.txt"], Names(_target));
        Assert.False(Directory.Exists(_staging));
    }

    [Fact]
    public void Place_ExistingDirectory_IsReplacedWhole()
    {
        Write(_target, "app/stale.txt", "stale");
        Write(_target, "app/keep.txt", "old");
        Write(_staging, "app/keep.txt", "new");
        Write(_staging, "app/sub/fresh.txt", "fresh");

        Ok(AtomicPlacer.Place(_staging, _target, Id, force: false));

        Assert.Equal(["app"], Names(_target));
        Assert.Equal(["keep.txt", "sub"], Names(Path.Combine(_target, "app")));
        Assert.Equal("new", File.ReadAllText(Path.Combine(_target, "app", "keep.txt")));
        Assert.Equal("fresh", File.ReadAllText(Path.Combine(_target, "app", "sub", "fresh.txt")));
    }

    [Fact]
    public void Place_EntryOfAnotherKind_ReplacesTheOldOne()
    {
        Write(_target, "was-dir/x", "x");
        Write(_target, "was-file", "f");
        Write(_staging, "was-dir", "now a file");
        Write(_staging, "was-file/y", "now a directory");

        Ok(AtomicPlacer.Place(_staging, _target, Id, force: false));

        Assert.Equal("now a file", File.ReadAllText(Path.Combine(_target, "was-dir")));
        Assert.Equal("now a directory", File.ReadAllText(Path.Combine(_target, "was-file", "y")));
        Assert.Equal(["was-dir", "was-file"], Names(_target));
    }

    [Fact]
    public void Place_ReadOnlyDirectory_KeepsItsModeAndTime()
    {
        Write(_staging, "ro/file", "x");
        var time = new DateTime(2004, 5, 6, 7, 8, 9, DateTimeKind.Utc);
        var readOnly = (UnixFileMode)0x16D; // 0555
        File.SetUnixFileMode(Path.Combine(_staging, "ro"), readOnly);
        Directory.SetLastWriteTimeUtc(Path.Combine(_staging, "ro"), time);

        Ok(AtomicPlacer.Place(_staging, _target, Id, force: false));

        Assert.Equal(readOnly, File.GetUnixFileMode(Path.Combine(_target, "ro")));
        Assert.Equal(time, Directory.GetLastWriteTimeUtc(Path.Combine(_target, "ro")));
    }

    [Fact]
    public void Place_MissingTargetWithoutForce_IsRefusedAndNothingIsCreated()
    {
        var missing = Path.Combine(_dir.Path, "missing", "deeper");
        Write(_staging, "a.txt", "a");

        var result = AtomicPlacer.Place(_staging, missing, Id, force: false);

        Assert.Equal(FileFailure.TargetMissing, result.Failure);
        Assert.Equal($"target directory {missing} does not exist; use -f to create it", result.Error);
        Assert.False(Directory.Exists(Path.Combine(_dir.Path, "missing")));
        Assert.False(Directory.Exists(_staging));
    }

    [Fact]
    public void Place_MissingTargetWithForce_CreatesIt()
    {
        var missing = Path.Combine(_dir.Path, "missing", "deeper");
        Write(_staging, "a.txt", "a");

        Ok(AtomicPlacer.Place(_staging, missing, Id, force: true));

        Assert.Equal("a", File.ReadAllText(Path.Combine(missing, "a.txt")));
        Assert.False(Directory.Exists(_staging));
    }

    [Fact]
    public void Place_TargetIsAFile_IsRefusedAndTheFileUntouched()
    {
        var file = Write(_dir.Path, "plain.txt", "plain");
        Write(_staging, "a.txt", "a");

        var result = AtomicPlacer.Place(_staging, file, Id, force: true);

        Assert.Equal(FileFailure.TargetNotDirectory, result.Failure);
        Assert.Contains($"{file} is a file, not a directory", result.Error, StringComparison.Ordinal);
        Assert.Equal("plain", File.ReadAllText(file));
        Assert.False(Directory.Exists(_staging));
    }

    [Fact]
    public void Place_FailureHalfWay_PutsEverythingBack()
    {
        // A target so deep that "b…" fits in PATH_MAX (4096) but its set-aside name does not: the first entry is
        // placed, the second cannot be set aside, and the first must be undone.
        var deep = _dir.Path;
        while (deep.Length < 3900)
        {
            deep = Path.Combine(deep, new string('d', Math.Min(200, 3900 - deep.Length)));
        }

        Directory.CreateDirectory(deep);
        var longName = "b" + new string('x', 4094 - deep.Length - 1 - 1 - 30);
        Write(deep, "a", "old a");
        Write(deep, longName, "old b");
        Write(_staging, "a", "new a");
        Write(_staging, longName, "new b");

        var result = AtomicPlacer.Place(_staging, deep, Id, force: false);

        Assert.Equal(FileFailure.Io, result.Failure);
        Assert.Contains("nothing was changed", result.Error, StringComparison.Ordinal);
        Assert.Equal(["a", longName], Names(deep));
        Assert.Equal("old a", File.ReadAllText(Path.Combine(deep, "a")));
        Assert.Equal("old b", File.ReadAllText(Path.Combine(deep, longName)));
        Assert.False(Directory.Exists(_staging));
    }

    [Fact]
    public void Place_LeftoverAsideOfTheSameTransfer_IsReplaced()
    {
        Write(_target, "a.txt", "current");
        Write(_target, AtomicPlacer.AsideName(Id, "a.txt", 0), "left by a crash");
        Write(_staging, "a.txt", "new");

        Ok(AtomicPlacer.Place(_staging, _target, Id, force: false));

        Assert.Equal(["a.txt"], Names(_target));
        Assert.Equal("new", File.ReadAllText(Path.Combine(_target, "a.txt")));
    }

    [Fact]
    public void AsideName_TooLongForOneName_FallsBackToTheIndex()
    {
        Assert.Equal($".octopoda-old-{Id}-app", AtomicPlacer.AsideName(Id, "app", 3));
        Assert.Equal($".octopoda-old-{Id}-3", AtomicPlacer.AsideName(Id, new string('n', 250), 3));
    }

    private static string Write(string root, string relative, string content)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    private static List<string> Names(string directory) =>
        [.. Directory.EnumerateFileSystemEntries(directory).Select(p => Path.GetFileName(p)).Order(StringComparer.Ordinal)];

    private static PlacedEntries Ok(FileReceiveResult<PlacedEntries> result)
    {
        Assert.True(result.Succeeded, result.Error);
        return result.Value;
    }
}
