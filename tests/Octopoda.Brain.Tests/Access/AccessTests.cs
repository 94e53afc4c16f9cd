using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Octopoda.Brain.Security;
using Octopoda.Brain.Store;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Tasks;
using Octopoda.Protocol.Workgroups;
using Octopoda.Testing;

namespace Octopoda.Brain.Tests.Access;

/// <summary>
/// Accounts and tokens, allow-lists and the audit log through the API of a real Brain with real Tentacles:
/// bad credentials are refused with the right status and change nothing, and no secret reaches the store or the logs.
/// </summary>
public sealed class AccessTests : IAsyncLifetime
{
    private const string AdminPassword = "root-password-42";
    private const string AlicePassword = "alice-password-42";

    private readonly CapturedLogs _logs = new();
    private TestCluster _cluster = null!;
    private ApiCaller _api = null!;
    private string _admin = null!;

    public async Task InitializeAsync()
    {
        _cluster = await TestCluster.StartAsync(0, options =>
        {
            options.AdminPassword = AdminPassword;
            options.LoginAttemptsPerMinute = 6;
        }, _logs);
        foreach (var name in new[] { "pi1", "pi2", "pi3", "pi4" })
        {
            await _cluster.StartTentacleAsync(name);
        }

        _api = new ApiCaller(_cluster.BrainAddress, _cluster.CaCertificateFile);
        _admin = _cluster.AdminToken;
        await Ok(_api.PostAsync(ApiRoutes.WorkgroupAdd, _admin, """{"path":"/room1","nodes":["pi1","pi2","pi3","pi4"]}"""));
        await Ok(_api.PostAsync(ApiRoutes.WorkgroupAdd, _admin, """{"path":"/room1/alice","nodes":["pi1","pi2","pi3"]}"""));
        await Ok(_api.PostAsync(ApiRoutes.WorkgroupGrant, _admin, Json(new WorkgroupGrantRequest { Path = "/room1/alice", Password = AlicePassword })));
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task Login_WithTheRightPassword_GivesAnExpiringTokenOfThatAccount_AndBadCredentialsGet401AndNothing()
    {
        var login = await Ok(_api.PostAsync(ApiRoutes.Login, null, Json(new LoginRequest { Path = "/room1/alice", Password = AlicePassword, LifetimeSeconds = 600 })));
        var issued = login.Read(ProtocolJsonContext.Default.LoginResponse);
        Assert.Equal("/room1/alice", issued.Account);
        Assert.InRange(issued.ExpiresAt - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(10.5));
        var me = (await Ok(_api.GetAsync(ApiRoutes.WhoAmI, issued.Token))).Read(ProtocolJsonContext.Default.CallerView);
        Assert.Equal(["pi1", "pi2", "pi3"], me.Nodes);

        var before = await TokenCountAsync();
        var wrong = await _api.PostAsync(ApiRoutes.Login, null, Json(new LoginRequest { Path = "/room1/alice", Password = "not-her-password" }));
        var unknown = await _api.PostAsync(ApiRoutes.Login, null, Json(new LoginRequest { Path = "/room9", Password = AlicePassword }));
        var notAnAccount = await _api.PostAsync(ApiRoutes.Login, null, Json(new LoginRequest { Path = "/room1", Password = AlicePassword }));
        Assert.All([wrong, unknown, notAnAccount], answer =>
        {
            Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
            Assert.Equal("Wrong account or password; nothing was issued.", answer.Detail);
        });
        var malformed = await _api.PostAsync(ApiRoutes.Login, null, """{"path":"room1/../..","password":"x"}""");
        Assert.Equal(HttpStatusCode.BadRequest, malformed.Status);
        Assert.Equal(before, await TokenCountAsync());

        var root = (await Ok(_api.PostAsync(ApiRoutes.Login, null, Json(new LoginRequest { Path = "/", Password = AdminPassword })))).Read(ProtocolJsonContext.Default.LoginResponse);
        Assert.Equal("/", root.Account);
    }

    [Fact]
    public async Task ExpiredAndRevokedTokens_Get401WithTheReason()
    {
        var tokens = _cluster.Brain.Services.GetRequiredService<ApiTokenService>();
        var (expired, _) = await tokens.IssueAsync(WorkgroupPath.Parse("/room1/alice"), "expired", TimeSpan.FromSeconds(-1), default);
        var answer = await _api.GetAsync(ApiRoutes.WhoAmI, expired);
        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
        Assert.Contains("expired", answer.Detail, StringComparison.Ordinal);

        var alice = await _api.LoginAsync("/room1/alice", AlicePassword);
        await Ok(_api.GetAsync(ApiRoutes.WhoAmI, alice));
        var mine = (await Ok(_api.GetAsync(ApiRoutes.Tokens, alice))).Read(ProtocolJsonContext.Default.TokenListResponse).Tokens;
        Assert.All(mine, t => Assert.Equal("/room1/alice", t.Account));
        var current = mine.Single(t => t.Current);

        // /room1 is not an account, so the administrator revokes it, as the owner of every account.
        Assert.Equal(HttpStatusCode.NoContent, (await _api.SendAsync(HttpMethod.Delete, $"{ApiRoutes.Tokens}/{current.Id}", _admin)).Status);
        var revoked = await _api.GetAsync(ApiRoutes.WhoAmI, alice);
        Assert.Equal(HttpStatusCode.Unauthorized, revoked.Status);
        Assert.Contains("revoked", revoked.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Grant_WithAShortPassword_Is400_AndTheGroupStaysWithoutOne()
    {
        await Ok(_api.PostAsync(ApiRoutes.WorkgroupAdd, _admin, """{"path":"/room1/bob","nodes":["pi4"]}"""));

        var answer = await _api.PostAsync(ApiRoutes.WorkgroupGrant, _admin, """{"path":"/room1/bob","password":"short"}""");

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Contains("8 characters", answer.Detail, StringComparison.Ordinal);
        var bob = (await Ok(_api.GetAsync($"{ApiRoutes.Workgroup}?path=/room1/bob", _admin))).Read(ProtocolJsonContext.Default.WorkgroupView);
        Assert.False(bob.IsAccount);
    }

    [Fact]
    public async Task Login_IsRateLimitedPerSource_EvenWithTheRightPassword()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            statuses.Add((await _api.PostAsync(ApiRoutes.Login, null, Json(new LoginRequest { Path = "/room1/alice", Password = $"guess-{i}-wrong" }))).Status);
        }

        var limited = await _api.PostAsync(ApiRoutes.Login, null, Json(new LoginRequest { Path = "/room1/alice", Password = AlicePassword }));

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.Status);
        Assert.NotNull(limited.RetryAfter);
        Assert.Contains("Too many login attempts", limited.Detail, StringComparison.Ordinal);
        // Other endpoints are not limited.
        await Ok(_api.GetAsync(ApiRoutes.WhoAmI, _admin));
    }

    [Fact]
    public async Task AllowList_RefusesACommandOutsideIt_BeforeAnyTaskIsStored_AndTheAuditShowsWhoRanWhat()
    {
        var set = await Ok(_api.SendAsync(HttpMethod.Put, ApiRoutes.WorkgroupAllow, _admin, """{"path":"/room1/alice","patterns":["uname *","echo hello*"]}"""));
        Assert.Equal(["uname *", "echo hello*"], set.Read(ProtocolJsonContext.Default.WorkgroupView).Allow);
        var alice = await _api.LoginAsync("/room1/alice", AlicePassword);
        var tasksBefore = await TaskCountAsync();

        var allowed = await _api.PostAsync(ApiRoutes.Commands, alice, """{"command":"uname -a","targets":["@all"]}""");
        var refused = await _api.PostAsync(ApiRoutes.Commands, alice, """{"command":"rm -rf /tmp/x","targets":["pi1"]}""");
        var smuggled = await _api.PostAsync(ApiRoutes.Commands, alice, """{"command":"echo hello; reboot","targets":["pi1"]}""");
        var script = await _api.PostAsync(ApiRoutes.Commands, alice, """{"script":"reboot","scriptName":"x.sh","targets":["pi1"]}""");

        Assert.Equal(HttpStatusCode.Accepted, allowed.Status);
        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Equal("'rm -rf /tmp/x' is not allowed in /room1/alice: its allow-list permits only 'uname *', 'echo hello*'. Nothing was run.", refused.Detail);
        // '*' spans anything, so 'echo hello*' admits 'echo hello; reboot': patterns are for the owner to write tightly.
        Assert.Equal(HttpStatusCode.Accepted, smuggled.Status);
        Assert.Equal(HttpStatusCode.Forbidden, script.Status);
        Assert.Equal(tasksBefore + 4, await TaskCountAsync());

        // A group under alice inherits the list: she cannot escape it by moving down.
        await Ok(_api.PostAsync(ApiRoutes.WorkgroupAdd, alice, """{"path":"g1","nodes":["pi1","pi2"]}"""));
        var below = await _api.PostAsync(ApiRoutes.Commands, alice, """{"command":"rm -rf /tmp/x","targets":["@all"]}""", currentPath: "/room1/alice/g1");
        Assert.Equal(HttpStatusCode.Forbidden, below.Status);

        var audit = (await Ok(_api.GetAsync($"{ApiRoutes.Audit}?user=/room1/alice", _admin))).Read(ProtocolJsonContext.Default.AuditListResponse).Entries;
        Assert.All(audit, e => Assert.Equal("/room1/alice", e.Actor));
        var runs = audit.Where(e => e.Action == "cmd.run").ToList();
        Assert.Equal(
            [("uname -a", 202, "ok"), ("rm -rf /tmp/x", 403, refused.Detail), ("echo hello; reboot", 202, "ok"), ("script x.sh", 403, script.Detail), ("rm -rf /tmp/x", 403, below.Detail)],
            runs.Select(e => (e.Subject, e.Status, (string?)e.Outcome)));
        Assert.Equal("pi1,pi2,pi3", runs[0].Targets);
        Assert.NotNull(runs[0].BatchId);
        Assert.Contains(audit, e => e.Action == "login" && e.Status == 200);
        Assert.Contains(audit, e => e.Action == "wg.add" && e.Subject == "/room1/alice/g1" && e.Targets == "pi1,pi2");

        var adminEntries = (await Ok(_api.GetAsync(ApiRoutes.Audit, _admin))).Read(ProtocolJsonContext.Default.AuditListResponse).Entries;
        Assert.Contains(adminEntries, e => e.Action == "wg.allow" && e.Actor == "/" && e.Subject == "/room1/alice allow [uname *, echo hello*]");
        var hers = (await Ok(_api.GetAsync(ApiRoutes.Audit, alice))).Read(ProtocolJsonContext.Default.AuditListResponse).Entries;
        Assert.All(hers, e => Assert.StartsWith("/room1/alice", e.Actor, StringComparison.Ordinal));
        var tasks = (await Ok(_api.GetAsync($"{ApiRoutes.Tasks}?limit=1000", alice))).Read(ProtocolJsonContext.Default.TaskListResponse).Tasks;
        Assert.All(tasks, t => Assert.Equal("/room1/alice", t.SubmittedBy));
    }

    [Fact]
    public async Task NoPasswordOrToken_AppearsInTheStoreOrTheLogs()
    {
        // Exercise every path a secret travels: login (right, wrong), grant, a token in use, a revoked one, a bad header.
        await Ok(_api.PostAsync(ApiRoutes.WorkgroupAdd, _admin, """{"path":"/room2","nodes":["pi4"]}"""));
        const string room2Password = "room2-secret-pass";
        await _api.PostAsync(ApiRoutes.WorkgroupGrant, _admin, Json(new WorkgroupGrantRequest { Path = "/room2", Password = room2Password }));
        var alice = await _api.LoginAsync("/room1/alice", AlicePassword);
        var root = await _api.LoginAsync("/", AdminPassword);
        const string wrongPassword = "wrong-password-typed";
        await _api.PostAsync(ApiRoutes.Login, null, Json(new LoginRequest { Path = "/room1/alice", Password = wrongPassword }));
        await _api.PostAsync(ApiRoutes.Commands, alice, """{"command":"echo hi","targets":["pi1"]}""");
        await _api.GetAsync(ApiRoutes.WhoAmI, alice, currentPath: "/room1");
        await _api.GetAsync(ApiRoutes.WhoAmI, alice + "x");
        await _api.GetAsync(ApiRoutes.WhoAmI, root);
        await _cluster.RestartBrainAsync();

        string[] secrets = [AdminPassword, AlicePassword, room2Password, wrongPassword, alice, root, _admin];
        var brainDir = Path.Combine(_cluster.DataRoot, "brain");
        var storeFiles = Directory.GetFiles(brainDir, "*", SearchOption.AllDirectories).Where(f => Path.GetFileName(f) != "admin.token").ToList();
        Assert.Contains(storeFiles, f => f.EndsWith("brain.db", StringComparison.Ordinal));
        var contents = new List<byte[]>();
        foreach (var file in storeFiles)
        {
            var bytes = await File.ReadAllBytesAsync(file);
            contents.Add(bytes);
            foreach (var secret in secrets)
            {
                Assert.True(IndexOf(bytes, Encoding.UTF8.GetBytes(secret)) < 0, $"{file} holds a secret in plain text");
            }
        }

        // The scan sees what the store holds: the group names and the command are there in plain text.
        Assert.Contains(contents, bytes => IndexOf(bytes, "/room2"u8.ToArray()) >= 0);
        Assert.Contains(contents, bytes => IndexOf(bytes, "echo hi"u8.ToArray()) >= 0);
        Assert.Contains(_logs.Lines, line => line.Contains("Octopoda.Brain", StringComparison.Ordinal));
        foreach (var line in _logs.Lines)
        {
            Assert.DoesNotContain(secrets, line.Contains);
        }
    }

    private async Task<int> TokenCountAsync()
    {
        await using var db = await _cluster.Brain.Services.GetRequiredService<IDbContextFactory<BrainDbContext>>().CreateDbContextAsync();
        return await db.ApiTokens.CountAsync();
    }

    private async Task<int> TaskCountAsync()
    {
        await using var db = await _cluster.Brain.Services.GetRequiredService<IDbContextFactory<BrainDbContext>>().CreateDbContextAsync();
        return await db.Tasks.CountAsync();
    }

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)ProtocolJsonContext.Default.GetTypeInfo(typeof(T))!);

    private static async Task<ApiCaller.Answer> Ok(Task<ApiCaller.Answer> call)
    {
        var answer = await call;
        Assert.True((int)answer.Status is >= 200 and < 300, $"expected success, got {answer}");
        return answer;
    }
}
