using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Octopoda.Tentacle.Hosting;

/// <summary>
/// Builds <see cref="TentacleOptions"/> from, in rising precedence: defaults, <c>tentacle.yaml</c>, <c>OCTOPODA_*</c>
/// variables, flags. YAML keys: <c>name</c>, <c>brains</c>, <c>joinToken</c>, <c>dataDir</c>, <c>workspace</c>,
/// <c>fileStore</c>, <c>logDir</c>, <c>pakmaDir</c>, <c>env</c> (a list of <c>{key, value}</c>, as in Octopoda). Unknown keys are errors naming the line.
/// </summary>
internal static class TentacleConfiguration
{
    public static readonly string[] DefaultConfigFiles = ["/etc/octopoda/tentacle/tentacle.yaml", "tentacle.yaml"];

    public static TentacleOptions Load(IReadOnlyDictionary<string, List<string>> flags, Func<string, string?> environment)
    {
        var options = new TentacleOptions();
        var file = First(flags, "config") ?? environment("OCTOPODA_TENTACLE_CONFIG") ?? DefaultConfigFiles.FirstOrDefault(File.Exists);
        if (file is not null)
        {
            ApplyFile(options, file);
        }

        options.Name = environment("OCTOPODA_NAME") ?? options.Name;
        if (environment("OCTOPODA_BRAIN") is { } brains)
        {
            options.Brains = [.. brains.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
        }

        options.JoinToken = environment("OCTOPODA_JOIN_TOKEN") ?? options.JoinToken;
        options.DataDirectory = environment("OCTOPODA_DATA_DIR") ?? options.DataDirectory;
        options.Workspace = environment("OCTOPODA_WORKSPACE") ?? options.Workspace;
        options.FileStore = environment("OCTOPODA_FILE_STORE") ?? options.FileStore;
        options.LogDirectory = environment("OCTOPODA_LOG_DIR") ?? options.LogDirectory;
        options.PakmaDirectory = environment("OCTOPODA_PAKMA_DIR") ?? options.PakmaDirectory;

        options.Name = First(flags, "name") ?? options.Name;
        if (flags.TryGetValue("brain", out var brainFlags))
        {
            options.Brains = [.. brainFlags.SelectMany(b => b.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))];
        }

        options.JoinToken = First(flags, "join-token") ?? options.JoinToken;
        options.DataDirectory = First(flags, "data-dir") ?? options.DataDirectory;
        options.Workspace = First(flags, "workspace") ?? options.Workspace;
        options.FileStore = First(flags, "file-store") ?? options.FileStore;
        options.LogDirectory = First(flags, "log-dir") ?? options.LogDirectory;
        options.PakmaDirectory = First(flags, "pakma-dir") ?? options.PakmaDirectory;
        return options;
    }

    private static string? First(IReadOnlyDictionary<string, List<string>> flags, string key) =>
        flags.TryGetValue(key, out var values) ? values[^1] : null;

    private static void ApplyFile(TentacleOptions options, string path)
    {
        TentacleFile? file;
        try
        {
            file = new DeserializerBuilder()
                .WithNamingConvention(CamelCaseNamingConvention.Instance)
                .Build()
                .Deserialize<TentacleFile?>(File.ReadAllText(path));
        }
        catch (YamlException ex)
        {
            throw new InvalidOperationException($"{path}: line {ex.Start.Line}, column {ex.Start.Column}: {ex.InnerException?.Message ?? ex.Message}", ex);
        }
        catch (IOException ex)
        {
            throw new InvalidOperationException($"{path}: {ex.Message}", ex);
        }

        if (file is null)
        {
            return;
        }

        options.Name = file.Name ?? options.Name;
        options.Brains = file.Brains ?? options.Brains;
        options.JoinToken = file.JoinToken ?? options.JoinToken;
        options.DataDirectory = file.DataDir ?? options.DataDirectory;
        options.Workspace = file.Workspace ?? options.Workspace;
        options.FileStore = file.FileStore ?? options.FileStore;
        options.LogDirectory = file.LogDir ?? options.LogDirectory;
        options.PakmaDirectory = file.PakmaDir ?? options.PakmaDirectory;
        foreach (var variable in file.Env ?? [])
        {
            if (string.IsNullOrEmpty(variable.Key))
            {
                throw new InvalidOperationException($"{path}: every env entry needs a key");
            }

            options.Environment[variable.Key] = variable.Value ?? "";
        }
    }

    /// <summary>The shape of <c>tentacle.yaml</c>.</summary>
    internal sealed class TentacleFile
    {
        public string? Name { get; set; }

        public List<string>? Brains { get; set; }

        public string? JoinToken { get; set; }

        public string? DataDir { get; set; }

        public string? Workspace { get; set; }

        public string? FileStore { get; set; }

        public string? LogDir { get; set; }

        public string? PakmaDir { get; set; }

        public List<EnvEntry>? Env { get; set; }
    }

    internal sealed class EnvEntry
    {
        public string? Key { get; set; }

        public string? Value { get; set; }
    }
}
