using Octopoda.Brain.Api;
using Octopoda.Brain.Nodes;
using Octopoda.Brain.Workgroups;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Workgroups;

namespace Octopoda.Brain.Access;

/// <summary>Builds a <see cref="CallerScope"/> from a token's account and the current path the caller names.</summary>
internal sealed class ScopeFactory(WorkgroupTree tree, NodeRegistry nodes)
{
    /// <summary>
    /// The scope of <paramref name="account"/> working at <paramref name="currentPath"/> (null: at the account). Throws
    /// <see cref="RequestRefusedException"/> when the path is malformed, outside the account or missing, or when the
    /// account itself no longer exists (its group was removed by an account above it).
    /// </summary>
    public async Task<CallerScope> CreateAsync(WorkgroupPath account, string? currentPath, string tokenId, string tokenName, CancellationToken cancellationToken)
    {
        var current = account;
        if (!string.IsNullOrEmpty(currentPath))
        {
            if (!WorkgroupPath.TryParse(currentPath, out current, out var error))
            {
                throw RequestRefusedException.BadRequest($"The {ApiRoutes.PathHeader} header is not an absolute workgroup path: {error}.");
            }

            if (!current.IsAtOrUnder(account))
            {
                throw RequestRefusedException.Forbidden(
                    $"The current path {current} is outside your account {account}; 'octl wg cd ~' goes back to {account}.");
            }
        }

        var read = await tree.ReadScopeAsync(account, current, cancellationToken);
        if (!read.AccountIsValid)
        {
            throw RequestRefusedException.Forbidden(
                $"The account {account} no longer exists (its group was removed or lost its password); ask the owner of {account.Parent} for a new one.");
        }

        if (!read.CurrentExists)
        {
            throw RequestRefusedException.NotFound(
                $"The current path {current} no longer exists; 'octl wg cd ~' goes back to {account}.");
        }

        HashSet<string>? accountNodes = read.AccountMembers is { } members ? [.. members] : null;
        var currentNodes = read.CurrentMembers ?? [.. nodes.Names.Order(StringComparer.Ordinal)];
        return new CallerScope(account, current, accountNodes, currentNodes, tokenId, tokenName);
    }
}
