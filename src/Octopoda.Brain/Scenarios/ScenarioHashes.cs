using System.Security.Cryptography;
using System.Text;
using Octopoda.Protocol.Scenarios;

namespace Octopoda.Brain.Scenarios;

/// <summary>
/// A scenario version's content hash: the SHA-256 of its NodeApps' sorted <c>app\tnode\thash</c> lines. Equal NodeApp
/// content gives an equal scenario hash, whenever and however it was reached (the original hashed the message and
/// the time).
/// </summary>
internal static class ScenarioHashes
{
    /// <summary>The lines a scenario version stores and hashes: NodeApps with a version, by application then node.</summary>
    public static string Lines(IEnumerable<NodeAppHash> nodeApps) =>
        string.Concat(nodeApps.Where(n => n.Hash is not null)
            .OrderBy(n => n.App, StringComparer.Ordinal).ThenBy(n => n.Node, StringComparer.Ordinal)
            .Select(n => $"{n.App}\t{n.Node}\t{n.Hash}\n"));

    public static string Hash(string lines) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(lines)));

    public static IReadOnlyList<NodeAppHash> Parse(string lines) =>
        [.. lines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split('\t')).Where(f => f.Length == 3)
            .Select(f => new NodeAppHash { App = f[0], Node = f[1], Hash = f[2] })];

    /// <summary>
    /// The one hash among <paramref name="hashes"/> that <paramref name="prefix"/> starts (the same hash listed twice,
    /// after a reset, is one candidate), or why not: too short, none, or several (listed).
    /// </summary>
    public static (string? Hash, string? Problem, bool Ambiguous) Resolve(IEnumerable<string> hashes, string? prefix, string listCommand)
    {
        if (prefix is null || prefix.Length < MessageRequest.MinPrefix || prefix.Length > 64)
        {
            return (null, $"a version is named by its hash or a prefix of at least {MessageRequest.MinPrefix} characters; `{listCommand}` lists them", false);
        }

        var matches = hashes.Where(h => h.StartsWith(prefix.ToLowerInvariant(), StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).ToList();
        return matches.Count switch
        {
            0 => (null, $"no version starts with '{prefix}'; `{listCommand}` lists them", false),
            1 => (matches[0], null, false),
            _ => (null, $"'{prefix}' is ambiguous: it starts {string.Join(", ", matches.Select(m => m[..12]))}; give more characters", true),
        };
    }
}
