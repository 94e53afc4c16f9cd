using System.Globalization;

namespace Octopoda.Perf.CommandLine;

/// <summary><c>--name value</c> pairs after a subcommand; each flag given at most once.</summary>
internal sealed class Flags
{
    private readonly Dictionary<string, string> _values;

    private Flags(Dictionary<string, string> values) => _values = values;

    /// <summary>Parses <paramref name="args"/>; throws <see cref="UsageException"/> for anything not in <paramref name="known"/>.</summary>
    public static Flags Parse(IEnumerable<string> args, IReadOnlySet<string> known)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            var arg = e.Current;
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new UsageException($"unexpected argument '{arg}'");
            }

            var key = arg[2..];
            string? value = null;
            var equals = key.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0)
            {
                (key, value) = (key[..equals], key[(equals + 1)..]);
            }
            else if (e.MoveNext())
            {
                value = e.Current;
            }

            if (!known.Contains(key))
            {
                throw new UsageException($"unknown flag --{key}");
            }

            if (value is null)
            {
                throw new UsageException($"--{key} needs a value");
            }

            if (!values.TryAdd(key, value))
            {
                throw new UsageException($"--{key} given twice");
            }
        }

        return new Flags(values);
    }

    public string? Get(string key) => _values.GetValueOrDefault(key);

    public string Require(string key) => Get(key) ?? throw new UsageException($"--{key} is required");

    public int GetInt(string key, int fallback, int minimum)
    {
        if (Get(key) is not { } text)
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= minimum
            ? value
            : throw new UsageException($"--{key} takes a whole number of at least {minimum}; got '{text}'");
    }
}
