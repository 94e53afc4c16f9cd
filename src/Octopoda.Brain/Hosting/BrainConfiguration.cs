using Octopoda.Brain.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Octopoda.Brain.Hosting;

/// <summary>
/// Builds <see cref="BrainOptions"/> from, in rising precedence: defaults, <c>brain.yaml</c>, <c>OCTOPODA_*</c>
/// environment variables, and flags. The YAML keys mirror the options (camelCase); unknown keys are errors.
/// </summary>
internal static class BrainConfiguration
{
    public static readonly string[] DefaultConfigFiles = ["/etc/octopoda/brain/brain.yaml", "brain.yaml"];

    public static BrainOptions Load(IReadOnlyDictionary<string, string> flags, Func<string, string?> environment)
    {
        var options = new BrainOptions();
        var file = flags.GetValueOrDefault("config") ?? environment("OCTOPODA_BRAIN_CONFIG") ?? DefaultConfigFiles.FirstOrDefault(File.Exists);
        if (file is not null)
        {
            ApplyFile(options, file);
        }

        Apply(options, "name", environment("OCTOPODA_NAME"));
        Apply(options, "data-dir", environment("OCTOPODA_DATA_DIR"));
        Apply(options, "listen", environment("OCTOPODA_LISTEN"));
        Apply(options, "store-provider", environment("OCTOPODA_STORE_PROVIDER"));
        Apply(options, "store-connection", environment("OCTOPODA_STORE_CONNECTION"));
        Apply(options, "pki-dir", environment("OCTOPODA_PKI_DIR"));
        Apply(options, "ca-cert", environment("OCTOPODA_CA_CERT"));
        Apply(options, "ca-key", environment("OCTOPODA_CA_KEY"));
        Apply(options, "server-cert", environment("OCTOPODA_SERVER_CERT"));
        Apply(options, "server-key", environment("OCTOPODA_SERVER_KEY"));
        options.AdminPassword = environment("OCTOPODA_ADMIN_PASSWORD") is { Length: > 0 } password ? password : null;
        foreach (var (key, value) in flags)
        {
            Apply(options, key, value);
        }

        return options;
    }

    private static void Apply(BrainOptions options, string key, string? value)
    {
        if (value is null)
        {
            return;
        }

        switch (key)
        {
            case "name":
                options.Name = value;
                break;
            case "data-dir":
                options.DataDirectory = value;
                break;
            case "listen":
                options.Listen = value;
                break;
            case "store-provider":
                options.Store.Provider = value;
                break;
            case "store-connection":
                options.Store.ConnectionString = value;
                break;
            case "host-name":
                options.HostNames.Add(value);
                break;
            case "pki-dir":
                options.Pki.Directory = value;
                break;
            case "ca-cert":
                options.Pki.CaCertificate = value;
                break;
            case "ca-key":
                options.Pki.CaKey = value;
                break;
            case "server-cert":
                options.Pki.ServerCertificate = value;
                break;
            case "server-key":
                options.Pki.ServerKey = value;
                break;
        }
    }

    private static void ApplyFile(BrainOptions options, string path)
    {
        BrainFile? file;
        try
        {
            file = new DeserializerBuilder()
                .WithNamingConvention(CamelCaseNamingConvention.Instance)
                .Build()
                .Deserialize<BrainFile?>(File.ReadAllText(path));
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
        options.DataDirectory = file.DataDir ?? options.DataDirectory;
        options.Listen = file.Listen ?? options.Listen;
        options.HostNames.AddRange(file.HostNames ?? []);
        options.Store.Provider = file.Store?.Provider ?? options.Store.Provider;
        options.Store.ConnectionString = file.Store?.ConnectionString ?? options.Store.ConnectionString;
        if (file.Pki is { } pki)
        {
            // Relative paths in the file are relative to the file, not to wherever the Brain was started.
            var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
            string? Resolve(string? value) => value is null ? null : Path.GetFullPath(value, baseDirectory);
            options.Pki.Directory = Resolve(pki.Dir) ?? options.Pki.Directory;
            options.Pki.CaCertificate = Resolve(pki.CaCertificate) ?? options.Pki.CaCertificate;
            options.Pki.CaKey = Resolve(pki.CaKey) ?? options.Pki.CaKey;
            options.Pki.ServerCertificate = Resolve(pki.ServerCertificate) ?? options.Pki.ServerCertificate;
            options.Pki.ServerKey = Resolve(pki.ServerKey) ?? options.Pki.ServerKey;
        }

        if (file.Liveness is { } liveness)
        {
            options.Liveness = new LivenessOptions
            {
                HeartbeatInterval = Seconds(liveness.HeartbeatSeconds, options.Liveness.HeartbeatInterval),
                UnstableAfter = Seconds(liveness.UnstableAfterSeconds, options.Liveness.UnstableAfter),
                OfflineAfter = Seconds(liveness.OfflineAfterSeconds, options.Liveness.OfflineAfter),
            };
        }
    }

    private static TimeSpan Seconds(double? value, TimeSpan fallback) => value is { } s ? TimeSpan.FromSeconds(s) : fallback;

    /// <summary>The shape of <c>brain.yaml</c>.</summary>
    internal sealed class BrainFile
    {
        public string? Name { get; set; }

        public string? DataDir { get; set; }

        public string? Listen { get; set; }

        public List<string>? HostNames { get; set; }

        public StoreSection? Store { get; set; }

        public LivenessSection? Liveness { get; set; }

        public PkiSection? Pki { get; set; }
    }

    internal sealed class PkiSection
    {
        public string? Dir { get; set; }

        public string? CaCertificate { get; set; }

        public string? CaKey { get; set; }

        public string? ServerCertificate { get; set; }

        public string? ServerKey { get; set; }
    }

    internal sealed class StoreSection
    {
        public string? Provider { get; set; }

        public string? ConnectionString { get; set; }
    }

    internal sealed class LivenessSection
    {
        public double? HeartbeatSeconds { get; set; }

        public double? UnstableAfterSeconds { get; set; }

        public double? OfflineAfterSeconds { get; set; }
    }
}
