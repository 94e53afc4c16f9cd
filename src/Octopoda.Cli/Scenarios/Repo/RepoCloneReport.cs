namespace Octopoda.Cli.Scenarios.Repo;

/// <summary>What <c>octl scen repo clone</c> did; the JSON document of <c>-o json</c>.</summary>
/// <param name="Scenario">The scenario's name.</param>
/// <param name="Folder">Where it was cloned, absolute.</param>
/// <param name="Url">The repository cloned, without credentials.</param>
/// <param name="Commit">The commit checked out; null when the repository is empty.</param>
internal sealed record RepoCloneReport(string Scenario, string Folder, string Url, string? Commit);
