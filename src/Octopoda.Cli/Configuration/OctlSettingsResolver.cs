using Octopoda.Protocol.Workgroups;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Octopoda.Cli.Configuration;

/// <summary>
/// Finds and reads <c>octl.yaml</c> and the login session next to it, and applies the overrides. The Brain: the
/// file, then <c>OCTOPODA_BRAIN</c>, then <c>--brain</c>. The token: <c>--token</c>, else <c>OCTOPODA_TOKEN</c>,
/// else the session's (unless expired), else the file's. The current path: <c>OCTOPODA_PATH</c>, else the session's.
/// The Git server (<c>git:</c>): <c>OCTOPODA_GIT_URL</c> and <c>OCTOPODA_GIT_USER</c> override its URL and user.
/// </summary>
internal static class OctlSettingsResolver
{
    /// <summary>The config file's name in the directories searched.</summary>
    public const string FileName = "octl.yaml";

    /// <summary>Names the config file to read instead of searching.</summary>
    public const string ConfigVariable = "OCTOPODA_CONFIG";

    /// <summary>Overrides <c>brain:</c>.</summary>
    public const string BrainVariable = "OCTOPODA_BRAIN";

    /// <summary>Overrides <c>token:</c>.</summary>
    public const string TokenVariable = "OCTOPODA_TOKEN";

    /// <summary>Overrides the session's current workgroup path (absolute), e.g. for one shell.</summary>
    public const string PathVariable = "OCTOPODA_PATH";

    /// <summary>Overrides <c>git: serveUrl:</c>.</summary>
    public const string GitUrlVariable = "OCTOPODA_GIT_URL";

    /// <summary>Overrides <c>git: username:</c>.</summary>
    public const string GitUserVariable = "OCTOPODA_GIT_USER";

    /// <summary>
    /// Combines the sources; throws <see cref="OctlUsageException"/> naming the fix when they do not add up. With
    /// <paramref name="readSession"/> false the session file is located but not read (<c>octl login</c> replaces it).
    /// </summary>
    public static OctlSettings Resolve(
        OctlEnvironment environment, string? configFlag, string? brainFlag, string? tokenFlag, bool readSession = true)
    {
        var path = FindFile(environment, configFlag);
        var file = path is null ? new OctlConfigFile() : Load(path);
        var sessionFile = OctlSessionStore.PathFor(environment, path);
        var session = readSession && sessionFile is not null ? OctlSessionStore.Load(sessionFile) : null;
        var sessionExpired = session?.IsExpired(environment.Time.GetUtcNow()) ?? false;

        var brain = NullIfEmpty(brainFlag) ?? environment.Variable(BrainVariable) ?? NullIfEmpty(file.Brain);
        var (token, tokenSource) =
            NullIfEmpty(tokenFlag) is { } flag ? (flag, TokenSource.Flag)
            : environment.Variable(TokenVariable) is { } variable ? (variable, TokenSource.Environment)
            : NullIfEmpty(session?.Token) is { } saved && !sessionExpired ? (saved, TokenSource.Session)
            : NullIfEmpty(file.Token) is { } configured ? (configured, TokenSource.ConfigFile)
            : ((string?)null, TokenSource.None);
        var workgroupPath =
            environment.Variable(PathVariable) is { } current ? CanonicalPath(current, PathVariable)
            : NullIfEmpty(session?.Path) is { } savedPath ? CanonicalPath(savedPath, $"path: in {sessionFile}")
            : null;
        if (brain is null)
        {
            var where = path is null
                ? $"no config file was found (looked for {string.Join(", ", Candidates(environment))})"
                : $"{path} has no 'brain:'";
            throw new OctlUsageException(
                $"no Brain address: pass --brain https://HOST:7400, set {BrainVariable}, or put 'brain: https://HOST:7400' " +
                $"in {FileName}; {where}");
        }

        string? caFile = null;
        if (NullIfEmpty(file.CaFile) is { } ca)
        {
            caFile = Path.GetFullPath(ca, Path.GetDirectoryName(path!)!);
            if (!File.Exists(caFile))
            {
                throw new OctlUsageException($"the CA certificate {caFile} (caFile in {path}) does not exist");
            }
        }

        return new OctlSettings(ParseBrain(brain), token, caFile, NullIfEmpty(file.CaFingerprint), path)
        {
            TokenSource = tokenSource,
            WorkgroupPath = workgroupPath,
            SessionFile = sessionFile,
            Session = session,
            SessionExpired = sessionExpired && token is null,
        };
    }

    /// <summary>
    /// The Git server for <c>octl scen repo</c>: <c>git:</c> from the config file, then the environment. Needs no Brain
    /// address. A relative local path is relative to the config file's directory (to the current one from the environment).
    /// </summary>
    public static OctlGitSettings ResolveGit(OctlEnvironment environment, string? configFlag)
    {
        var path = FindFile(environment, configFlag);
        var git = (path is null ? null : Load(path).Git) ?? new OctlConfigFile.GitSection();
        var serveUrl =
            environment.Variable(GitUrlVariable) is { } variable ? LocalPathOrUrl(variable, environment.CurrentDirectory)
            : NullIfEmpty(git.ServeUrl) is { } configured ? LocalPathOrUrl(configured, Path.GetDirectoryName(path!)!)
            : null;
        return new OctlGitSettings(
            serveUrl,
            environment.Variable(GitUserVariable) ?? NullIfEmpty(git.Username),
            NullIfEmpty(git.Password),
            NullIfEmpty(git.Token),
            path);
    }

    /// <summary>A URL (<c>scheme://…</c>, or scp-like <c>host:path</c>) as it is; a local path made absolute.</summary>
    private static string LocalPathOrUrl(string text, string baseDirectory) =>
        text.Contains("://", StringComparison.Ordinal) || Path.IsPathRooted(text) || text.Contains(':', StringComparison.Ordinal)
            ? text.Trim()
            : Path.GetFullPath(text.Trim(), baseDirectory);

    /// <summary>An absolute workgroup path in its canonical form; a usage error naming <paramref name="source"/> otherwise.</summary>
    private static string CanonicalPath(string text, string source) =>
        WorkgroupPath.TryParse(text.Trim(), out var path, out var error)
            ? path.Value
            : throw new OctlUsageException($"{error} (in {source})");

    private static string? FindFile(OctlEnvironment environment, string? configFlag)
    {
        var named = NullIfEmpty(configFlag) is { } flag
            ? (Path: flag, Source: "--config")
            : environment.Variable(ConfigVariable) is { } variable ? (Path: variable, Source: ConfigVariable) : default;
        if (named.Path is not null)
        {
            var full = Path.GetFullPath(named.Path, environment.CurrentDirectory);
            return File.Exists(full)
                ? full
                : throw new OctlUsageException($"the config file {full} (from {named.Source}) does not exist");
        }

        return Candidates(environment).FirstOrDefault(File.Exists);
    }

    private static IEnumerable<string> Candidates(OctlEnvironment environment)
    {
        yield return Path.Combine(environment.CurrentDirectory, FileName);
        if (environment.HomeDirectory is { } home)
        {
            yield return Path.Combine(home, ".config", "octopoda", FileName);
        }

        yield return environment.SystemConfigFile;
    }

    private static OctlConfigFile Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new OctlUsageException($"cannot read the config file {path}: {ex.Message}");
        }

        try
        {
            var deserializer = new DeserializerBuilder()
                .WithNamingConvention(CamelCaseNamingConvention.Instance)
                .IgnoreUnmatchedProperties()
                .Build();
            return deserializer.Deserialize<OctlConfigFile?>(text) ?? new OctlConfigFile();
        }
        catch (YamlException ex)
        {
            throw new OctlUsageException(
                $"the config file {path} is not valid YAML at line {ex.Start.Line}, column {ex.Start.Column}: " +
                $"{(ex.InnerException ?? ex).Message}");
        }
    }

    /// <summary>Parses a Brain address; <c>host:7400</c> without a scheme means https.</summary>
    internal static Uri ParseBrain(string text)
    {
        var withScheme = text.Contains("://", StringComparison.Ordinal) ? text : "https://" + text;
        if (Uri.TryCreate(withScheme, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" && uri.Host.Length > 0)
        {
            return uri;
        }

        throw new OctlUsageException($"'{text}' is not a Brain address; expected https://HOST:PORT, e.g. https://10.0.0.5:7400");
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
