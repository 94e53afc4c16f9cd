using Octopoda.Brain.Hosting;
using Octopoda.Testing;

namespace Octopoda.Brain.Tests.Hosting;

public sealed class BrainConfigurationTests : IDisposable
{
    private readonly TestDirectory _dir = new("brain-config");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Load_FileEnvironmentFlags_LaterWins()
    {
        var file = Path.Combine(_dir.Path, "brain.yaml");
        File.WriteAllText(file, """
            name: lab
            listen: https://0.0.0.0:7500
            store: { provider: postgres, connectionString: "Host=db" }
            liveness: { heartbeatSeconds: 2, unstableAfterSeconds: 6, offlineAfterSeconds: 20 }
            """);

        var options = BrainConfiguration.Load(
            new Dictionary<string, string> { ["config"] = file, ["listen"] = "https://127.0.0.1:7600" },
            new Dictionary<string, string> { ["OCTOPODA_NAME"] = "env-name" }.GetValueOrDefault);

        Assert.Equal("env-name", options.Name);
        Assert.Equal("https://127.0.0.1:7600", options.Listen);
        Assert.True(options.Store.IsPostgres);
        Assert.Equal(TimeSpan.FromSeconds(20), options.Liveness.OfflineAfter);
        Assert.Empty(options.Validate());
    }

    [Fact]
    public void Validate_ListsEveryProblemAtOnce()
    {
        var options = new BrainOptions { Name = "", Listen = "http://x:1" };
        options.Store.Provider = "mysql";
        options.Liveness.OfflineAfter = TimeSpan.FromSeconds(1);

        Assert.Equal(4, options.Validate().Count);
    }
}
