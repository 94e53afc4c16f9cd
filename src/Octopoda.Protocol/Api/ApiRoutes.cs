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

    /// <summary>GET: delivery metrics (<see cref="DeliveryMetrics"/>).</summary>
    public const string DeliveryMetrics = Prefix + "/metrics/delivery";
}
