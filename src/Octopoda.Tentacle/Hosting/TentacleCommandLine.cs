using Microsoft.Extensions.Options;

namespace Octopoda.Tentacle.Hosting;

/// <summary><c>tentacle [--config tentacle.yaml] [--name N] [--brain URL]… [--join-token T] [--data-dir D] [--workspace W] [--file-store D] [--log-dir D] [--pakma-dir D]</c>.</summary>
internal static class TentacleCommandLine
{
    private const string Usage = """
        usage: tentacle [--config tentacle.yaml] [--name NODE] [--brain https://brain:7400]... [--join-token oct1...]
                        [--data-dir DIR] [--workspace DIR] [--file-store DIR] [--log-dir DIR] [--pakma-dir DIR]
               tentacle --version
        environment: OCTOPODA_NAME, OCTOPODA_BRAIN (comma-separated), OCTOPODA_JOIN_TOKEN, OCTOPODA_DATA_DIR, OCTOPODA_WORKSPACE,
                     OCTOPODA_FILE_STORE, OCTOPODA_LOG_DIR, OCTOPODA_PAKMA_DIR
        """;

    private static readonly HashSet<string> KnownFlags = ["config", "name", "brain", "join-token", "data-dir", "workspace", "file-store", "log-dir", "pakma-dir"];

    public static async Task<int> RunAsync(string[] args)
    {
        var flags = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg is "--version" or "-v")
            {
                Console.WriteLine(TentacleVersion.Current);
                return 0;
            }

            if (arg is "--help" or "-h")
            {
                Console.WriteLine(Usage);
                return 0;
            }

            var key = arg.StartsWith("--", StringComparison.Ordinal) ? arg[2..] : null;
            string? value = null;
            if (key is not null && key.Contains('=', StringComparison.Ordinal))
            {
                (key, value) = (key[..key.IndexOf('=', StringComparison.Ordinal)], key[(key.IndexOf('=', StringComparison.Ordinal) + 1)..]);
            }
            else if (key is not null && i + 1 < args.Length)
            {
                value = args[++i];
            }

            if (key is null || !KnownFlags.Contains(key) || value is null)
            {
                return Fail(key is null ? $"unexpected argument '{arg}'" : value is null ? $"--{key} needs a value" : $"unknown flag --{key}");
            }

            if (!flags.TryGetValue(key, out var values))
            {
                flags[key] = values = [];
            }

            values.Add(value);
        }

        TentacleOptions options;
        try
        {
            options = TentacleConfiguration.Load(flags, Environment.GetEnvironmentVariable);
        }
        catch (InvalidOperationException ex)
        {
            return Fail(ex.Message);
        }

        var problems = options.Validate();
        if (problems.Count > 0)
        {
            return Fail("invalid configuration:\n  - " + string.Join("\n  - ", problems));
        }

        try
        {
            await TentacleApplication.RunAsync(options);
        }
        catch (OptionsValidationException ex)
        {
            return Fail("invalid configuration:\n  - " + string.Join("\n  - ", ex.Failures));
        }

        return 0;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"tentacle: {message}");
        Console.Error.WriteLine(Usage);
        return 2;
    }
}
