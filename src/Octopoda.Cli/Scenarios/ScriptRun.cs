namespace Octopoda.Cli.Scenarios;

/// <summary>One application's script for a target, read before anything is sent.</summary>
/// <param name="App">The application.</param>
/// <param name="Target">The target.</param>
/// <param name="Order">Its group: groups run in ascending order, the applications of one group in parallel.</param>
/// <param name="ScriptName">The file's name relative to the application's scriptpath, as deployment.yaml gives it (<c>OCTOPODA_FILENAME</c>).</param>
/// <param name="Script">The file's text.</param>
internal sealed record ScriptRun(string App, string Target, int Order, string ScriptName, string Script);
