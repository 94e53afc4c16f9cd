using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Octopoda.Cli.Configuration;

/// <summary>
/// Where <c>octl.session.yaml</c> lives, and reading and writing it. It sits next to the config file in use
/// (<c>octl.yaml</c> → <c>octl.session.yaml</c>), so two configurations keep two sessions; with no config file, or
/// with the system-wide one (shared by every user and not theirs to write), in <c>~/.config/octopoda/</c>.
/// </summary>
internal static class OctlSessionStore
{
    /// <summary>The session file's name when it is not next to a config file.</summary>
    public const string FileName = "octl.session.yaml";

    private const string Header = "# octl's login session (octl login, octl wg cd). It holds a bearer token: keep it private.\n";

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>The session file for <paramref name="configFile"/>; null when there is no config file and no home.</summary>
    public static string? PathFor(OctlEnvironment environment, string? configFile)
    {
        if (configFile is not null && !SamePath(configFile, environment.SystemConfigFile))
        {
            return Path.ChangeExtension(configFile, ".session.yaml");
        }

        return environment.HomeDirectory is { } home ? Path.Combine(home, ".config", "octopoda", FileName) : null;
    }

    /// <summary>Reads the session; null when the file does not exist.</summary>
    public static OctlSessionFile? Load(string path)
    {
        string text;
        try
        {
            if (!File.Exists(path))
            {
                return null;
            }

            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new OctlUsageException($"cannot read the session file {path}: {ex.Message}");
        }

        try
        {
            var deserializer = new DeserializerBuilder()
                .WithNamingConvention(CamelCaseNamingConvention.Instance)
                .IgnoreUnmatchedProperties()
                .Build();
            return deserializer.Deserialize<OctlSessionFile?>(text) ?? new OctlSessionFile();
        }
        catch (YamlException ex)
        {
            throw new OctlUsageException(
                $"the session file {path} is not valid YAML at line {ex.Start.Line}, column {ex.Start.Column}; " +
                "run 'octl login' to write a new one");
        }
    }

    /// <summary>
    /// Writes the session whole: to a new file created with mode 0600 (never readable by others, not even for a
    /// moment), then moved over the old one. A session with nothing left in it deletes the file.
    /// </summary>
    public static void Save(string path, OctlSessionFile session)
    {
        var serializer = new SerializerBuilder()
            .WithNamingConvention(CamelCaseNamingConvention.Instance)
            .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull)
            .Build();
        var empty = session is { Token: null, TokenId: null, Account: null, Path: null, ExpiresAt: null };
        var directory = Path.GetDirectoryName(path)!;
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            if (empty)
            {
                File.Delete(path);
                return;
            }

            CreateDirectory(directory);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = OwnerOnly;
            }

            using (var writer = new StreamWriter(temporary, options))
            {
                writer.Write(Header);
                writer.Write(serializer.Serialize(session));
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            throw new OctlUsageException($"cannot write the session file {path}: {ex.Message}");
        }
    }

    /// <summary>Loads the session (or starts one), applies <paramref name="change"/> and saves it.</summary>
    public static OctlSessionFile Update(string path, Action<OctlSessionFile> change)
    {
        var session = Load(path) ?? new OctlSessionFile();
        change(session);
        Save(path, session);
        return session;
    }

    private static void CreateDirectory(string directory)
    {
        if (Directory.Exists(directory))
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, OwnerOnly | UnixFileMode.UserExecute);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: a stray temporary file holds nothing yet, or the same as the session it was meant to replace.
        }
    }

    private static bool SamePath(string a, string b) =>
        string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
}
