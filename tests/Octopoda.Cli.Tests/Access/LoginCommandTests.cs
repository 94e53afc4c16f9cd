using System.Text.Json;
using Octopoda.Cli.Tests.Support;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Json;

namespace Octopoda.Cli.Tests.Access;

/// <summary><c>octl login</c> against a fake Brain: how the password is read, what is sent, and the session file written.</summary>
public sealed class LoginCommandTests : IDisposable
{
    private readonly OctlRunner _runner = new() { Time = new FixedTimeProvider(Samples.Now) };

    public void Dispose() => _runner.Dispose();

    [Fact]
    public async Task Login_PasswordStdin_PostsCredentialsAndWritesSessionOwnerOnly()
    {
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondAsync(context, 200, AccessSamples.Json(AccessSamples.Login())));
        _runner.Stdin = "pw-12345\n";

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "login", "/room1", "--password-stdin", "--lifetime", "2h", "--name", "ci");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        var request = Assert.Single(brain.Requests);
        Assert.Equal(("POST", ApiRoutes.Login, null, null), (request.Method, request.RawUrl, request.Authorization, request.WorkgroupPath));
        var sent = JsonSerializer.Deserialize(request.Body, ProtocolJsonContext.Default.LoginRequest)!;
        Assert.Equal(("/room1", "pw-12345", 7200, "ci"), (sent.Path, sent.Password, sent.LifetimeSeconds, sent.Name));

        var file = SessionFiles.HomePath(_runner);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        var saved = SessionFiles.Read(file);
        Assert.Equal("tok-room1", saved["token"]);
        Assert.Equal("tk1", saved["tokenId"]);
        Assert.Equal("/room1", saved["account"]);
        Assert.Equal("/room1", saved["path"]);
        Assert.Equal("2025-11-22T00:00:00Z", saved["expiresAt"]);
        Assert.Contains($"logged in as /room1 until 2025-11-22 00:00:00Z (in 12h00m); the session is kept in {file}", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("tok-room1", result.Out + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_ConfigFileInUse_SessionFileSitsNextToIt()
    {
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondAsync(context, 200, AccessSamples.Json(AccessSamples.Login("/"))));
        _runner.Variables["OCTOPODA_CONFIG"] = _runner.Directory.Write("cfg/octl.yaml", $"brain: {brain.Address}\n");
        _runner.Stdin = "pw-12345";

        var result = await _runner.RunAsync("login", "--password-stdin");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Equal("/", JsonSerializer.Deserialize(Assert.Single(brain.Requests).Body, ProtocolJsonContext.Default.LoginRequest)!.Path);
        Assert.Equal("tok-room1", SessionFiles.Read(Path.Combine(_runner.Directory.Path, "cfg", "octl.session.yaml"))["token"]);
        Assert.False(File.Exists(SessionFiles.HomePath(_runner)));
    }

    [Fact]
    public async Task Login_StdinNotATerminalWithoutPasswordStdin_RefusedBeforeAnyRequest()
    {
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondAsync(context, 200, AccessSamples.Json(AccessSamples.Login())));
        _runner.Stdin = "pw-12345\n";

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "login", "/room1");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("stdin is not a terminal", result.Error, StringComparison.Ordinal);
        Assert.Contains("--password-stdin", result.Error, StringComparison.Ordinal);
        Assert.Empty(brain.Requests);
        Assert.False(File.Exists(SessionFiles.HomePath(_runner)));
    }

    [Fact]
    public async Task Login_Terminal_AsksOnceWithAHiddenPrompt()
    {
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondAsync(context, 200, AccessSamples.Json(AccessSamples.Login())));
        _runner.StdinIsTerminal = true;
        _runner.SecretAnswers.Enqueue("typed-secret");

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "login", "room1");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Equal(["Password for /room1:"], _runner.Prompts);
        var sent = JsonSerializer.Deserialize(Assert.Single(brain.Requests).Body, ProtocolJsonContext.Default.LoginRequest)!;
        Assert.Equal(("/room1", "typed-secret"), (sent.Path, sent.Password));
    }

    [Fact]
    public async Task Login_CtrlCAtThePrompt_InterruptedWithNoRequest()
    {
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondAsync(context, 200, AccessSamples.Json(AccessSamples.Login())));
        using var interrupt = new CancellationTokenSource();
        _runner.StdinIsTerminal = true;
        _runner.SecretAnswers.Enqueue("half-typ");
        _runner.OnPrompt = _ => interrupt.Cancel();

        var result = await _runner.RunAsync(interrupt.Token, "--brain", brain.Address.ToString(), "login", "/room1");

        Assert.Equal(ExitCodes.Cancelled, result.ExitCode);
        Assert.Contains("interrupted", result.Error, StringComparison.Ordinal);
        Assert.Empty(brain.Requests);
    }

    [Fact]
    public async Task Login_PasswordArgument_IsNotAccepted()
    {
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondAsync(context, 200, AccessSamples.Json(AccessSamples.Login())));

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "login", "/room1", "pw-12345");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Empty(brain.Requests);
    }

    [Fact]
    public async Task Login_WrongPassword_UnauthorizedAndNoSessionWritten()
    {
        await using var brain = FakeBrain.Start((context, _) =>
            FakeBrain.RespondAsync(context, 401, AccessSamples.Problem(401, "wrong password or unknown account"), "application/problem+json"));
        _runner.Stdin = "nope-nope";

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "login", "/room1", "--password-stdin");

        Assert.Equal(ExitCodes.Unauthorized, result.ExitCode);
        Assert.Contains("wrong password or unknown account", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(SessionFiles.HomePath(_runner)));
    }

    [Fact]
    public async Task Login_BadAccountPath_UsageBeforeAnyRequest()
    {
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondAsync(context, 200, AccessSamples.Json(AccessSamples.Login())));
        _runner.Stdin = "pw-12345";

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "login", "/room 1", "--password-stdin");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("'room 1' is not a valid workgroup name", result.Error, StringComparison.Ordinal);
        Assert.Empty(brain.Requests);
    }

    [Fact]
    public async Task Login_ThenACommand_SendsTheSessionTokenAndPath()
    {
        await using var brain = FakeBrain.Start((context, request) => request.Path == ApiRoutes.Login
            ? FakeBrain.RespondAsync(context, 200, AccessSamples.Json(AccessSamples.Login()))
            : FakeBrain.RespondAsync(context, 200, AccessSamples.Json(AccessSamples.Caller("/room1", "/room1", "n1"))));
        _runner.Stdin = "pw-12345";

        var login = await _runner.RunAsync("--brain", brain.Address.ToString(), "login", "/room1", "--password-stdin");
        var whoami = await _runner.RunAsync("--brain", brain.Address.ToString(), "whoami");

        Assert.True(login.ExitCode == ExitCodes.Success, login.ToString());
        Assert.True(whoami.ExitCode == ExitCodes.Success, whoami.ToString());
        var request = brain.Requests.Last();
        Assert.Equal((ApiRoutes.WhoAmI, "Bearer tok-room1", "/room1"), (request.RawUrl, request.Authorization, request.WorkgroupPath));
    }

    [Fact]
    public async Task Login_Json_ReportsWithoutTheToken()
    {
        await using var brain = FakeBrain.Start((context, _) => FakeBrain.RespondAsync(context, 200, AccessSamples.Json(AccessSamples.Login())));
        _runner.Stdin = "pw-12345";

        var result = await _runner.RunAsync("--brain", brain.Address.ToString(), "login", "/room1", "--password-stdin", "-o", "json");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal("login", json.RootElement.GetProperty("action").GetString());
        Assert.Equal("tk1", json.RootElement.GetProperty("tokenId").GetString());
        Assert.Equal(SessionFiles.HomePath(_runner), json.RootElement.GetProperty("sessionFile").GetString());
        Assert.DoesNotContain("tok-room1", result.Out, StringComparison.Ordinal);
    }
}
