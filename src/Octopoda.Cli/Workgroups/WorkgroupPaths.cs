using Octopoda.Cli.Configuration;
using Octopoda.Protocol.Workgroups;

namespace Octopoda.Cli.Workgroups;

/// <summary>
/// Workgroup paths as the <c>wg</c> commands take them: absolute, relative to the current path (<c>g1</c>, <c>..</c>),
/// or <c>~</c> and <c>~/g1</c> for the account. They are resolved here, and sent to the Brain absolute.
/// </summary>
internal static class WorkgroupPaths
{
    /// <summary>
    /// Resolves <paramref name="text"/>. A malformed path is a usage error before any request; the Brain is asked
    /// (<c>whoami</c>) only when the current path or the account is needed and not known here.
    /// </summary>
    public static async Task<WorkgroupPath> ResolveAsync(OctlSession session, string text, CancellationToken cancellationToken)
    {
        CheckSyntax(text);
        if (text == "~" || text.StartsWith("~/", StringComparison.Ordinal))
        {
            return Resolve(await AccountAsync(session, cancellationToken), text.Length > 2 ? text[2..] : ".");
        }

        return text.StartsWith('/')
            ? Resolve(WorkgroupPath.Root, text)
            : Resolve(await CurrentAsync(session, cancellationToken), text);
    }

    /// <summary>Refuses a path with a malformed segment, without asking the Brain anything.</summary>
    public static void CheckSyntax(string text)
    {
        var rest = text == "~" ? "" : text.StartsWith("~/", StringComparison.Ordinal) ? text[2..] : text;
        // Dots depend on where the path starts; every other segment must be a valid name wherever it starts.
        var names = string.Join('/', rest.Split('/').Where(segment => segment is not ("" or "." or "..")));
        if (!WorkgroupPath.TryResolve(WorkgroupPath.Root, names, out _, out var error))
        {
            throw new OctlUsageException(error);
        }
    }

    /// <summary>The current path: <c>OCTOPODA_PATH</c> or the session's, else what the Brain takes it to be (the account).</summary>
    public static async Task<WorkgroupPath> CurrentAsync(OctlSession session, CancellationToken cancellationToken) =>
        WorkgroupPath.Parse(session.Settings.WorkgroupPath ?? (await session.Client.WhoAmIAsync(cancellationToken)).Path);

    /// <summary>The token's account: the session's when its token is the one in use, else the Brain's answer.</summary>
    public static async Task<WorkgroupPath> AccountAsync(OctlSession session, CancellationToken cancellationToken) =>
        WorkgroupPath.Parse(session.Settings is { TokenSource: TokenSource.Session, Session.Account: { Length: > 0 } account }
            ? account
            : (await session.Client.WhoAmIAsync(cancellationToken)).Account);

    /// <summary>A group's name within its parent, as <c>ls</c> shows its children.</summary>
    public static string Name(string path) => WorkgroupPath.TryParse(path, out var parsed, out _) ? parsed.Name : path;

    private static WorkgroupPath Resolve(WorkgroupPath current, string text) =>
        WorkgroupPath.TryResolve(current, text, out var path, out var error) ? path : throw new OctlUsageException(error);
}
