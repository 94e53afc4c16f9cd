using Octopoda.Protocol.Files;
using Octopoda.Tentacle.Files;
using Octopoda.Tentacle.Hosting;
using Octopoda.Testing;

namespace Octopoda.Tentacle.Tests.Files;

public sealed class PathVariablesTests : IDisposable
{
    private readonly TestDirectory _dir = new("path-variables");
    private readonly PathVariables _variables = new(new TentacleOptions { DataDirectory = "/data", Workspace = "/work/space" });

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("@root", "/")]
    [InlineData("@root/etc/app", "/etc/app")]
    [InlineData("@workspace", "/work/space")]
    [InlineData("@workspace/app", "/work/space/app")]
    [InlineData("@fstore", "/data/fstore")]
    [InlineData("@fstore/a b/c", "/data/fstore/a b/c")]
    [InlineData("@log/app", "/data/log/app")]
    [InlineData("@pakma/pkg", "/data/pakma/pkg")]
    public void Resolve_Variable_StandsForItsDirectory(string path, string expected)
    {
        Assert.Equal(expected, Resolved(path));
    }

    [Theory]
    [InlineData("app", "/data/fstore/app")]
    [InlineData("a/b/", "/data/fstore/a/b")]
    [InlineData("./x", "/data/fstore/x")]
    public void Resolve_RelativePath_LiesUnderTheFileStore(string path, string expected)
    {
        Assert.Equal(expected, Resolved(path));
    }

    [Theory]
    [InlineData("/srv/app", "/srv/app")]
    [InlineData("/srv/app/", "/srv/app")]
    [InlineData("/", "/")]
    public void Resolve_AbsolutePath_Stands(string path, string expected)
    {
        Assert.Equal(expected, Resolved(path));
    }

    [Theory]
    [InlineData("@workspace/a/../b", "/work/space/b")]
    [InlineData("@workspace/..", "/work")]
    [InlineData("/srv/./x/../y", "/srv/y")]
    [InlineData("../up", "/data/up")]
    [InlineData("@workspace//etc", "/work/space/etc")]
    public void Resolve_DotSegments_AreNormalised(string path, string expected)
    {
        Assert.Equal(expected, Resolved(path));
    }

    [Theory]
    [InlineData("@nope")]
    [InlineData("@nope/x")]
    [InlineData("@Root/x")]
    [InlineData("@workspacex")]
    public void Resolve_UnknownVariable_IsRefusedNamingTheKnownOnes(string path)
    {
        var result = _variables.Resolve(path);

        Assert.False(result.Succeeded);
        Assert.Equal(FileFailure.InvalidPath, result.Failure);
        Assert.Contains("unknown path variable", result.Error, StringComparison.Ordinal);
        Assert.Contains("@root, @workspace, @fstore, @log, @pakma", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    [InlineData("a\0b")]
    [InlineData("@fstore/a\0")]
    public void Resolve_EmptyOrNul_IsRefused(string? path)
    {
        var result = _variables.Resolve(path);

        Assert.Equal(FileFailure.InvalidPath, result.Failure);
    }

    [Fact]
    public void Resolve_OverLongPath_IsRefused()
    {
        Assert.Equal(FileFailure.InvalidPath, _variables.Resolve("/" + new string('a', 5000)).Failure);
        Assert.Equal(FileFailure.InvalidPath, _variables.Resolve("/" + string.Join('/', Enumerable.Repeat(new string('a', 200), 21))).Failure);
        // Multi-byte names count in bytes: 1,400 three-byte characters are 4,200 bytes.
        Assert.Equal(FileFailure.InvalidPath, _variables.Resolve("/" + new string('€', 1400)).Failure);
        Assert.True(_variables.Resolve("/" + new string('a', 4000)).Succeeded);
    }

    [Fact]
    public void Resolve_ExpandingVariable_IsCheckedAfterExpansion()
    {
        var variables = new PathVariables("/w", "/" + new string('f', 4000), "/l", "/p");

        Assert.Equal(FileFailure.InvalidPath, variables.Resolve("@fstore/" + new string('x', 200)).Failure);
        Assert.Equal(FileFailure.InvalidPath, variables.Resolve(new string('x', 200)).Failure);
    }

    [Fact]
    public void Options_DirectoriesDefaultUnderTheDataDirectory()
    {
        var options = new TentacleOptions { DataDirectory = "/d" };

        Assert.Equal("/d/fstore", options.FileStorePath);
        Assert.Equal("/d/log", options.LogPath);
        Assert.Equal("/d/pakma", options.PakmaPath);
        Assert.Equal("/d/workspace", options.WorkspacePath);
    }

    [Fact]
    public void Load_DirectoriesFromYamlEnvironmentAndFlags_ResolveTheVariables()
    {
        var file = Path.Combine(_dir.Path, "tentacle.yaml");
        File.WriteAllText(file, """
            dataDir: /d
            fileStore: /yaml/fstore
            logDir: /yaml/log
            pakmaDir: /yaml/pakma
            """);
        var env = new Dictionary<string, string> { ["OCTOPODA_LOG_DIR"] = "/env/log", ["OCTOPODA_PAKMA_DIR"] = "/env/pakma" };
        var flags = new Dictionary<string, List<string>> { ["config"] = [file], ["pakma-dir"] = ["/flag/pakma"] };

        var variables = new PathVariables(TentacleConfiguration.Load(flags, env.GetValueOrDefault));

        Assert.Equal("/yaml/fstore/x", variables.Resolve("x").Value);
        Assert.Equal("/env/log", variables.Resolve("@log").Value);
        Assert.Equal("/flag/pakma", variables.Resolve("@pakma").Value);
    }

    private string Resolved(string path)
    {
        var result = _variables.Resolve(path);
        Assert.True(result.Succeeded, result.Error);
        return result.Value;
    }
}
