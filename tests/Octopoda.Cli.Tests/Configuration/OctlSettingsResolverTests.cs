using Octopoda.Cli.Configuration;
using Octopoda.Cli.Tests.Support;

namespace Octopoda.Cli.Tests.Configuration;

public sealed class OctlSettingsResolverTests : IDisposable
{
    private readonly OctlRunner _runner = new();

    [Fact]
    public void Resolve_FileOnly_UsesFileValues()
    {
        _runner.Directory.Write("octl.yaml", "brain: https://file:7400\ntoken: file-token\ncaFingerprint: AB12\nunknownKey: ignored\n");

        var settings = Resolve();

        Assert.Equal(new Uri("https://file:7400"), settings.Brain);
        Assert.Equal("file-token", settings.Token);
        Assert.Equal("AB12", settings.CaFingerprint);
        Assert.Equal(Path.Combine(_runner.Directory.Path, "octl.yaml"), settings.ConfigFile);
    }

    [Fact]
    public void Resolve_EnvironmentSet_OverridesFile()
    {
        _runner.Directory.Write("octl.yaml", "brain: https://file:7400\ntoken: file-token\n");
        _runner.Variables["OCTOPODA_BRAIN"] = "https://env:7400";
        _runner.Variables["OCTOPODA_TOKEN"] = "env-token";

        var settings = Resolve();

        Assert.Equal((new Uri("https://env:7400"), "env-token"), (settings.Brain, settings.Token));
    }

    [Fact]
    public void Resolve_FlagsSet_OverrideEnvironmentAndFile()
    {
        _runner.Directory.Write("octl.yaml", "brain: https://file:7400\ntoken: file-token\n");
        _runner.Variables["OCTOPODA_BRAIN"] = "https://env:7400";
        _runner.Variables["OCTOPODA_TOKEN"] = "env-token";

        var settings = Resolve(brain: "https://flag:7400", token: "flag-token");

        Assert.Equal((new Uri("https://flag:7400"), "flag-token"), (settings.Brain, settings.Token));
    }

    [Fact]
    public void Resolve_RelativeCaFile_ResolvesAgainstConfigDirectory()
    {
        var config = _runner.Directory.Write("conf/sub/octl.yaml", "brain: https://b:7400\ncaFile: ../pki/ca.pem\n");
        var ca = _runner.Directory.Write("conf/pki/ca.pem", "not read by the resolver");

        var settings = Resolve(config: config);

        Assert.Equal(ca, settings.CaFile);
    }

    [Fact]
    public void Resolve_CaFileMissing_ThrowsUsageNamingIt()
    {
        var config = _runner.Directory.Write("octl.yaml", "brain: https://b:7400\ncaFile: missing.pem\n");

        var ex = Assert.Throws<OctlUsageException>(() => Resolve(config: config));

        Assert.Contains(Path.Combine(_runner.Directory.Path, "missing.pem"), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_ConfigFlag_BeatsOctopodaConfigAndWorkingDirectory()
    {
        _runner.Directory.Write("octl.yaml", "brain: https://cwd:7400\n");
        _runner.Variables["OCTOPODA_CONFIG"] = _runner.Directory.Write("env/octl.yaml", "brain: https://env-file:7400\n");
        var flag = _runner.Directory.Write("flag/octl.yaml", "brain: https://flag-file:7400\n");

        Assert.Equal("flag-file", Resolve(config: flag).Brain.Host);
        Assert.Equal("env-file", Resolve().Brain.Host);
    }

    [Fact]
    public void Resolve_NoCwdFile_FallsBackToHomeConfig()
    {
        _runner.Directory.Write("home/.config/octopoda/octl.yaml", "brain: https://home:7400\n");

        Assert.Equal("home", Resolve().Brain.Host);
    }

    [Fact]
    public void Resolve_ConfigNamedButMissing_ThrowsUsage()
    {
        _runner.Variables["OCTOPODA_CONFIG"] = "nowhere/octl.yaml";

        var ex = Assert.Throws<OctlUsageException>(() => Resolve());

        Assert.Contains("OCTOPODA_CONFIG", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_NoBrainAnywhere_ThrowsUsageSayingHowToSetIt()
    {
        var ex = Assert.Throws<OctlUsageException>(() => Resolve());

        Assert.Contains("--brain", ex.Message, StringComparison.Ordinal);
        Assert.Contains("OCTOPODA_BRAIN", ex.Message, StringComparison.Ordinal);
        Assert.Contains("brain:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_InvalidYaml_ThrowsUsageWithLine()
    {
        _runner.Directory.Write("octl.yaml", "brain: https://b:7400\ntoken: [unclosed\n");

        var ex = Assert.Throws<OctlUsageException>(() => Resolve());

        Assert.Contains("not valid YAML", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10.0.0.5:7400", "https://10.0.0.5:7400/")]
    [InlineData("http://127.0.0.1:8080", "http://127.0.0.1:8080/")]
    [InlineData("https://brain.example:7400/", "https://brain.example:7400/")]
    public void ParseBrain_Forms_DefaultToHttps(string text, string expected) =>
        Assert.Equal(new Uri(expected), OctlSettingsResolver.ParseBrain(text));

    [Theory]
    [InlineData("ftp://brain")]
    [InlineData("https://")]
    public void ParseBrain_NotAnAddress_ThrowsUsage(string text) =>
        Assert.Throws<OctlUsageException>(() => OctlSettingsResolver.ParseBrain(text));

    public void Dispose() => _runner.Dispose();

    private OctlSettings Resolve(string? config = null, string? brain = null, string? token = null) =>
        OctlSettingsResolver.Resolve(_runner.Environment(TextWriter.Null, TextWriter.Null), config, brain, token);
}
