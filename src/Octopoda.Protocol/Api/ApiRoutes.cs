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

    /// <summary>POST: run a command or script on targets; answers 202 with the task ids.</summary>
    public const string Commands = Prefix + "/commands";

    /// <summary>GET: one task (<c>/tasks/{id}</c>).</summary>
    public const string Tasks = Prefix + "/tasks";

    /// <summary>GET: the tasks of a batch (<c>/batches/{id}</c>); <c>/batches/{id}/wait</c> streams them as NDJSON as they finish.</summary>
    public const string Batches = Prefix + "/batches";
}
