using System.Text;
using System.Text.RegularExpressions;
using Octopoda.Cli.Configuration;
using Octopoda.Protocol.Enrollment;
using Octopoda.Protocol.Scenarios;

namespace Octopoda.Cli.Scenarios.Repo;

/// <summary>
/// One scenario's repository on the Git server: <c>&lt;serveUrl&gt;/&lt;user&gt;/&lt;scen&gt;.git</c>, or
/// <c>&lt;serveUrl&gt;/&lt;scen&gt;.git</c> when there is no user. <see cref="Url"/> never holds credentials: those of an
/// http(s) server travel in <see cref="AuthorizationHeader"/>, which <see cref="GitRunner"/> hands to git through its
/// environment, so they are neither on a command line (visible in <c>ps</c>) nor saved in the repository's config.
/// </summary>
internal sealed partial class GitRemote
{
    /// <summary>The HTTP user when a password or token is configured but no user at all; servers that take tokens ignore it.</summary>
    internal const string FallbackHttpUser = "octl";

    private readonly List<string> _secrets;

    private GitRemote(string url, string? authorizationHeader, List<string> secrets)
    {
        Url = url;
        AuthorizationHeader = authorizationHeader;
        _secrets = secrets;
    }

    /// <summary>The repository's URL (or path), without credentials: what git is given and what octl prints.</summary>
    public string Url { get; }

    /// <summary>The value of an <c>Authorization</c> header for an http(s) server with credentials; null otherwise.</summary>
    public string? AuthorizationHeader { get; }

    /// <summary>
    /// The repository of <paramref name="scenario"/> owned by <paramref name="user"/> (else <c>git.username</c>); a
    /// usage error when no server is configured or a name breaks the rule.
    /// </summary>
    public static GitRemote For(OctlGitSettings settings, string? user, string scenario)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!ScenarioNames.IsValid(scenario))
        {
            throw new OctlUsageException($"'{scenario}' cannot name a scenario: {ScenarioNames.Rule}");
        }

        var owner = user ?? settings.Username;
        if (owner is not null && !NodeNames.IsValid(owner))
        {
            throw new OctlUsageException($"'{owner}' cannot name a Git user here: {NodeNames.Rule}");
        }

        if (settings.ServeUrl is not { } serveUrl)
        {
            var where = settings.ConfigFile is null ? "no config file was found" : $"{settings.ConfigFile} has no 'git: serveUrl:'";
            throw new OctlUsageException(
                $"no Git server: put 'git:' with 'serveUrl: https://HOST' (and 'username:') in {OctlSettingsResolver.FileName}, " +
                $"or set {OctlSettingsResolver.GitUrlVariable}; {where}");
        }

        var secrets = new List<string>();
        var (bare, urlUser, urlPassword) = SplitUserInfo(serveUrl);
        if (bare.StartsWith('-'))
        {
            throw new OctlUsageException($"'{Redact(serveUrl, secrets)}' is not a Git server URL (git.serveUrl or {OctlSettingsResolver.GitUrlVariable})");
        }

        var url = bare.TrimEnd('/') + (owner is null ? "" : "/" + owner) + "/" + scenario + ".git";
        AddSecret(secrets, settings.Password);
        AddSecret(secrets, settings.Token);
        AddSecret(secrets, urlPassword);
        var configured = settings.Password ?? settings.Token;
        var (httpUser, password) = configured is not null
            ? (settings.Username ?? urlUser ?? user, configured)
            : (urlUser ?? settings.Username ?? user, urlPassword);
        string? header = null;
        if (password is not null && IsHttp(bare))
        {
            var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{httpUser ?? FallbackHttpUser}:{password}"));
            AddSecret(secrets, basic);
            header = "Authorization: Basic " + basic;
        }

        return new GitRemote(url, header, secrets);
    }

    /// <summary><paramref name="text"/> with the configured secrets and any password inside a URL replaced by <c>***</c>.</summary>
    public string Redact(string text) => Redact(text, _secrets);

    private static string Redact(string text, List<string> secrets)
    {
        foreach (var secret in secrets)
        {
            text = text.Replace(secret, "***", StringComparison.Ordinal);
        }

        return UrlPassword().Replace(text, "${user}:***@");
    }

    private static void AddSecret(List<string> secrets, string? secret)
    {
        if (!string.IsNullOrEmpty(secret))
        {
            secrets.Add(secret);
            if (Uri.EscapeDataString(secret) is var escaped && escaped != secret)
            {
                secrets.Add(escaped);
            }
        }
    }

    private static bool IsHttp(string url) =>
        url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("http://", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Takes <c>user:password@</c> out of an http(s) URL, so that it reaches git as a header; a user without a password
    /// stays, and other schemes keep theirs (<c>ssh://git@host</c> needs it).
    /// </summary>
    private static (string Url, string? User, string? Password) SplitUserInfo(string url)
    {
        if (!IsHttp(url))
        {
            return (url, null, null);
        }

        var hostStart = url.IndexOf("://", StringComparison.Ordinal) + 3;
        var pathStart = url.IndexOf('/', hostStart) is var slash and >= 0 ? slash : url.Length;
        var at = url.LastIndexOf('@', pathStart - 1, pathStart - hostStart);
        if (at < 0)
        {
            return (url, null, null);
        }

        var userInfo = url[hostStart..at];
        var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        var user = Uri.UnescapeDataString(colon < 0 ? userInfo : userInfo[..colon]);
        var password = colon < 0 ? "" : Uri.UnescapeDataString(userInfo[(colon + 1)..]);
        return password.Length == 0
            ? (url, null, null)
            : (url[..hostStart] + url[(at + 1)..], user.Length == 0 ? null : user, password);
    }

    /// <summary><c>scheme://user:password@</c>: the password part of any URL in a message.</summary>
    [GeneratedRegex(@"(?<user>[a-zA-Z][a-zA-Z0-9+.-]*://[^/\s:@]*):[^/\s@]*@")]
    private static partial Regex UrlPassword();
}
