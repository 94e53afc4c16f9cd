using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Octopoda.Cli.Configuration;
using Octopoda.Cli.Scenarios.Repo;
using Octopoda.Cli.Tests.Support;

namespace Octopoda.Cli.Tests.Scenarios;

/// <summary>
/// <c>octl scen repo push|clone</c> with the real system git against a bare repository in a temp directory. Neither
/// octl nor the tests' own git see the user's git configuration: HOME is the runner's, system config is off.
/// </summary>
public sealed class ScenRepoCommandTests : IDisposable
{
    private const string Password = "pw-Zq81-never-printed";

    private readonly OctlRunner _runner = new();

    public ScenRepoCommandTests()
    {
        _runner.Variables["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
        _runner.Variables["GIT_CONFIG_NOSYSTEM"] = "1";
        Server = Path.Combine(_runner.Directory.Path, "srv");
    }

    /// <summary>The "server": a directory of bare repositories, <c>&lt;user&gt;/&lt;scen&gt;.git</c>.</summary>
    private string Server { get; }

    private string Work => _runner.Directory.Path;

    public void Dispose() => _runner.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Push_ThenClone_GivesTheSameTree(bool fileUrl)
    {
        var bare = await NewBareRepositoryAsync("alice", "helloWorld");
        WriteConfig((fileUrl ? "file://" : "") + Server, "alice");
        var folder = WriteScenario("helloWorld");

        var push = await _runner.RunAsync("scen", "repo", "push", "helloWorld");

        Assert.True(push.ExitCode == ExitCodes.Success, push.ToString());
        var url = (fileUrl ? "file://" : "") + bare;
        Assert.Contains($"pushed main (", push.Out, StringComparison.Ordinal);
        Assert.Contains($"to {url}", push.Out, StringComparison.Ordinal);
        Assert.Contains("initialized a Git repository", push.Out, StringComparison.Ordinal);
        Assert.Equal(await GitAsync(folder, "rev-parse", "HEAD"), await GitAsync(bare, "rev-parse", "main"));
        Assert.Equal("octl scen repo push", await GitAsync(bare, "log", "-1", "--format=%s", "main"));

        var clone = await _runner.RunAsync("scen", "repo", "clone", "helloWorld", "copy");

        Assert.True(clone.ExitCode == ExitCodes.Success, clone.ToString());
        Assert.Contains($"cloned {url} (", clone.Out, StringComparison.Ordinal);
        AssertSameTree(folder, Path.Combine(Work, "copy"));
        Assert.NotEqual(UnixFileMode.None, File.GetUnixFileMode(Path.Combine(Work, "copy", "web", "scripts", "start.sh")) & UnixFileMode.UserExecute);
    }

    [Fact]
    public async Task PushAgain_AfterAChange_TheNextCloneSeesIt()
    {
        var bare = await NewBareRepositoryAsync("alice", "helloWorld");
        WriteConfig(Server, "alice");
        var folder = WriteScenario("helloWorld");
        Assert.Equal(ExitCodes.Success, (await _runner.RunAsync("scen", "repo", "push", "helloWorld")).ExitCode);
        File.WriteAllText(Path.Combine(folder, "deployment.yaml"), "name: helloWorld\n# changed\n");
        File.Delete(Path.Combine(folder, "web", "src", "readme.txt"));
        _runner.Directory.Write("helloWorld/web/src/new.txt", "new\n");

        var push = await _runner.RunAsync("scen", "repo", "push", "helloWorld", "-m", "second version");

        Assert.True(push.ExitCode == ExitCodes.Success, push.ToString());
        Assert.DoesNotContain("initialized", push.Out, StringComparison.Ordinal);
        Assert.Equal("second version", await GitAsync(bare, "log", "-1", "--format=%s", "main"));
        var original = Path.Combine(Work, "original");
        Directory.Move(folder, original);
        var clone = await _runner.RunAsync("scen", "repo", "clone", "helloWorld");
        Assert.True(clone.ExitCode == ExitCodes.Success, clone.ToString());
        AssertSameTree(original, folder);
        Assert.Equal("# changed", File.ReadAllLines(Path.Combine(folder, "deployment.yaml"))[1]);
    }

    [Fact]
    public async Task Push_WithNothingChanged_Succeeds()
    {
        var bare = await NewBareRepositoryAsync("alice", "helloWorld");
        WriteConfig(Server, "alice");
        WriteScenario("helloWorld");
        Assert.Equal(ExitCodes.Success, (await _runner.RunAsync("scen", "repo", "push", "helloWorld")).ExitCode);
        var before = await GitAsync(bare, "rev-parse", "main");

        var again = await _runner.RunAsync("-o", "json", "scen", "repo", "push", "helloWorld");

        Assert.True(again.ExitCode == ExitCodes.Success, again.ToString());
        using var json = JsonDocument.Parse(again.Out);
        Assert.False(json.RootElement.GetProperty("committed").GetBoolean());
        Assert.Equal(before, json.RootElement.GetProperty("commit").GetString());
        Assert.Equal(before, await GitAsync(bare, "rev-parse", "main"));
    }

    [Fact]
    public async Task Clone_WithTheUserFlagAndTheServerFromTheEnvironment_FindsTheRepository()
    {
        await NewBareRepositoryAsync("bob", "shop");
        WriteConfig(Server, "alice");
        var folder = WriteScenario("shop");
        Assert.Equal(ExitCodes.Success, (await _runner.RunAsync("scen", "repo", "push", "-u", "bob", folder)).ExitCode);
        File.Delete(Path.Combine(Work, "octl.yaml"));
        _runner.Variables["OCTOPODA_GIT_URL"] = Server;

        var clone = await _runner.RunAsync("scen", "repo", "clone", "shop", "-u", "bob", "elsewhere/shop");

        Assert.True(clone.ExitCode == ExitCodes.Success, clone.ToString());
        AssertSameTree(folder, Path.Combine(Work, "elsewhere", "shop"));
    }

    [Fact]
    public async Task Clone_IntoANonEmptyFolder_IsRefused_AndChangesNothing()
    {
        await NewBareRepositoryAsync("alice", "helloWorld");
        WriteConfig(Server, "alice");
        WriteScenario("helloWorld");
        Assert.Equal(ExitCodes.Success, (await _runner.RunAsync("scen", "repo", "push", "helloWorld")).ExitCode);
        _runner.Directory.Write("copy/mine.txt", "keep");

        var clone = await _runner.RunAsync("scen", "repo", "clone", "helloWorld", "copy");

        Assert.Equal(ExitCodes.Usage, clone.ExitCode);
        Assert.Contains("already exists and is not empty", clone.Error, StringComparison.Ordinal);
        Assert.Equal(["mine.txt"], Directory.GetFileSystemEntries(Path.Combine(Work, "copy")).Select(Path.GetFileName));
        Assert.Equal("keep", File.ReadAllText(Path.Combine(Work, "copy", "mine.txt")));
    }

    [Fact]
    public async Task Push_OfAFolderWithoutDeploymentYaml_IsRefused()
    {
        var bare = await NewBareRepositoryAsync("alice", "notes");
        WriteConfig(Server, "alice");
        _runner.Directory.Write("notes/readme.txt", "not a scenario");

        var push = await _runner.RunAsync("scen", "repo", "push", "notes");

        Assert.Equal(ExitCodes.Usage, push.ExitCode);
        Assert.Contains("has no deployment.yaml", push.Error, StringComparison.Ordinal);
        Assert.False(Path.Exists(Path.Combine(Work, "notes", ".git")));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(bare, "refs", "heads")));
    }

    [Theory]
    [InlineData("push", "bad name")]
    [InlineData("push", "-dash")]
    [InlineData("clone", "bad name")]
    [InlineData("clone", "../up")]
    public async Task AnInvalidScenarioName_IsAUsageError(string verb, string name)
    {
        WriteConfig(Server, "alice");
        _runner.Directory.Write(Path.Combine(verb == "push" ? name : "unrelated", "deployment.yaml"), "name: x\n");

        var result = await _runner.RunAsync("scen", "repo", verb, "--", name);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("cannot name a scenario", result.Error, StringComparison.Ordinal);
        Assert.False(Path.Exists(Path.Combine(Work, name, ".git")));
    }

    [Fact]
    public async Task AMissingGit_SaysToInstallIt()
    {
        WriteConfig(Server, "alice");
        WriteScenario("helloWorld");
        _runner.Variables["PATH"] = Directory.CreateDirectory(Path.Combine(Work, "empty-bin")).FullName;

        var push = await _runner.RunAsync("scen", "repo", "push", "helloWorld");

        Assert.Equal(ExitCodes.TaskFailed, push.ExitCode);
        Assert.Contains("git was not found on PATH", push.Error, StringComparison.Ordinal);
        Assert.Contains("install it", push.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Credentials_NeverAppearInOutput_OrInTheRepository(bool inUrl)
    {
        // Nothing listens there, so git fails and prints its error.
        var server = $"http://127.0.0.1:{FreePort.Next()}";
        if (inUrl)
        {
            WriteConfig($"http://alice:{Password}@{server["http://".Length..]}", "alice");
        }
        else
        {
            WriteConfig(server, "alice", $"  password: {Password}\n");
        }

        var folder = WriteScenario("helloWorld");

        var push = await _runner.RunAsync("scen", "repo", "push", "helloWorld");
        var clone = await _runner.RunAsync("scen", "repo", "clone", "helloWorld", "copy");

        Assert.Equal(ExitCodes.TaskFailed, push.ExitCode);
        Assert.Equal(ExitCodes.TaskFailed, clone.ExitCode);
        Assert.Contains("'git push' failed", push.Error, StringComparison.Ordinal);
        Assert.Contains("'git clone' failed", clone.Error, StringComparison.Ordinal);
        foreach (var text in new[] { push.Out, push.Error, clone.Out, clone.Error, File.ReadAllText(Path.Combine(folder, ".git", "config")) })
        {
            Assert.DoesNotContain(Password, text, StringComparison.Ordinal);
            Assert.DoesNotContain(Basic("alice", Password), text, StringComparison.Ordinal);
        }

        Assert.Equal($"{server}/alice/helloWorld.git", await GitAsync(folder, "remote", "get-url", "origin"));
    }

    [Fact]
    public async Task Credentials_ReachTheServer_AsABasicAuthorizationHeader()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        WriteConfig($"http://127.0.0.1:{port}", "alice", $"  token: {Password}\n");
        WriteScenario("helloWorld");
        var request = ReadOneRequestAsync(listener);

        var push = await _runner.RunAsync("scen", "repo", "push", "helloWorld");

        var headers = await request.Within("git's first HTTP request");
        Assert.StartsWith("GET /alice/helloWorld.git/info/refs?service=git-receive-pack ", headers, StringComparison.Ordinal);
        Assert.Contains($"\r\nAuthorization: Basic {Basic("alice", Password)}\r\n", headers, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.TaskFailed, push.ExitCode);
        Assert.Contains("403", push.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, push.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Remote_WithoutAnyUser_IsServerSlashScenario()
    {
        var remote = GitRemote.For(new OctlGitSettings("https://git.example.com/", null, null, null, null), null, "shop");

        Assert.Equal("https://git.example.com/shop.git", remote.Url);
        Assert.Null(remote.AuthorizationHeader);
    }

    [Fact]
    public async Task Push_WithoutAGitServer_SaysWhereToConfigureIt()
    {
        WriteScenario("helloWorld");

        var push = await _runner.RunAsync("scen", "repo", "push", "helloWorld");

        Assert.Equal(ExitCodes.Usage, push.ExitCode);
        Assert.Contains("no Git server", push.Error, StringComparison.Ordinal);
        Assert.Contains("OCTOPODA_GIT_URL", push.Error, StringComparison.Ordinal);
    }

    private static string Basic(string user, string password) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

    /// <summary>Accepts one connection, reads its request head and answers 403, so git gives up at once.</summary>
    private static async Task<string> ReadOneRequestAsync(TcpListener listener)
    {
        using var client = await listener.AcceptTcpClientAsync();
        var stream = client.GetStream();
        var head = new StringBuilder();
        var buffer = new byte[4096];
        while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer);
            if (read == 0)
            {
                break;
            }

            head.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        await stream.WriteAsync("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray());
        return head.ToString();
    }

    private void WriteConfig(string serveUrl, string username, string extra = "") =>
        _runner.Directory.Write("octl.yaml", $"git:\n  serveUrl: {serveUrl}\n  username: {username}\n{extra}");

    /// <summary>A scenario folder with an executable script, a plain file and a nested directory.</summary>
    private string WriteScenario(string name)
    {
        _runner.Directory.Write($"{name}/deployment.yaml", $"name: {name}\n");
        _runner.Directory.Write($"{name}/web/src/readme.txt", "hello\n");
        var script = _runner.Directory.Write($"{name}/web/scripts/start.sh", "#!/bin/sh\necho start\n");
        File.SetUnixFileMode(script, (UnixFileMode)0b111_101_101);
        return Path.Combine(Work, name);
    }

    private async Task<string> NewBareRepositoryAsync(string user, string scenario)
    {
        var bare = Path.Combine(Server, user, scenario + ".git");
        Directory.CreateDirectory(bare);
        await GitAsync(bare, "init", "-q", "--bare", "-b", "main");
        return bare;
    }

    /// <summary>Runs the tests' own git, isolated from the user's configuration like octl's; fails the test when git does.</summary>
    private async Task<string> GitAsync(string directory, params string[] args)
    {
        var info = new ProcessStartInfo("git")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["HOME"] = Path.Combine(Work, "home");
        info.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        info.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        info.Environment.Remove("XDG_CONFIG_HOME");
        info.Environment.Remove("GIT_DIR");
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().Within($"git {string.Join(' ', args)}");
        Assert.True(process.ExitCode == 0, $"git {string.Join(' ', args)} in {directory}: exit {process.ExitCode}\n{await stderr}");
        return (await stdout).Trim();
    }

    private static void AssertSameTree(string expected, string actual)
    {
        Assert.Equal(Files(expected), Files(actual));
        foreach (var file in Files(expected))
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(expected, file)), File.ReadAllBytes(Path.Combine(actual, file)));
            Assert.True(
                IsExecutable(Path.Combine(expected, file)) == IsExecutable(Path.Combine(actual, file)),
                $"{file}: the executable bit differs");
        }
    }

    private static bool IsExecutable(string file) => (File.GetUnixFileMode(file) & UnixFileMode.UserExecute) != 0;

    private static List<string> Files(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(root, file))
            .Where(file => !file.StartsWith(".git" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
}
