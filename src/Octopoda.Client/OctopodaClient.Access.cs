using System.Globalization;
using System.Net.Http.Json;
using Octopoda.Client.Http;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Json;

namespace Octopoda.Client;

// Access: logging in to an account, its tokens, workgroups and their allow-lists, and the audit log. Workgroup paths
// may be absolute or relative to the current path (OctopodaClientOptions.WorkgroupPath, else the account); a path
// outside the caller's account is an OctopodaApiException with status 403.
public sealed partial class OctopodaClient
{
    /// <summary>
    /// Exchanges an account's path and password for a new bearer token; needs no token. A wrong password or an
    /// unknown account is an <see cref="OctopodaApiException"/> with status 401; too many attempts from this address
    /// one with status 429 (transient).
    /// </summary>
    public Task<LoginResponse> LoginAsync(LoginRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Path, nameof(request));
        ArgumentException.ThrowIfNullOrEmpty(request.Password, nameof(request));
        if (request.LifetimeSeconds is { } lifetime)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(lifetime, 1, nameof(request));
        }

        var body = JsonContent.Create(request, ProtocolJsonContext.Default.LoginRequest);
        return SendAsync(HttpMethod.Post, ApiRoutes.Login, body, ProtocolJsonContext.Default.LoginResponse, cancellationToken);
    }

    /// <summary>Who the Brain takes the caller to be: the token's account and name, the current path and its nodes.</summary>
    public Task<CallerView> WhoAmIAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, ApiRoutes.WhoAmI, null, ProtocolJsonContext.Default.CallerView, cancellationToken);

    /// <summary>The tokens of the caller's account and of the accounts under it, newest first (never their values).</summary>
    public Task<TokenListResponse> ListTokensAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, ApiRoutes.Tokens, null, ProtocolJsonContext.Default.TokenListResponse, cancellationToken);

    /// <summary>Revokes a token of the caller's account or of an account under it; it stops working at once.</summary>
    /// <param name="id">The token's id (<see cref="TokenView.Id"/>, <see cref="LoginResponse.TokenId"/>).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task RevokeTokenAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        return SendAsync(HttpMethod.Delete, ItemPath(ApiRoutes.Tokens, id), null, cancellationToken);
    }

    /// <summary>One workgroup: its members, direct sub-groups, whether it is an account, and its allow-list.</summary>
    /// <param name="path">The group; null for the current path.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<WorkgroupView> GetWorkgroupAsync(string? path = null, CancellationToken cancellationToken = default)
    {
        var query = new QueryBuilder().Add("path", path);
        return SendAsync(HttpMethod.Get, ApiRoutes.Workgroup + query, null, ProtocolJsonContext.Default.WorkgroupView, cancellationToken);
    }

    /// <summary>
    /// Adds nodes to a group, creating it; members of a group must be members of its parent. Returns the group after.
    /// </summary>
    /// <param name="path">The group.</param>
    /// <param name="nodes">Node names or <c>@group</c>s (relative to the current path); at least one.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<WorkgroupView> AddToWorkgroupAsync(string path, IReadOnlyList<string> nodes, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentOutOfRangeException.ThrowIfZero(nodes.Count, nameof(nodes));
        var body = JsonContent.Create(new WorkgroupMembersRequest { Path = path, Nodes = nodes }, ProtocolJsonContext.Default.WorkgroupMembersRequest);
        return SendAsync(HttpMethod.Post, ApiRoutes.WorkgroupAdd, body, ProtocolJsonContext.Default.WorkgroupView, cancellationToken);
    }

    /// <summary>
    /// Removes nodes from a group and from every group under it, and returns the group after; with no nodes, removes
    /// the whole group and its sub-groups and returns null (so does a group left empty).
    /// </summary>
    /// <param name="path">The group.</param>
    /// <param name="nodes">Node names or <c>@group</c>s; null or empty removes the whole group.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<WorkgroupView?> RemoveFromWorkgroupAsync(
        string path, IReadOnlyList<string>? nodes = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var body = JsonContent.Create(new WorkgroupMembersRequest { Path = path, Nodes = nodes ?? [] }, ProtocolJsonContext.Default.WorkgroupMembersRequest);
        return SendOptionalAsync(HttpMethod.Post, ApiRoutes.WorkgroupRemove, body, ProtocolJsonContext.Default.WorkgroupView, cancellationToken);
    }

    /// <summary>
    /// Gives a group a password, making it an account that can log in; the group must exist and be a direct child of
    /// the caller's account. The Brain refuses a password shorter than 8 characters (400).
    /// </summary>
    public Task GrantWorkgroupAsync(string path, string password, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentException.ThrowIfNullOrEmpty(password);
        var body = JsonContent.Create(new WorkgroupGrantRequest { Path = path, Password = password }, ProtocolJsonContext.Default.WorkgroupGrantRequest);
        return SendAsync(HttpMethod.Post, ApiRoutes.WorkgroupGrant, body, cancellationToken);
    }

    /// <summary>
    /// Sets a group's command allow-list: a run on its nodes must match one pattern (<c>*</c> any run of characters,
    /// <c>?</c> one) against the whole command line, and every ancestor's list too. Empty removes the group's own list.
    /// Returns the group after.
    /// </summary>
    public Task<WorkgroupView> SetAllowListAsync(string path, IReadOnlyList<string> patterns, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(patterns);
        var body = JsonContent.Create(new WorkgroupAllowRequest { Path = path, Patterns = patterns }, ProtocolJsonContext.Default.WorkgroupAllowRequest);
        return SendAsync(HttpMethod.Put, ApiRoutes.WorkgroupAllow, body, ProtocolJsonContext.Default.WorkgroupView, cancellationToken);
    }

    /// <summary>The audit log, oldest first: changes and runs made by the caller's account and the accounts under it.</summary>
    /// <param name="since">Only entries at or after this time.</param>
    /// <param name="user">Only entries of this account (a workgroup path).</param>
    /// <param name="limit">At most this many, the newest (the Brain's default when null); <see cref="AuditListResponse.Truncated"/> says whether more matched.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<AuditListResponse> ListAuditAsync(
        DateTimeOffset? since = null, string? user = null, int? limit = null, CancellationToken cancellationToken = default)
    {
        if (limit is { } count)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(count, 1, nameof(limit));
        }

        var query = new QueryBuilder()
            .Add("since", since?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture))
            .Add("user", user)
            .Add("limit", limit?.ToString(CultureInfo.InvariantCulture));
        return SendAsync(HttpMethod.Get, ApiRoutes.Audit + query, null, ProtocolJsonContext.Default.AuditListResponse, cancellationToken);
    }
}
