namespace Octopoda.Cli.Configuration;

/// <summary>
/// The Git server of <c>octl scen repo</c>, after <c>git:</c> in octl.yaml and the environment were combined. Needs no
/// Brain, so it is resolved on its own rather than as part of <see cref="OctlSettings"/>.
/// </summary>
/// <param name="ServeUrl">The server's base URL, or an absolute path; null when none is configured.</param>
/// <param name="Username">The repositories' default owner and the HTTP user.</param>
/// <param name="Password">The HTTP password.</param>
/// <param name="Token">An access token, the HTTP password when there is no <paramref name="Password"/>.</param>
/// <param name="ConfigFile">The config file read, if any.</param>
internal sealed record OctlGitSettings(string? ServeUrl, string? Username, string? Password, string? Token, string? ConfigFile)
{
    /// <summary>Names the server only by its config file: the URL may carry a password, and the other two are secrets.</summary>
    public override string ToString() => $"{nameof(OctlGitSettings)} {{ Username = {Username}, ConfigFile = {ConfigFile} }}";
}
