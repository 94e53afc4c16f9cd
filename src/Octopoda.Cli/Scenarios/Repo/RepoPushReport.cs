namespace Octopoda.Cli.Scenarios.Repo;

/// <summary>What <c>octl scen repo push</c> did; the JSON document of <c>-o json</c>.</summary>
/// <param name="Scenario">The scenario's name (the folder's last segment).</param>
/// <param name="Folder">The scenario folder, absolute.</param>
/// <param name="Url">The repository pushed to, without credentials.</param>
/// <param name="Branch">The branch pushed (the folder's current one).</param>
/// <param name="Commit">The commit pushed.</param>
/// <param name="Committed">True when there were changes, committed as <see cref="Commit"/>.</param>
/// <param name="Initialized">True when the folder was not a Git repository yet.</param>
internal sealed record RepoPushReport(
    string Scenario, string Folder, string Url, string Branch, string Commit, bool Committed, bool Initialized);
