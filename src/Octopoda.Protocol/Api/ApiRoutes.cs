namespace Octopoda.Protocol.Api;

/// <summary>The REST API's paths, shared by the Brain (which maps them) and the SDK (which calls them).</summary>
public static class ApiRoutes
{
    /// <summary>Prefix of every API path.</summary>
    public const string Prefix = "/api/v1";

    /// <summary>GET: the Brain's identity and version (no authentication; used as a health check).</summary>
    public const string Info = Prefix + "/info";

    /// <summary>GET: the Brain's CA certificate, PEM (no authentication: a Tentacle checks it against its join token's fingerprint).</summary>
    public const string CaCertificate = Prefix + "/ca";

    /// <summary>POST: a Tentacle exchanges a join token and a CSR for its certificate.</summary>
    public const string Enroll = Prefix + "/enroll";

    /// <summary>GET: nodes (<c>?targets=a,b&amp;state=online</c>).</summary>
    public const string Nodes = Prefix + "/nodes";

    /// <summary>GET: live resource status of nodes (<c>?targets=</c>).</summary>
    public const string NodesStatus = Prefix + "/nodes/status";

    /// <summary>POST: forget offline nodes.</summary>
    public const string NodesPrune = Prefix + "/nodes/prune";

    /// <summary>POST: revoke a node's certificate (<see cref="RevokeNodeRequest"/>; admin only).</summary>
    public const string NodesRevoke = Prefix + "/nodes/revoke";

    /// <summary>POST: run a command or script on targets; answers 202 with the task ids.</summary>
    public const string Commands = Prefix + "/commands";

    /// <summary>
    /// GET: tasks, newest first (<c>?node=&amp;state=&amp;batch=&amp;limit=</c>, output omitted); <c>/tasks/{id}</c> one task
    /// (a unique prefix of 4+ characters will do); <c>/tasks/{id}/wait?timeoutSeconds=</c> the task once final (or as
    /// it is when the wait ends); <c>/tasks/{id}/stream</c> NDJSON <see cref="TaskStreamEvent"/>s: output as it
    /// arrives, then the final task; POST <c>/tasks/{id}/cancel</c>.
    /// </summary>
    public const string Tasks = Prefix + "/tasks";

    /// <summary>
    /// GET: the tasks of a batch (<c>/batches/{id}</c>); <c>/batches/{id}/wait</c> streams them as NDJSON as they
    /// finish; <c>/batches/{id}/stream</c> streams <see cref="TaskStreamEvent"/>s of all its tasks; POST
    /// <c>/batches/{id}/cancel</c> cancels every task of the batch not yet final.
    /// </summary>
    public const string Batches = Prefix + "/batches";

    /// <summary>GET: schedules (repeating runs); DELETE <c>/schedules/{id}</c> stops one.</summary>
    public const string Schedules = Prefix + "/schedules";

    /// <summary>POST: stream new lines of a file on one node (<see cref="TailRequest"/>); answers 202 with the task.</summary>
    public const string Tail = Prefix + "/tail";

    /// <summary>POST: HTTP GET a URL from target nodes (<see cref="HttpGetRequest"/>); answers 202 with the tasks.</summary>
    public const string HttpGet = Prefix + "/httpget";

    /// <summary>GET: delivery metrics (<see cref="DeliveryMetrics"/>; the administrator only).</summary>
    public const string DeliveryMetrics = Prefix + "/metrics/delivery";

    /// <summary>
    /// The request header naming the caller's current workgroup path (absolute). It must be the token's account or
    /// lie under it; without it the current path is the account. <c>@group</c> targets and relative paths resolve
    /// against it, and <c>ALL</c> means its members.
    /// </summary>
    public const string PathHeader = "X-Octopoda-Path";

    /// <summary>POST: exchange an account path and password for a token (<see cref="LoginRequest"/>; no token needed; rate-limited per source).</summary>
    public const string Login = Prefix + "/login";

    /// <summary>GET: who the caller is (<see cref="CallerView"/>).</summary>
    public const string WhoAmI = Prefix + "/whoami";

    /// <summary>GET: tokens of the caller's account and the accounts under it; DELETE <c>/tokens/{id}</c> revokes one.</summary>
    public const string Tokens = Prefix + "/tokens";

    /// <summary>GET: one workgroup (<c>?path=</c>, default the current path) as a <see cref="WorkgroupView"/>.</summary>
    public const string Workgroup = Prefix + "/workgroup";

    /// <summary>POST: add nodes to a group, creating it (<see cref="WorkgroupMembersRequest"/>).</summary>
    public const string WorkgroupAdd = Prefix + "/workgroup/add";

    /// <summary>POST: remove nodes from a group and its sub-groups, or the whole group (<see cref="WorkgroupMembersRequest"/>).</summary>
    public const string WorkgroupRemove = Prefix + "/workgroup/remove";

    /// <summary>POST: give a group a password (<see cref="WorkgroupGrantRequest"/>).</summary>
    public const string WorkgroupGrant = Prefix + "/workgroup/grant";

    /// <summary>PUT: set a group's command allow-list (<see cref="WorkgroupAllowRequest"/>).</summary>
    public const string WorkgroupAllow = Prefix + "/workgroup/allow";

    /// <summary>
    /// POST: upload a file or directory tree to nodes (<c>?dir=&amp;targets=a,b&amp;force=true&amp;ttlSeconds=</c>; the body is
    /// a POSIX tar stream, <c>application/x-tar</c>); answers 202 with a <see cref="RunSubmission"/> of one
    /// <c>file.push</c> task per node, followed like a command's batch.
    /// </summary>
    public const string FilesUpload = Prefix + "/files/upload";

    /// <summary>
    /// GET: a file or directory from a node as a POSIX tar stream (<c>?node=&amp;path=</c>; <c>application/x-tar</c>,
    /// with <c>Content-Length</c> and the stream's SHA-256 in <c>X-Octopoda-Sha256</c>). The Brain has the whole
    /// stream, verified, before the response starts; its top-level entry is the path's last name.
    /// </summary>
    public const string FilesDownload = Prefix + "/files/download";

    /// <summary>The response header of <see cref="FilesDownload"/> carrying the stream's SHA-256 (lower-case hex).</summary>
    public const string Sha256Header = "X-Octopoda-Sha256";

    /// <summary>GET: list a directory on a node (<c>?node=&amp;path=</c>; a <see cref="Files.FileListing"/>).</summary>
    public const string FilesList = Prefix + "/files/list";

    /// <summary>
    /// The Brain's file store, per account. GET lists it (<c>?prefix=</c>; a <see cref="Files.FileListing"/>);
    /// POST keeps a tar stream under a name (<c>?name=dir/file</c>, body as for an upload; 201 with its
    /// <see cref="Files.FileEntryView"/>); DELETE removes one (<c>?name=</c>).
    /// </summary>
    public const string FilesStore = Prefix + "/files/store";

    /// <summary>POST: send a stored file on to nodes (<see cref="FileSpreadRequest"/>); 202 with a <see cref="RunSubmission"/>.</summary>
    public const string FilesSpread = Prefix + "/files/spread";

    /// <summary>POST: copy from one node to others through the Brain (<see cref="FileCopyRequest"/>); 202 with a <see cref="RunSubmission"/>.</summary>
    public const string FilesCopy = Prefix + "/files/copy";

    /// <summary>
    /// Scenarios. GET lists them (<see cref="Scenarios.ScenarioListResponse"/>); <c>/scenarios/{name}</c>: GET shows one
    /// (<see cref="Scenarios.ScenarioView"/>), PUT declares it (<see cref="Scenarios.ScenarioDeclaration"/>, answered with a
    /// <see cref="Scenarios.ScenarioPlan"/>), DELETE purges it (202: one <c>napp.delete</c> task per NodeApp);
    /// <c>/scenarios/{name}/versions</c>: GET lists versions (<c>?offset=&amp;limit=</c>), POST records one
    /// (<see cref="Scenarios.MessageRequest"/>); POST <c>/scenarios/{name}/reset</c> restores one (202);
    /// POST <c>/scenarios/{name}/apps/{app}/prepare?message=</c> (a tar body), <c>…/run</c>
    /// (<see cref="Scenarios.NodeAppRunRequest"/>) and <c>…/commit</c> (<see cref="Scenarios.MessageRequest"/>): 202 with a
    /// <see cref="RunSubmission"/> of one task per node of the application.
    /// </summary>
    public const string Scenarios = Prefix + "/scenarios";

    /// <summary>
    /// A node's NodeApps: GET <c>/nodes/{node}/apps</c> (<see cref="Scenarios.NodeAppListResponse"/>), GET
    /// <c>/nodes/{node}/apps/{app@scenario}/versions?offset=&amp;limit=</c>, POST <c>/nodes/{node}/apps/{app@scenario}/reset</c>
    /// (<see cref="Scenarios.MessageRequest"/>; 202 with the <c>napp.reset</c> task).
    /// </summary>
    public static string NodeApps(string node) => $"{Nodes}/{Uri.EscapeDataString(node)}/apps";

    /// <summary>GET: the audit log (<see cref="AuditListResponse"/>; <c>?since=</c> ISO time, <c>&amp;user=</c> account, <c>&amp;limit=</c>).</summary>
    public const string Audit = Prefix + "/audit";
}
