using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Octopoda.Protocol;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Tasks;
using Octopoda.Testing;
using Xunit.Abstractions;

namespace Octopoda.Brain.Tests.Access;

/// <summary>
/// Every endpoint in the Brain's route table, enumerated at run time so a new endpoint is covered (or fails this test
/// until someone decides how it is scoped): no token is 401; a token of /room1/alice, whose nodes are pi1..pi3,
/// cannot read or act on pi4, its tasks, its batches, its schedules, or a group outside /room1/alice (403), and
/// nothing it was refused changed anything.
/// </summary>
public sealed class RouteAuthorizationTests(ITestOutputHelper output) : IAsyncLifetime
{
    // The only endpoints that answer without a token: health and CA discovery, enrolment (a join token instead),
    // the agent gateway (a client certificate instead) and login (a password instead).
    private static readonly string[] Anonymous =
        ["GET /api/v1/info", "GET /api/v1/ca", "POST /api/v1/enroll", $"* {ProtocolInfo.AgentPath}", "POST /api/v1/login"];

    private TestCluster _cluster = null!;
    private ApiCaller _api = null!;
    private string _admin = null!;
    private string _alice = null!;
    private string _task4 = null!;
    private string _batch4 = null!;
    private string _schedule4 = null!;
    private string _adminTokenId = null!;

    public async Task InitializeAsync()
    {
        _cluster = await TestCluster.StartAsync(0);
        foreach (var name in new[] { "pi1", "pi2", "pi3", "pi4" })
        {
            await _cluster.StartTentacleAsync(name);
        }

        await _cluster.WaitForStateAsync(NodeState.Online, TimeSpan.FromSeconds(30), "pi1", "pi2", "pi3", "pi4");
        _api = new ApiCaller(_cluster.BrainAddress, _cluster.CaCertificateFile);
        _admin = _cluster.AdminToken;
        await Expect(HttpStatusCode.OK, _api.PostAsync(ApiRoutes.WorkgroupAdd, _admin, """{"path":"/room1","nodes":["pi1","pi2","pi3","pi4"]}"""));
        await Expect(HttpStatusCode.OK, _api.PostAsync(ApiRoutes.WorkgroupAdd, _admin, """{"path":"/room1/alice","nodes":["pi1","pi2","pi3"]}"""));
        await Expect(HttpStatusCode.NoContent, _api.PostAsync(ApiRoutes.WorkgroupGrant, _admin, """{"path":"/room1/alice","password":"alice-secret-1"}"""));
        _alice = await _api.LoginAsync("/room1/alice", "alice-secret-1");

        var run = (await Expect(HttpStatusCode.Accepted, _api.PostAsync(ApiRoutes.Commands, _admin, """{"command":"sleep 120","targets":["pi4"]}""")))
            .Read(ProtocolJsonContext.Default.RunSubmission);
        (_task4, _batch4) = (run.Tasks[0].Id, run.BatchId);
        _schedule4 = (await Expect(HttpStatusCode.Accepted, _api.PostAsync(ApiRoutes.Commands, _admin,
            """{"command":"true","targets":["pi4"],"everySeconds":3600,"forSeconds":7200}"""))).Read(ProtocolJsonContext.Default.RunSubmission).ScheduleId!;
        _adminTokenId = (await Expect(HttpStatusCode.OK, _api.GetAsync(ApiRoutes.Tokens, _admin))).Read(ProtocolJsonContext.Default.TokenListResponse)
            .Tokens.Single(t => t.Current).Id;
        // Something in the administrator's file store, which is not alice's.
        await Expect(HttpStatusCode.Created, _api.PostAsync($"{ApiRoutes.FilesStore}?name=admin-only", _admin, "{}"));
        // A scenario on pi4, which is not alice's.
        await Expect(HttpStatusCode.OK, _api.SendAsync(HttpMethod.Put, $"{ApiRoutes.Scenarios}/s4", _admin,
            """{"description":"pi4's","applications":[{"name":"a4","description":"on pi4","nodes":["pi4"]}]}"""));
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task EveryEndpoint_WithoutAToken_Is401_ExceptTheFewThatTakeAnotherCredential()
    {
        var anonymous = new List<string>();
        foreach (var route in Routes())
        {
            if (Anonymous.Contains(route.Key))
            {
                anonymous.Add(route.Key);
                continue;
            }

            var answer = await _api.SendAsync(route.Method, route.Sample, token: null, route.Method == HttpMethod.Get ? null : "{}");
            output.WriteLine($"{route.Key} without a token: {(int)answer.Status}");
            Assert.True(answer.Status == HttpStatusCode.Unauthorized, $"{route.Key} without a token answered {answer}");
            var garbage = await _api.SendAsync(route.Method, route.Sample, token: "octa_not-a-token", route.Method == HttpMethod.Get ? null : "{}");
            Assert.True(garbage.Status == HttpStatusCode.Unauthorized, $"{route.Key} with an unknown token answered {garbage}");
        }

        Assert.Equal(Anonymous.Order(), anonymous.Order());
    }

    [Fact]
    public async Task EveryEndpoint_RefusesAliceWhatLiesOutsideHerWorkgroup_AndChangesNothing()
    {
        var cases = OutOfScopeCases();
        var uncovered = Routes().Where(r => !Anonymous.Contains(r.Key) && !cases.ContainsKey(r.Key)).Select(r => r.Key).ToList();
        Assert.True(uncovered.Count == 0, $"add an out-of-scope case to this test for: {string.Join(", ", uncovered)}");

        foreach (var route in Routes().Where(r => !Anonymous.Contains(r.Key)))
        {
            // A current path outside the account is refused before any endpoint code runs, whatever the endpoint.
            var outside = await _api.SendAsync(route.Method, route.Sample, _alice, route.Method == HttpMethod.Get ? null : "{}", currentPath: "/room1");
            Assert.True(outside.Status == HttpStatusCode.Forbidden, $"{route.Key} from /room1 as /room1/alice answered {outside}");

            var (request, check) = cases[route.Key];
            var answer = await request();
            output.WriteLine($"{route.Key} as /room1/alice on pi4's things: {(int)answer.Status} {answer.Detail}");
            check(answer);
        }

        // Nothing refused changed anything: pi4's task still runs, its schedule is live, /room1 is whole, the admin token works.
        var task = (await Expect(HttpStatusCode.OK, _api.GetAsync($"{ApiRoutes.Tasks}/{_task4}", _admin))).Read(ProtocolJsonContext.Default.TaskView);
        Assert.False(task.State.IsFinal(), $"pi4's task is {task.State}");
        var schedules = (await Expect(HttpStatusCode.OK, _api.GetAsync(ApiRoutes.Schedules, _admin))).Read(ProtocolJsonContext.Default.IReadOnlyListScheduleView);
        Assert.False(schedules.Single(s => s.Id == _schedule4).Ended);
        var room1 = (await Expect(HttpStatusCode.OK, _api.GetAsync($"{ApiRoutes.Workgroup}?path=/room1", _admin))).Read(ProtocolJsonContext.Default.WorkgroupView);
        Assert.Equal(["pi1", "pi2", "pi3", "pi4"], room1.Members);
        Assert.Equal(["/room1/alice"], room1.Children);
        Assert.False(room1.IsAccount);
        Assert.Empty((await Expect(HttpStatusCode.OK, _api.GetAsync($"{ApiRoutes.Workgroup}?path=/room1/alice", _admin))).Read(ProtocolJsonContext.Default.WorkgroupView).Allow);
        Assert.Contains("pi4", (await Expect(HttpStatusCode.OK, _api.GetAsync(ApiRoutes.Nodes, _admin))).Body);
        var adminStore = (await Expect(HttpStatusCode.OK, _api.GetAsync(ApiRoutes.FilesStore, _admin))).Read(ProtocolJsonContext.Default.FileListing);
        Assert.Equal(2, adminStore.Entries.Single(e => e.Name == "admin-only").Size);
        var s4 = (await Expect(HttpStatusCode.OK, _api.GetAsync($"{ApiRoutes.Scenarios}/s4", _admin))).Read(ProtocolJsonContext.Default.ScenarioView);
        Assert.Equal(("pi4's", "a4", "pi4"), (s4.Description, s4.Applications!.Single().Name, s4.Applications!.Single().NodeApps.Single().Node));
    }

    private Dictionary<string, (Func<Task<ApiCaller.Answer>> Request, Action<ApiCaller.Answer> Check)> OutOfScopeCases()
    {
        (Func<Task<ApiCaller.Answer>>, Action<ApiCaller.Answer>) Get(string path, Action<ApiCaller.Answer>? check = null) =>
            (() => _api.GetAsync(path, _alice), check ?? Forbidden(path));
        (Func<Task<ApiCaller.Answer>>, Action<ApiCaller.Answer>) Send(HttpMethod method, string path, string json) =>
            (() => _api.SendAsync(method, path, _alice, json), Forbidden($"{method} {path} {json}"));
        Action<ApiCaller.Answer> ListWithout(params string[] hidden) => answer =>
        {
            Assert.Equal(HttpStatusCode.OK, answer.Status);
            foreach (var text in hidden)
            {
                Assert.DoesNotContain(text, answer.Body, StringComparison.Ordinal);
            }
        };

        var p = ApiRoutes.Prefix;
        return new()
        {
            ["GET /api/v1/nodes"] = Get($"{p}/nodes?targets=pi4"),
            ["GET /api/v1/nodes/status"] = Get($"{p}/nodes/status?targets=pi4"),
            ["POST /api/v1/nodes/prune"] = Send(HttpMethod.Post, $"{p}/nodes/prune", """{"targets":["pi4"]}"""),
            ["POST /api/v1/nodes/revoke"] = Send(HttpMethod.Post, $"{p}/nodes/revoke", """{"node":"pi4"}"""),
            ["POST /api/v1/commands"] = Send(HttpMethod.Post, $"{p}/commands", """{"command":"touch /tmp/pwned","targets":["pi4"]}"""),
            ["GET /api/v1/tasks"] = Get($"{p}/tasks?node=pi4"),
            ["GET /api/v1/tasks/{id}"] = Get($"{p}/tasks/{_task4}"),
            ["GET /api/v1/tasks/{id}/wait"] = Get($"{p}/tasks/{_task4}/wait?timeoutSeconds=1"),
            ["POST /api/v1/tasks/{id}/cancel"] = Send(HttpMethod.Post, $"{p}/tasks/{_task4}/cancel", "{}"),
            ["GET /api/v1/tasks/{id}/stream"] = Get($"{p}/tasks/{_task4}/stream"),
            ["GET /api/v1/batches/{id}"] = Get($"{p}/batches/{_batch4}"),
            ["GET /api/v1/batches/{id}/wait"] = Get($"{p}/batches/{_batch4}/wait?timeoutSeconds=1"),
            ["POST /api/v1/batches/{id}/cancel"] = Send(HttpMethod.Post, $"{p}/batches/{_batch4}/cancel", "{}"),
            ["GET /api/v1/batches/{id}/stream"] = Get($"{p}/batches/{_batch4}/stream"),
            ["POST /api/v1/tail"] = Send(HttpMethod.Post, $"{p}/tail", """{"node":"pi4","path":"/etc/hostname"}"""),
            ["POST /api/v1/httpget"] = Send(HttpMethod.Post, $"{p}/httpget", """{"url":"http://127.0.0.1:1/","targets":["pi4"]}"""),
            ["GET /api/v1/schedules"] = Get($"{p}/schedules", ListWithout(_schedule4)),
            ["DELETE /api/v1/schedules/{id}"] = Send(HttpMethod.Delete, $"{p}/schedules/{_schedule4}", "{}"),
            ["GET /api/v1/metrics/delivery"] = Get($"{p}/metrics/delivery"),
            ["GET /api/v1/whoami"] = Get($"{p}/whoami", answer =>
            {
                var me = answer.Read(ProtocolJsonContext.Default.CallerView);
                Assert.Equal(("/room1/alice", "/room1/alice"), (me.Account, me.Path));
                Assert.Equal(["pi1", "pi2", "pi3"], me.Nodes);
            }),
            ["GET /api/v1/tokens"] = Get($"{p}/tokens", ListWithout(_adminTokenId)),
            ["DELETE /api/v1/tokens/{id}"] = Send(HttpMethod.Delete, $"{p}/tokens/{_adminTokenId}", "{}"),
            ["GET /api/v1/workgroup"] = Get($"{p}/workgroup?path=/room1"),
            ["POST /api/v1/workgroup/add"] = Send(HttpMethod.Post, $"{p}/workgroup/add", """{"path":"g1","nodes":["pi1","pi4"]}"""),
            ["POST /api/v1/workgroup/remove"] = Send(HttpMethod.Post, $"{p}/workgroup/remove", """{"path":"/room1","nodes":["pi4"]}"""),
            ["POST /api/v1/workgroup/grant"] = Send(HttpMethod.Post, $"{p}/workgroup/grant", """{"path":"/room1","password":"taken-over-1"}"""),
            ["PUT /api/v1/workgroup/allow"] = Send(HttpMethod.Put, $"{p}/workgroup/allow", """{"path":"/room1/alice","patterns":["*"]}"""),
            ["GET /api/v1/audit"] = Get($"{p}/audit?user=/"),
            ["POST /api/v1/files/upload"] = Send(HttpMethod.Post, $"{p}/files/upload?dir=/tmp&targets=pi4", "not read: the targets are refused first"),
            ["GET /api/v1/files/download"] = Get($"{p}/files/download?node=pi4&path=/etc/hostname"),
            ["GET /api/v1/files/list"] = Get($"{p}/files/list?node=pi4&path=/"),
            ["POST /api/v1/files/copy"] = Send(HttpMethod.Post, $"{p}/files/copy", """{"sourceNode":"pi4","sourcePath":"/etc/hostname","targetDirectory":"/tmp","targets":["pi1"]}"""),
            ["POST /api/v1/files/spread"] = Send(HttpMethod.Post, $"{p}/files/spread", """{"name":"admin-only","targetDirectory":"/tmp","targets":["pi4"]}"""),
            // The store is per account: alice sees, stores and removes only her own "admin-only" (the end checks the administrator's).
            ["GET /api/v1/files/store"] = Get($"{p}/files/store", ListWithout("admin-only")),
            ["POST /api/v1/files/store"] = (() => _api.PostAsync($"{p}/files/store?name=admin-only", _alice, """{"alice":1}"""), answer => Assert.Equal(HttpStatusCode.Created, answer.Status)),
            ["DELETE /api/v1/files/store"] = (() => _api.SendAsync(HttpMethod.Delete, $"{p}/files/store?name=admin-only", _alice), answer => Assert.Equal(HttpStatusCode.NoContent, answer.Status)),
            // Scenarios are alice's only when all their nodes are: s4 is on pi4.
            ["GET /api/v1/scenarios"] = Get($"{p}/scenarios", ListWithout("s4")),
            ["GET /api/v1/scenarios/{name}"] = Get($"{p}/scenarios/s4"),
            ["PUT /api/v1/scenarios/{name}"] = Send(HttpMethod.Put, $"{p}/scenarios/s4", """{"description":"taken","applications":[{"name":"a4","description":"x","nodes":["pi1"]}]}"""),
            ["DELETE /api/v1/scenarios/{name}"] = Send(HttpMethod.Delete, $"{p}/scenarios/s4", "{}"),
            ["GET /api/v1/scenarios/{name}/versions"] = Get($"{p}/scenarios/s4/versions"),
            ["POST /api/v1/scenarios/{name}/versions"] = Send(HttpMethod.Post, $"{p}/scenarios/s4/versions", """{"message":"mine"}"""),
            ["POST /api/v1/scenarios/{name}/reset"] = Send(HttpMethod.Post, $"{p}/scenarios/s4/reset", """{"message":"mine","version":"abc"}"""),
            ["POST /api/v1/scenarios/{name}/apps/{app}/prepare"] = Send(HttpMethod.Post, $"{p}/scenarios/s4/apps/a4/prepare", "not read: refused first"),
            ["POST /api/v1/scenarios/{name}/apps/{app}/run"] = Send(HttpMethod.Post, $"{p}/scenarios/s4/apps/a4/run", """{"target":"start","scriptName":"x.sh","script":"touch /tmp/pwned"}"""),
            ["POST /api/v1/scenarios/{name}/apps/{app}/commit"] = Send(HttpMethod.Post, $"{p}/scenarios/s4/apps/a4/commit", """{"message":"mine"}"""),
            ["GET /api/v1/nodes/{node}/apps"] = Get($"{p}/nodes/pi4/apps"),
            ["GET /api/v1/nodes/{node}/apps/{nodeApp}/versions"] = Get($"{p}/nodes/pi4/apps/a4@s4/versions"),
            ["POST /api/v1/nodes/{node}/apps/{nodeApp}/reset"] = Send(HttpMethod.Post, $"{p}/nodes/pi4/apps/a4@s4/reset", """{"message":"mine","version":"abc"}"""),
        };
    }

    private static Action<ApiCaller.Answer> Forbidden(string what) => answer =>
        Assert.True(answer.Status == HttpStatusCode.Forbidden && !string.IsNullOrEmpty(answer.Detail), $"{what} answered {answer}");

    private IEnumerable<Route> Routes()
    {
        var source = _cluster.Brain.Services.GetRequiredService<EndpointDataSource>();
        foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = endpoint.RoutePattern.RawText!;
            var methods = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["*"];
            foreach (var method in methods)
            {
                // Route parameters get pi4's ids: a 401 must come before anything looks them up.
                var sample = pattern.Replace("{id}", _task4, StringComparison.Ordinal).Replace("{name}", "s4", StringComparison.Ordinal)
                    .Replace("{app}", "a4", StringComparison.Ordinal).Replace("{node}", "pi4", StringComparison.Ordinal).Replace("{nodeApp}", "a4@s4", StringComparison.Ordinal);
                yield return new Route($"{method} {pattern}", method == "*" ? HttpMethod.Get : new HttpMethod(method), sample);
            }
        }
    }

    private static async Task<ApiCaller.Answer> Expect(HttpStatusCode status, Task<ApiCaller.Answer> call)
    {
        var answer = await call;
        Assert.True(answer.Status == status, $"expected {(int)status}, got {answer}");
        return answer;
    }

    private sealed record Route(string Key, HttpMethod Method, string Sample);
}
