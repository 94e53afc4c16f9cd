using Microsoft.EntityFrameworkCore;
using Octopoda.Brain.Access;
using Octopoda.Brain.Api;
using Octopoda.Brain.Store;

namespace Octopoda.Brain.Tasks;

/// <summary>
/// Finds a task by its id or a unique prefix of it (4 characters or more), the way users type ids they copied
/// from a list. An ambiguous prefix is refused with the candidates, never guessed.
/// </summary>
internal static class TaskLookup
{
    public const int MinPrefix = 4;
    private const int MaxCandidates = 5;

    /// <summary>The task, or the problem to answer with.</summary>
    /// <remarks>
    /// Only tasks of nodes in the caller's scope are candidates for a prefix; an exact id outside it is a 403, so ids
    /// copied from elsewhere say why they do not work.
    /// </remarks>
    public static async Task<(TaskRecord? Task, IResult? Problem)> FindAsync(BrainDbContext db, string idOrPrefix, CallerScope scope, bool tracking, CancellationToken cancellationToken)
    {
        var key = idOrPrefix.Trim().ToLowerInvariant();
        if (key.Length < MinPrefix)
        {
            return (null, Problems.BadRequest($"Give at least {MinPrefix} characters of the task id; 'octl task list' shows ids."));
        }

        if (key.Length > 32 || !key.All(char.IsAsciiHexDigitLower))
        {
            return (null, NotFound(idOrPrefix));
        }

        var tasks = tracking ? db.Tasks : db.Tasks.AsNoTracking();
        var exact = await tasks.FirstOrDefaultAsync(t => t.Id == key, cancellationToken);
        if (exact is not null)
        {
            return scope.Covers(exact.NodeName)
                ? (exact, null)
                : (null, Problems.Forbidden($"Task {exact.Id} ran on a node outside your scope: {scope.OutsideMessage(exact.NodeName)}."));
        }

        if (scope.AccountNodes is { } allowed)
        {
            tasks = tasks.Where(t => allowed.Contains(t.NodeName));
        }

        var matches = await tasks.Where(t => t.Id.StartsWith(key)).OrderBy(t => t.Sequence).Take(MaxCandidates + 1).ToListAsync(cancellationToken);
        return matches.Count switch
        {
            0 => (null, NotFound(idOrPrefix)),
            1 => (matches[0], null),
            _ => (null, Problems.Conflict(
                $"The prefix '{key}' matches more than one task; give more characters of the id.",
                new Dictionary<string, string[]>
                {
                    ["candidates"] = [.. matches.Take(MaxCandidates).Select(t => $"{t.Id} ({t.NodeName}, {t.Kind}: {t.Description})")
                        .Concat(matches.Count > MaxCandidates ? ["…"] : [])],
                })),
        };
    }

    private static IResult NotFound(string id) =>
        Problems.NotFound($"No task has the id '{(id.Length > 64 ? id[..64] + "…" : id)}'; 'octl task list' shows ids.");
}
