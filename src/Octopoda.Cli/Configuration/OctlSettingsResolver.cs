using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Octopoda.Cli.Configuration;

/// <summary>
/// Finds and reads <c>octl.yaml</c> and applies the overrides: the file, then <c>OCTOPODA_BRAIN</c> and
/// <c>OCTOPODA_TOKEN</c>, then <c>--brain</c> and <c>--token</c>.
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

    /// <summary>Combines the sources; throws <see cref="OctlUsageException"/> naming the fix when they do not add up.</summary>
    public static OctlSettings Resolve(OctlEnvironment environment, string? configFlag, string? brainFlag, string? tokenFlag)
    {
        var path = FindFile(environment, configFlag);
        var file = path is null ? new OctlConfigFile() : Load(path);

        var brain = NullIfEmpty(brainFlag) ?? environment.Variable(BrainVariable) ?? NullIfEmpty(file.Brain);
        var token = NullIfEmpty(tokenFlag) ?? environment.Variable(TokenVariable) ?? NullIfEmpty(file.Token);
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

        return new OctlSettings(ParseBrain(brain), token, caFile, NullIfEmpty(file.CaFingerprint), path);
    }

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
