using System.Security.Cryptography;
using Octopoda.Protocol.Files;
using Octopoda.Testing;

namespace Octopoda.Protocol.Tests.Files;

/// <summary>The pieces together: chunks into a spool, verified, extracted beside the target and renamed in.</summary>
public sealed class FileInstallerTests : IDisposable
{
    private const string Id = "a1b2c3d4e5f60718293a4b5c6d7e8f90";

    private readonly TestDirectory _dir = new("file-installer");
    private readonly string _dataDir;
    private readonly string _target;
    private readonly FileInstaller _installer = new(new SafeExtractor());

    public FileInstallerTests()
    {
        _dataDir = _dir.Sub("data");
        _target = _dir.Sub("target");
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Install_SpooledArchive_ReplacesTheOldTreeAndLeavesNothingBehind()
    {
        Directory.CreateDirectory(Path.Combine(_target, "app", "stale"));
        File.WriteAllText(Path.Combine(_target, "keep.txt"), "not in the archive");
        var archive = new TarBuilder()
            .Directory("app")
            .File("app/run.sh", "#!/bin/sh\necho hi\n", (UnixFileMode)0x1ED)
            .File("app/data/values.json", "{}")
            .Build();
        using var spool = await SpoolAsync(archive);

        Assert.True((await spool.VerifyAsync(archive.Length, SHA256.HashData(archive))).Succeeded);
        var result = await _installer.InstallAsync(spool.Path, _target, force: false, Id, archive.Length);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(["app", "keep.txt"], Names(_target));
        Assert.Equal(["data", "run.sh"], Names(Path.Combine(_target, "app")));
        Assert.Equal((UnixFileMode)0x1ED, File.GetUnixFileMode(Path.Combine(_target, "app", "run.sh")));
    }

    [Fact]
    public async Task Install_MaliciousArchive_LeavesTheTargetAsItWas()
    {
        File.WriteAllText(Path.Combine(_target, "app"), "old");
        var archive = new TarBuilder().File("app", "new").Symlink("evil", "../../..").Build();
        using var spool = await SpoolAsync(archive);

        var result = await _installer.InstallAsync(spool.Path, _target, force: false, Id, archive.Length);

        Assert.Equal(FileFailure.UnsafeArchive, result.Failure);
        Assert.Equal(["app"], Names(_target));
        Assert.Equal("old", File.ReadAllText(Path.Combine(_target, "app")));
    }

    [Fact]
    public async Task Install_MissingTarget_NeedsForce()
    {
        var missing = Path.Combine(_dir.Path, "new", "place");
        var archive = new TarBuilder().File("a.txt", "a").Build();
        using var spool = await SpoolAsync(archive);

        var refused = await _installer.InstallAsync(spool.Path, missing, force: false, Id, archive.Length);
        var forced = await _installer.InstallAsync(spool.Path, missing, force: true, Id, archive.Length);

        Assert.Equal(FileFailure.TargetMissing, refused.Failure);
        Assert.Contains("use -f to create it", refused.Error, StringComparison.Ordinal);
        Assert.True(forced.Succeeded, forced.Error);
        Assert.Equal("a", File.ReadAllText(Path.Combine(missing, "a.txt")));
    }

    [Fact]
    public async Task Install_FailingAfterCreatingTheTarget_RemovesWhatItCreated()
    {
        var missing = Path.Combine(_dir.Path, "new", "place");
        var archive = new TarBuilder().File("../escape", "x").Build();
        using var spool = await SpoolAsync(archive);

        var result = await _installer.InstallAsync(spool.Path, missing, force: true, Id, archive.Length);

        Assert.Equal(FileFailure.UnsafeArchive, result.Failure);
        Assert.False(Directory.Exists(Path.Combine(_dir.Path, "new")));
    }

    [Fact]
    public async Task Install_TargetIsAFile_IsRefused()
    {
        var file = Path.Combine(_dir.Path, "file");
        File.WriteAllText(file, "plain");
        var archive = new TarBuilder().File("a.txt", "a").Build();
        using var spool = await SpoolAsync(archive);

        var result = await _installer.InstallAsync(spool.Path, file, force: true, Id, archive.Length);

        Assert.Equal(FileFailure.TargetNotDirectory, result.Failure);
        Assert.Equal("plain", File.ReadAllText(file));
    }

    private async Task<ChunkSpool> SpoolAsync(byte[] archive)
    {
        var opened = ChunkSpool.Open(_dataDir, Id);
        Assert.True(opened.Succeeded, opened.Error);
        var spool = opened.Value;
        for (var offset = 0; offset < archive.Length; offset += 4096)
        {
            var chunk = archive.AsMemory(offset, Math.Min(4096, archive.Length - offset));
            var appended = await spool.AppendAsync(offset, chunk, SHA256.HashData(chunk.Span));
            Assert.True(appended.Succeeded, appended.Error);
        }

        return spool;
    }

    private static List<string> Names(string directory) =>
        [.. Directory.EnumerateFileSystemEntries(directory).Select(p => Path.GetFileName(p)).Order(StringComparer.Ordinal)];
}
