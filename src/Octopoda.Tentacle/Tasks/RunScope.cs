namespace Octopoda.Tentacle.Tasks;

/// <summary>
/// Where and with what a NodeApp's script runs: its directory (the working directory and <c>OCTOPODA_CURRENTDIR</c>)
/// and the variables only a NodeApp has (<c>OCTOPODA_APP</c>, <c>OCTOPODA_SCENARIO</c>, <c>OCTOPODA_OUTPUT</c>).
/// </summary>
internal sealed record RunScope(string WorkingDirectory, IReadOnlyDictionary<string, string> Environment);
