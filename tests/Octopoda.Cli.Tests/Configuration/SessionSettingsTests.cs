using Octopoda.Cli.Configuration;
using Octopoda.Cli.Tests.Support;

namespace Octopoda.Cli.Tests.Configuration;

/// <summary>How the login session joins the settings: token precedence, expiry, the current path and where the file lives.</summary>
public sealed class SessionSettingsTests : IDisposable
{
    private readonly OctlRunner _runner = new() { Time = new FixedTimeProvider(Samples.Now) };

    public void Dispose() => _runner.Dispose();

    [Fact]
    public void Resolve_SessionAndConfigToken_SessionWins()
    {
        _runner.Directory.Write("home/.config/octopoda/octl.yaml", "brain: https://b:7400\ntoken: file-token\n");
        SessionFiles.Write(_runner, token: "session-token", expiresAt: Samples.Now.AddHours(1));

        var settings = Resolve();

        Assert.Equal(("session-token", TokenSource.Session), (settings.Token, settings.TokenSource));
    }

    [Fact]
    public void Resolve_EnvironmentToken_BeatsSession()
    {
        _runner.Directory.Write("home/.config/octopoda/octl.yaml", "brain: https://b:7400\ntoken: file-token\n");
        SessionFiles.Write(_runner, token: "session-token", expiresAt: Samples.Now.AddHours(1));
        _runner.Variables["OCTOPODA_TOKEN"] = "env-token";

        var settings = Resolve();

        Assert.Equal(("env-token", TokenSource.Environment), (settings.Token, settings.TokenSource));
    }

    [Fact]
    public void Resolve_TokenFlag_BeatsEnvironmentAndSession()
    {
        _runner.Directory.Write("home/.config/octopoda/octl.yaml", "brain: https://b:7400\n");
        SessionFiles.Write(_runner, token: "session-token", expiresAt: Samples.Now.AddHours(1));
        _runner.Variables["OCTOPODA_TOKEN"] = "env-token";

        var settings = Resolve(token: "flag-token");

        Assert.Equal(("flag-token", TokenSource.Flag), (settings.Token, settings.TokenSource));
    }

    [Fact]
    public void Resolve_ExpiredSession_FallsBackToConfigToken()
    {
        _runner.Directory.Write("home/.config/octopoda/octl.yaml", "brain: https://b:7400\ntoken: file-token\n");
        SessionFiles.Write(_runner, token: "session-token", expiresAt: Samples.Now.AddSeconds(-1));

        var settings = Resolve();

        Assert.Equal(("file-token", TokenSource.ConfigFile, false), (settings.Token, settings.TokenSource, settings.SessionExpired));
    }

    [Fact]
    public void Resolve_ExpiredSessionAndNoOtherToken_SaysSoAndSendsNone()
    {
        SessionFiles.Write(_runner, token: "session-token", expiresAt: Samples.Now);

        var settings = Resolve(brain: "https://b:7400");

        Assert.Equal(((string?)null, TokenSource.None, true), (settings.Token, settings.TokenSource, settings.SessionExpired));
    }

    [Fact]
    public void Resolve_PathVariable_BeatsSessionPathAndIsCanonical()
    {
        SessionFiles.Write(_runner, current: "/room1/g1");

        Assert.Equal("/room1/g1", Resolve(brain: "https://b:7400").WorkgroupPath);
        _runner.Variables["OCTOPODA_PATH"] = "/room2//x/";
        Assert.Equal("/room2/x", Resolve(brain: "https://b:7400").WorkgroupPath);
    }

    [Fact]
    public void Resolve_RelativePathVariable_UsageNamingIt()
    {
        _runner.Variables["OCTOPODA_PATH"] = "room1";

        var ex = Assert.Throws<OctlUsageException>(() => Resolve(brain: "https://b:7400"));

        Assert.Contains("OCTOPODA_PATH", ex.Message, StringComparison.Ordinal);
        Assert.Contains("not an absolute workgroup path", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_SessionLocation_NextToConfigElseHome()
    {
        var config = _runner.Directory.Write("conf/octl.yaml", "brain: https://b:7400\n");

        Assert.Equal(Path.Combine(_runner.Directory.Path, "conf", "octl.session.yaml"), Resolve(config: config).SessionFile);
        Assert.Equal(SessionFiles.HomePath(_runner), Resolve(brain: "https://b:7400").SessionFile);
    }

    [Fact]
    public void Resolve_SystemConfigFile_SessionStaysInHome()
    {
        _runner.Directory.Write("etc/octl.yaml", "brain: https://b:7400\n");

        var settings = Resolve();

        Assert.Equal(Path.Combine(_runner.Directory.Path, "etc", "octl.yaml"), settings.ConfigFile);
        Assert.Equal(SessionFiles.HomePath(_runner), settings.SessionFile);
    }

    [Fact]
    public void Resolve_SessionNotValidYaml_UsageNamingTheFile()
    {
        var file = SessionFiles.HomePath(_runner);
        _runner.Directory.Write("home/.config/octopoda/octl.session.yaml", "token: [unclosed\n");

        var ex = Assert.Throws<OctlUsageException>(() => Resolve(brain: "https://b:7400"));

        Assert.Contains(file, ex.Message, StringComparison.Ordinal);
        Assert.Contains("octl login", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Save_ExistingFileWithWideMode_ReplacedOwnerOnly()
    {
        var file = SessionFiles.Write(_runner);
        File.SetUnixFileMode(file, (UnixFileMode)0b110_100_100);

        OctlSessionStore.Update(file, s => s.Path = "/room1/g1");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.Equal(("/room1/g1", "tok-room1"), (SessionFiles.Read(file)["path"], SessionFiles.Read(file)["token"]));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(file)!));
    }

    private OctlSettings Resolve(string? config = null, string? brain = null, string? token = null) =>
        OctlSettingsResolver.Resolve(_runner.Environment(TextWriter.Null, TextWriter.Null), config, brain, token);
}
