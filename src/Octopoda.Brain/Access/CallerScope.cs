using Octopoda.Brain.Api;
using Octopoda.Protocol.Workgroups;

namespace Octopoda.Brain.Access;

/// <summary>
/// Who is asking and what they may touch, built once per request by <see cref="ScopeAuthorizationHandler"/> (or for a
/// schedule's run by <see cref="ScopeFactory"/>). The <b>account</b> bounds permission: its nodes are the only ones
/// the caller may read or act on, and paths must lie at or under it. The <b>current path</b> is what the caller means
/// by default: <c>ALL</c> is its members, and <c>@group</c> and relative paths resolve against it. Endpoints take it
/// as a parameter; one that is not behind the scope policy fails to bind rather than run unscoped.
/// </summary>
internal sealed class CallerScope
{
    private readonly IReadOnlySet<string>? _accountNodes;

    public CallerScope(WorkgroupPath account, WorkgroupPath current, IReadOnlySet<string>? accountNodes, IReadOnlyList<string> currentNodes, string tokenId, string tokenName)
    {
        Account = account;
        Current = current;
        _accountNodes = account.IsRoot ? null : accountNodes ?? throw new ArgumentNullException(nameof(accountNodes));
        CurrentNodes = currentNodes;
        TokenId = tokenId;
        TokenName = tokenName;
    }

    /// <summary>The token's account: a workgroup path; <c>/</c> is the administrator.</summary>
    public WorkgroupPath Account { get; }

    /// <summary>The path the request was made from, at or under <see cref="Account"/>.</summary>
    public WorkgroupPath Current { get; }

    /// <summary>The members of <see cref="Current"/>, sorted.</summary>
    public IReadOnlyList<string> CurrentNodes { get; }

    public string TokenId { get; }

    public string TokenName { get; }

    /// <summary>The root account administers the Brain itself (prune, revoke, metrics, every account).</summary>
    public bool IsAdmin => Account.IsRoot;

    /// <summary>The name recorded as submitter and in the audit log.</summary>
    public string Actor => Account.Value;

    /// <summary>The account's nodes, or null for the administrator, whose scope is every node.</summary>
    public IReadOnlySet<string>? AccountNodes => _accountNodes;

    /// <summary>True when the caller may read or act on <paramref name="node"/>.</summary>
    public bool Covers(string node) => _accountNodes is null || _accountNodes.Contains(node);

    /// <summary>
    /// Resolves a path the caller gave (absolute, or relative to <see cref="Current"/>) and checks it lies within the
    /// account; otherwise throws <see cref="RequestRefusedException"/> (400 for a malformed path, 403 outside).
    /// </summary>
    public WorkgroupPath ResolvePath(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return Current;
        }

        if (!WorkgroupPath.TryResolve(Current, text, out var path, out var error))
        {
            throw RequestRefusedException.BadRequest($"Bad workgroup path: {error}.");
        }

        return path.IsAtOrUnder(Account)
            ? path
            : throw RequestRefusedException.Forbidden($"{path} is outside your account {Account}; you can reach {Account} and the groups under it.");
    }

    /// <summary>Throws 403 unless the caller is the administrator.</summary>
    public void RequireAdmin(string what)
    {
        if (!IsAdmin)
        {
            throw RequestRefusedException.Forbidden($"Only the administrator (account /) can {what}; you are {Account}.");
        }
    }

    /// <summary>The 403 for a node outside the scope; it does not say whether such a node exists.</summary>
    public string OutsideMessage(string node) => $"{node} is not in your workgroup {Account}";

    /// <summary>Resolved by minimal APIs from the scope the authorization handler attached to the request.</summary>
    public static ValueTask<CallerScope?> BindAsync(HttpContext context) =>
        ValueTask.FromResult<CallerScope?>(context.Features.Get<CallerScope>()
            ?? throw new InvalidOperationException($"{context.Request.Path} takes a {nameof(CallerScope)} but is not behind the scope policy; map it in the API group."));
}
