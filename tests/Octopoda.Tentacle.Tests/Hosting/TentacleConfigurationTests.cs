using Octopoda.Tentacle.Hosting;
using Octopoda.Testing;

namespace Octopoda.Tentacle.Tests.Hosting;

public sealed class TentacleConfigurationTests : IDisposable
{
    private readonly TestDirectory _dir = new("tentacle-config");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Load_FileThenEnvironmentThenFlags_LaterWins()
    {
        var file = Write("""
            name: from-file
            brains: [ "https://a:7400", "https://b:7400" ]
            dataDir: /tmp/file-data
            env:
              - { key: LAB, value: b2 }
            """);
        var env = new Dictionary<string, string> { ["OCTOPODA_NAME"] = "from-env", ["OCTOPODA_DATA_DIR"] = "/tmp/env-data" };
        var flags = new Dictionary<string, List<string>> { ["config"] = [file], ["name"] = ["from-flag"] };

        var options = TentacleConfiguration.Load(flags, env.GetValueOrDefault);

        Assert.Equal("from-flag", options.Name);
        Assert.Equal("/tmp/env-data", options.DataDirectory);
        Assert.Equal(["https://a:7400", "https://b:7400"], options.Brains);
        Assert.Equal("b2", options.Environment["LAB"]);
        Assert.Empty(options.Validate());
    }

    [Fact]
    public void Load_BrainFromEnvironment_SplitsCommas()
    {
        var options = TentacleConfiguration.Load(new Dictionary<string, List<string>>(), new Dictionary<string, string> { ["OCTOPODA_BRAIN"] = "https://a:1, https://b:2" }.GetValueOrDefault);

        Assert.Equal(["https://a:1", "https://b:2"], options.Brains);
    }

    [Fact]
    public void Load_UnknownKey_FailsNamingFileAndLine()
    {
        var file = Write("name: n1\nbrians: [ https://a:7400 ]\n");

        var error = Assert.Throws<InvalidOperationException>(() =>
            TentacleConfiguration.Load(new Dictionary<string, List<string>> { ["config"] = [file] }, _ => null));

        Assert.Contains(file, error.Message, StringComparison.Ordinal);
        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ListsEveryProblem()
    {
        var problems = new TentacleOptions { Name = "bad name", Brains = ["http://plain:80"], JoinToken = "nonsense" }.Validate();

        Assert.Equal(3, problems.Count);
    }

    private string Write(string yaml)
    {
        var path = Path.Combine(_dir.Path, $"{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }
}
