using System.Globalization;
using System.Net.Http.Json;
using Octopoda.Client.Http;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Json;
using Octopoda.Protocol.Scenarios;

namespace Octopoda.Client;

// Scenarios and NodeApps (docs/ARCHITECTURE.md, "Scenarios"): every step of an apply is a batch of NodeApp tasks,
// one per node of an application, followed with WaitBatchAsync; the Brain records each NodeApp version as its
// task's result arrives, and a scenario version from those on RecordScenarioVersionAsync.
public sealed partial class OctopodaClient
{
    /// <summary>Every scenario, by name, with its newest version (applications omitted).</summary>
    public Task<ScenarioListResponse> ListScenariosAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, ApiRoutes.Scenarios, null, ProtocolJsonContext.Default.ScenarioListResponse, cancellationToken);

    /// <summary>One scenario with its applications, their nodes and each NodeApp's newest hash (404 when unknown).</summary>
    public Task<ScenarioView> GetScenarioAsync(string name, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, ScenarioPath(name), null, ProtocolJsonContext.Default.ScenarioView, cancellationToken);

    /// <summary>
    /// Creates or updates a scenario from its folder's declaration. The Brain resolves each application's nodes in
    /// the caller's scope; when any fails, nothing is stored and the plan's applications say why.
    /// </summary>
    public Task<ScenarioPlan> DeclareScenarioAsync(string name, ScenarioDeclaration declaration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(declaration);
        var body = JsonContent.Create(declaration, ProtocolJsonContext.Default.ScenarioDeclaration);
        return SendAsync(HttpMethod.Put, ScenarioPath(name), body, ProtocolJsonContext.Default.ScenarioPlan, cancellationToken);
    }

    /// <summary>
    /// Prepares an application on its nodes: the tar stream of its sources is laid over each NodeApp directory, and
    /// each node records a version when the content changed. Sent as <see cref="UploadAsync"/> sends.
    /// </summary>
    public Task<RunSubmission> PrepareAppAsync(string scenario, string app, Stream tarStream, string message, CancellationToken cancellationToken = default)
    {
        CheckTarStream(tarStream);
        var query = new QueryBuilder().Add("message", message);
        return SendTarAsync(AppPath(scenario, app, "/prepare") + query, tarStream, ProtocolJsonContext.Default.RunSubmission, cancellationToken);
    }

    /// <summary>Runs a target's script on each node of an application, in its NodeApp directory.</summary>
    public Task<RunSubmission> RunAppScriptAsync(string scenario, string app, NodeAppRunRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = JsonContent.Create(request, ProtocolJsonContext.Default.NodeAppRunRequest);
        return SendAsync(HttpMethod.Post, AppPath(scenario, app, "/run"), body, ProtocolJsonContext.Default.RunSubmission, cancellationToken);
    }

    /// <summary>Records a version on each node of an application whose NodeApp content changed.</summary>
    public Task<RunSubmission> CommitAppAsync(string scenario, string app, string message, CancellationToken cancellationToken = default)
    {
        var body = JsonContent.Create(new MessageRequest { Message = message }, ProtocolJsonContext.Default.MessageRequest);
        return SendAsync(HttpMethod.Post, AppPath(scenario, app, "/commit"), body, ProtocolJsonContext.Default.RunSubmission, cancellationToken);
    }

    /// <summary>
    /// Records a scenario version from its NodeApps' newest versions; appends one only when they differ from the
    /// newest scenario version's.
    /// </summary>
    public Task<ScenarioVersionResult> RecordScenarioVersionAsync(string name, string message, CancellationToken cancellationToken = default)
    {
        var body = JsonContent.Create(new MessageRequest { Message = message }, ProtocolJsonContext.Default.MessageRequest);
        return SendAsync(HttpMethod.Post, ScenarioPath(name, "/versions"), body, ProtocolJsonContext.Default.ScenarioVersionResult, cancellationToken);
    }

    /// <summary>A page of a scenario's versions, newest first.</summary>
    public Task<ScenarioVersionListResponse> ListScenarioVersionsAsync(string name, int offset = 0, int limit = 5, CancellationToken cancellationToken = default)
    {
        var query = Page(offset, limit);
        return SendAsync(HttpMethod.Get, ScenarioPath(name, "/versions") + query, null, ProtocolJsonContext.Default.ScenarioVersionListResponse, cancellationToken);
    }

    /// <summary>
    /// Resets every NodeApp of a scenario to the version whose hash starts with <paramref name="version"/> (3+
    /// characters; an unknown or ambiguous prefix is an <see cref="OctopodaApiException"/>, 404 or 409). Follow the
    /// batch, then <see cref="RecordScenarioVersionAsync"/> with the message to record the restored version.
    /// </summary>
    public Task<RunSubmission> ResetScenarioAsync(string name, string version, string message, CancellationToken cancellationToken = default)
    {
        var body = JsonContent.Create(new MessageRequest { Message = message, Version = version }, ProtocolJsonContext.Default.MessageRequest);
        return SendAsync(HttpMethod.Post, ScenarioPath(name, "/reset"), body, ProtocolJsonContext.Default.RunSubmission, cancellationToken);
    }

    /// <summary>Purges a scenario: each NodeApp's directory and history are removed on its node, and the scenario is dropped.</summary>
    public Task<RunSubmission> PurgeScenarioAsync(string name, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, ScenarioPath(name), null, ProtocolJsonContext.Default.RunSubmission, cancellationToken);

    /// <summary>A node's NodeApps as the Brain recorded them.</summary>
    public Task<NodeAppListResponse> ListNodeAppsAsync(string node, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(node);
        return SendAsync(HttpMethod.Get, ApiRoutes.NodeApps(node), null, ProtocolJsonContext.Default.NodeAppListResponse, cancellationToken);
    }

    /// <summary>A page of one NodeApp's versions, newest first.</summary>
    public Task<NodeAppVersionListResponse> ListNodeAppVersionsAsync(
        string node, string app, string scenario, int offset = 0, int limit = 5, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(node);
        var query = Page(offset, limit);
        return SendAsync(HttpMethod.Get, NodeAppPath(node, app, scenario, "/versions") + query, null, ProtocolJsonContext.Default.NodeAppVersionListResponse, cancellationToken);
    }

    /// <summary>
    /// Resets one NodeApp to the version whose hash starts with <paramref name="version"/>; follow the returned task,
    /// then <see cref="RecordScenarioVersionAsync"/> to record the scenario's new version.
    /// </summary>
    public Task<RunSubmission> ResetNodeAppAsync(
        string node, string app, string scenario, string version, string message, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(node);
        var body = JsonContent.Create(new MessageRequest { Message = message, Version = version }, ProtocolJsonContext.Default.MessageRequest);
        return SendAsync(HttpMethod.Post, NodeAppPath(node, app, scenario, "/reset"), body, ProtocolJsonContext.Default.RunSubmission, cancellationToken);
    }

    private static string ScenarioPath(string name, string suffix = "")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return ItemPath(ApiRoutes.Scenarios, name, suffix);
    }

    private static string AppPath(string scenario, string app, string suffix)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(app);
        return ScenarioPath(scenario, $"/apps/{Uri.EscapeDataString(app)}{suffix}");
    }

    private static string NodeAppPath(string node, string app, string scenario, string suffix)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(app);
        ArgumentException.ThrowIfNullOrWhiteSpace(scenario);
        return ItemPath(ApiRoutes.NodeApps(node), ScenarioNames.NodeApp(app, scenario), suffix);
    }

    private static QueryBuilder Page(int offset, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return new QueryBuilder()
            .Add("offset", offset.ToString(CultureInfo.InvariantCulture))
            .Add("limit", limit.ToString(CultureInfo.InvariantCulture));
    }
}
