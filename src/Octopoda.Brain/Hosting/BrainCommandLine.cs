using Microsoft.Extensions.Options;
using Octopoda.Brain.Gateway;
using Octopoda.Protocol.Certificates;

using Octopoda.Brain.Store;

namespace Octopoda.Brain.Hosting;

/// <summary>
/// <c>brain [run]</c> serves; <c>brain token create</c> prints a join token for Tentacles; <c>brain admin password</c>
/// sets the administrator's password (the root account's, for <c>octl login /</c>); <c>brain --version</c>.
/// Flags: <c>--config</c>, <c>--data-dir</c>, <c>--listen</c>, <c>--name</c>, <c>--store-provider</c>,
/// <c>--store-connection</c>, <c>--host-name</c>, given certificates (<c>--pki-dir</c>, <c>--ca-cert</c>, <c>--ca-key</c>,
/// <c>--server-cert</c>, <c>--server-key</c>); for tokens also <c>--uses</c> and <c>--ttl-hours</c>.
/// </summary>
internal static class BrainCommandLine
{
    private const string Usage = """
        usage: brain [run] [--config brain.yaml] [--data-dir DIR] [--listen https://0.0.0.0:7400] [--name NAME]
                           [--store-provider sqlite|postgres] [--store-connection CONNSTRING] [--host-name NAME]
                           [--pki-dir DIR | --ca-cert FILE --ca-key FILE [--server-cert FILE --server-key FILE]]
               brain token create [--uses N (default 1)] [--ttl-hours H (default 24)] [same store flags]
               brain admin password [same store flags]    (sets the administrator's password, read from stdin)
               brain --version
        """;

    private static readonly HashSet<string> KnownFlags =
        [
            "config", "data-dir", "listen", "name", "store-provider", "store-connection", "host-name", "uses", "ttl-hours",
            "pki-dir", "ca-cert", "ca-key", "server-cert", "server-key",
        ];

    public static async Task<int> RunAsync(string[] args)
    {
        var positional = new List<string>();
        var flags = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg is "--version" or "-v")
            {
                Console.WriteLine(new BrainIdentity("brain", DateTimeOffset.UtcNow).Version);
                return 0;
            }

            if (arg is "--help" or "-h")
            {
                Console.WriteLine(Usage);
                return 0;
            }

            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                var key = arg[2..];
                string? value = null;
                if (key.Contains('=', StringComparison.Ordinal))
                {
                    (key, value) = (key[..key.IndexOf('=', StringComparison.Ordinal)], key[(key.IndexOf('=', StringComparison.Ordinal) + 1)..]);
                }
                else if (i + 1 < args.Length)
                {
                    value = args[++i];
                }

                if (!KnownFlags.Contains(key) || value is null)
                {
                    return Fail(value is null ? $"--{key} needs a value" : $"unknown flag --{key}");
                }

                flags[key] = value;
            }
            else
            {
                positional.Add(arg);
            }
        }

        BrainOptions options;
        try
        {
            options = BrainConfiguration.Load(flags, Environment.GetEnvironmentVariable);
        }
        catch (InvalidOperationException ex)
        {
            return Fail(ex.Message);
        }

        return positional switch
        {
            [] or ["run"] => await ServeAsync(options),
            ["token", "create"] => await CreateTokenAsync(options, flags),
            ["admin", "password"] => await SetAdminPasswordAsync(options),
            _ => Fail($"unknown command '{string.Join(' ', positional)}'"),
        };
    }

    private static async Task<int> ServeAsync(BrainOptions options)
    {
        BrainApplication brain;
        try
        {
            brain = BrainApplication.Create(options);
        }
        catch (OptionsValidationException ex)
        {
            return Fail("invalid configuration:\n  - " + string.Join("\n  - ", ex.Failures));
        }
        catch (CertificateMaterialException ex)
        {
            return FailCertificates(ex);
        }

        await using (brain)
        {
            try
            {
                await brain.StartAsync();
            }
            catch (StoreSchemaException ex)
            {
                return Fail(ex.Message);
            }

            Console.WriteLine($"brain {options.Name} ready at {brain.Address} (data {options.DataDirectory}, CA fingerprint {brain.CertificateAuthority.Fingerprint})");
            await brain.WaitForShutdownAsync();
        }

        return 0;
    }

    private static async Task<int> CreateTokenAsync(BrainOptions options, Dictionary<string, string> flags)
    {
        if (!int.TryParse(flags.GetValueOrDefault("uses", "1"), out var uses) || uses < 1)
        {
            return Fail("--uses must be a positive whole number");
        }

        if (!double.TryParse(flags.GetValueOrDefault("ttl-hours", "24"), System.Globalization.CultureInfo.InvariantCulture, out var hours) || hours <= 0)
        {
            return Fail("--ttl-hours must be a positive number");
        }

        return await WithStoreAsync(options, async brain =>
        {
            var token = await brain.CreateJoinTokenAsync(uses, TimeSpan.FromHours(hours));
            Console.WriteLine(token.ToString());
        });
    }

    private static async Task<int> SetAdminPasswordAsync(BrainOptions options)
    {
        var password = ReadPassword();
        if (password is null)
        {
            return Fail("no password given; type it at the prompt, or pipe it in: printf '%s\\n' \"$PASSWORD\" | brain admin password");
        }

        if (Security.PasswordHasher.Weakness(password) is { } weakness)
        {
            return Fail($"password refused: {weakness}; nothing changed");
        }

        return await WithStoreAsync(options, async brain =>
        {
            await brain.SetAdminPasswordAsync(password);
            Console.WriteLine("The administrator password is set: 'octl login /' now works with it.");
        });
    }

    /// <summary>Runs an offline command against the store (no listening), after the same checks a start makes.</summary>
    private static async Task<int> WithStoreAsync(BrainOptions options, Func<BrainApplication, Task> command)
    {
        BrainApplication created;
        try
        {
            created = BrainApplication.Create(options, logging => logging.SetMinimumLevel(LogLevel.Warning));
        }
        catch (CertificateMaterialException ex)
        {
            return FailCertificates(ex);
        }

        await using var brain = created;
        try
        {
            await brain.PrepareStoreAsync();
        }
        catch (StoreSchemaException ex)
        {
            return Fail(ex.Message);
        }

        await command(brain);
        return 0;
    }

    // A terminal gets a prompt without echo, twice; a pipe gives one line.
    private static string? ReadPassword()
    {
        if (Console.IsInputRedirected)
        {
            return Console.In.ReadLine()?.TrimEnd('\r');
        }

        var first = Prompt("New administrator password: ");
        var second = Prompt("Again: ");
        if (first != second)
        {
            Console.Error.WriteLine("brain: the two passwords differ");
            return null;
        }

        return first.Length == 0 ? null : first;

        static string Prompt(string text)
        {
            Console.Error.Write(text);
            var typed = new System.Text.StringBuilder();
            for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
            {
                if (key.Key == ConsoleKey.Backspace)
                {
                    typed.Length = Math.Max(0, typed.Length - 1);
                }
                else if (!char.IsControl(key.KeyChar))
                {
                    typed.Append(key.KeyChar);
                }
            }

            Console.Error.WriteLine();
            return typed.ToString();
        }
    }

    // Certificates are checked before the Brain listens; the message names the file and the fix, no usage needed.
    private static int FailCertificates(CertificateMaterialException ex)
    {
        Console.Error.WriteLine($"brain: certificates: {ex.Message}");
        return 2;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"brain: {message}");
        Console.Error.WriteLine(Usage);
        return 2;
    }
}
