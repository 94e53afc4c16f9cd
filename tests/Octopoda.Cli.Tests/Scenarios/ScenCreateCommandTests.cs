using Octopoda.Cli.Scenarios;
using Octopoda.Cli.Tests.Support;

namespace Octopoda.Cli.Tests.Scenarios;

/// <summary><c>octl scen create</c> writes a folder that <see cref="DeploymentReader"/> accepts as it is, and refuses what it cannot write cleanly.</summary>
public sealed class ScenCreateCommandTests : IDisposable
{
    private readonly OctlRunner _runner = new();

    public void Dispose() => _runner.Dispose();

    [Fact]
    public async Task Create_WithApps_WritesAWorkingTemplate()
    {
        var result = await _runner.RunAsync("scen", "create", "shop", "with", "web", "db");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        var (deployment, problems) = DeploymentReader.Read(Path.Combine(_runner.Directory.Path, "shop"));
        Assert.True(deployment is not null, string.Join("\n", problems));
        Assert.Equal("shop", deployment.Name);
        Assert.Equal(["web", "db"], deployment.Applications.Select(a => a.Name));
        Assert.All(deployment.Applications, app =>
        {
            Assert.Equal(["prepare", "start", "stop", "purge", "date"], app.Scripts.Select(s => s.Target));
            Assert.Equal(["@all"], app.Nodes);
            Assert.All(app.Scripts, s => Assert.Equal((UnixFileMode)0b111_101_101, File.GetUnixFileMode(s.File)));
        });
        Assert.Contains("echo \"start\" >> \"$OCTOPODA_OUTPUT\"", File.ReadAllText(Path.Combine(_runner.Directory.Path, "shop", "web", "scripts", "start.sh")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_WithOnlyAName_GetsOneApplication_WhereTheOriginalCrashed()
    {
        var result = await _runner.RunAsync("scen", "create", "solo");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        var (deployment, _) = DeploymentReader.Read(Path.Combine(_runner.Directory.Path, "solo"));
        Assert.Equal(ScenarioTemplate.DefaultApp, Assert.Single(deployment!.Applications).Name);
    }

    [Theory]
    [InlineData("bad name", "cannot name a scenario")]
    [InlineData("shop", "expected 'octl scen create shop with <app>")]
    public async Task BadArguments_AreExit2_AndWriteNothing(string name, string message)
    {
        var args = name == "shop" ? new[] { "scen", "create", "shop", "web" } : new[] { "scen", "create", name };

        var result = await _runner.RunAsync(args);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_runner.Directory.Path, name)));
    }

    [Fact]
    public async Task AnExistingFolder_IsLeftAlone()
    {
        var folder = Path.Combine(_runner.Directory.Path, "shop");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "mine.txt"), "keep");

        var result = await _runner.RunAsync("scen", "create", "shop");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("already exists and is not empty", result.Error, StringComparison.Ordinal);
        Assert.Equal(["mine.txt"], Directory.GetFileSystemEntries(folder).Select(Path.GetFileName));
    }
}
