using System.CommandLine;
using Octopoda.Protocol.Scenarios;

namespace Octopoda.Cli.Scenarios;

/// <summary>
/// Version hashes as octl shows and takes them: tables show the first 12 hex digits; a reset takes a prefix of at
/// least <see cref="MessageRequest.MinPrefix"/> (the Brain refuses an unknown one with 404 and an ambiguous one with 409).
/// </summary>
internal static class VersionHashes
{
    /// <summary>Hex digits shown in tables: enough to be unique in practice and to paste back into a reset.</summary>
    public const int ShortLength = 12;

    /// <summary>The longest message the Brain records (<see cref="MessageRequest.Message"/>).</summary>
    public const int MaxMessageChars = 1000;

    /// <summary>A whole hash's length (SHA-256, hex).</summary>
    private const int FullLength = 64;

    /// <summary>The first <see cref="ShortLength"/> digits of <paramref name="hash"/>; "-" for none.</summary>
    public static string Short(string? hash) =>
        string.IsNullOrEmpty(hash) ? "-" : hash.Length <= ShortLength ? hash : hash[..ShortLength];

    /// <summary>The <c>-v|--version</c> option of the resets: a required hash prefix, checked before anything is sent.</summary>
    public static Option<string> PrefixOption()
    {
        var option = new Option<string>("--version", "-v")
        {
            Description = $"The version to restore: its hash or a unique prefix of it (at least {MessageRequest.MinPrefix} hex digits)",
            HelpName = "hash",
            Required = true,
        };
        option.Validators.Add(result =>
        {
            if (CheckPrefix(result.GetValueOrDefault<string>()) is { } problem)
            {
                result.AddError(problem);
            }
        });
        return option;
    }

    /// <summary>The required <c>-m|--message</c> option of the resets.</summary>
    public static Option<string> MessageOption(string what)
    {
        var option = new Option<string>("--message", "-m")
        {
            Description = $"Why: recorded with {what}",
            HelpName = "text",
            Required = true,
        };
        option.Validators.Add(result =>
        {
            if (CheckMessage(result.GetValueOrDefault<string>()) is { } problem)
            {
                result.AddError(problem);
            }
        });
        return option;
    }

    /// <summary>Why <paramref name="message"/> cannot be recorded with a version, or null.</summary>
    public static string? CheckMessage(string? message) => message switch
    {
        null or { Length: 0 } => "--message must not be empty: say why, it is recorded with the version",
        { Length: > MaxMessageChars } => $"--message is {message.Length} characters; a version's message holds at most {MaxMessageChars}",
        _ when string.IsNullOrWhiteSpace(message) => "--message must not be empty: say why, it is recorded with the version",
        _ => null,
    };

    /// <summary>Why <paramref name="prefix"/> cannot name a version, or null.</summary>
    public static string? CheckPrefix(string? prefix)
    {
        var text = prefix?.Trim() ?? "";
        if (text.Length < MessageRequest.MinPrefix)
        {
            return $"'{text}' is too short for a version: give at least {MessageRequest.MinPrefix} hex digits of its hash ('octl scen version' shows them)";
        }

        return text.Length <= FullLength && text.All(char.IsAsciiHexDigit)
            ? null
            : $"'{text}' is not a version hash or a prefix of one: hashes are {FullLength} hex digits";
    }

    /// <summary>A checked prefix as the Brain compares it: trimmed, lower case.</summary>
    public static string Normalize(string prefix) => prefix.Trim().ToLowerInvariant();
}
