using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Octopoda.Cli;

/// <summary>
/// Durations as flags take them: <c>90</c> (seconds), <c>90s</c>, <c>5m</c>, <c>2h</c>, <c>1d</c>, or units combined
/// largest first, <c>1h30m</c>. Whole seconds only: the API counts in seconds.
/// </summary>
internal static class Durations
{
    /// <summary>The accepted forms, for help and error messages.</summary>
    public const string Forms = "90, 90s, 5m, 2h, 1d or 1h30m";

    private static readonly (char Unit, long Seconds)[] Units = [('d', 86_400), ('h', 3_600), ('m', 60), ('s', 1)];

    /// <summary>Parses <paramref name="text"/> into whole seconds; false when it is not a duration or does not fit an int.</summary>
    public static bool TryParseSeconds(string? text, out int seconds)
    {
        seconds = 0;
        var value = text?.Trim().ToLowerInvariant() ?? "";
        if (value.Length == 0)
        {
            return false;
        }

        if (value.All(char.IsAsciiDigit))
        {
            return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out seconds);
        }

        long total = 0;
        var position = 0;
        var nextUnit = 0;
        while (position < value.Length)
        {
            var start = position;
            while (position < value.Length && char.IsAsciiDigit(value[position]))
            {
                position++;
            }

            // Each part is digits then a unit; units come largest first and at most once ("1h30m", not "30m1h").
            if (position == start || position == value.Length
                || !long.TryParse(value.AsSpan(start, position - start), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
            {
                return false;
            }

            var unit = Array.FindIndex(Units, nextUnit, u => u.Unit == value[position]);
            if (unit < 0 || amount > int.MaxValue)
            {
                return false;
            }

            total += amount * Units[unit].Seconds;
            nextUnit = unit + 1;
            position++;
        }

        if (total > int.MaxValue)
        {
            return false;
        }

        seconds = (int)total;
        return true;
    }

    /// <summary>
    /// An option taking a duration of at least <paramref name="minimumSeconds"/>; a value that does not parse is a
    /// usage error naming the flag and the forms, found before anything is sent.
    /// </summary>
    public static Option<int?> Option(string name, string alias, string description, int minimumSeconds)
    {
        var option = alias.Length == 0 ? new Option<int?>(name) : new Option<int?>(name, alias);
        option.Description = description;
        option.HelpName = "duration";
        option.CustomParser = result => Parse(result, name, minimumSeconds);
        return option;
    }

    /// <summary>Seconds as a duration flag would accept them back: <c>90s</c>, <c>5m</c>, <c>1h30m</c>.</summary>
    public static string Format(int seconds)
    {
        if (seconds == 0)
        {
            return "0s";
        }

        var parts = new List<string>();
        long rest = seconds;
        foreach (var (unit, size) in Units)
        {
            if (rest >= size)
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"{rest / size}{unit}"));
                rest %= size;
            }
        }

        return string.Concat(parts);
    }

    private static int? Parse(ArgumentResult result, string name, int minimumSeconds)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (TryParseSeconds(text, out var seconds) && seconds >= minimumSeconds)
        {
            return seconds;
        }

        result.AddError($"{name} takes a duration such as {Forms} (at least {Format(minimumSeconds)}); got '{text}'");
        return null;
    }
}
