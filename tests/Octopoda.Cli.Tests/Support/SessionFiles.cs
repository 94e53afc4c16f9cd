using System.Globalization;

namespace Octopoda.Cli.Tests.Support;

/// <summary>Login session files as octl keeps them, for tests to set up and inspect.</summary>
internal static class SessionFiles
{
    /// <summary>Where the session lives when no config file is found: <c>~/.config/octopoda/octl.session.yaml</c> under the runner's home.</summary>
    public static string HomePath(OctlRunner runner) => Path.Combine(runner.Directory.Path, "home", ".config", "octopoda", "octl.session.yaml");

    /// <summary>Writes a session file at <see cref="HomePath"/> (or <paramref name="path"/>) and returns its path.</summary>
    public static string Write(
        OctlRunner runner, string? token = "tok-room1", string? tokenId = "tk1", string? account = "/room1", string? current = "/room1",
        DateTimeOffset? expiresAt = null, string? path = null)
    {
        path ??= HomePath(runner);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var lines = new List<string>();
        void Add(string key, string? value)
        {
            if (value is not null)
            {
                lines.Add($"{key}: {value}");
            }
        }

        Add("token", token);
        Add("tokenId", tokenId);
        Add("account", account);
        Add("path", current);
        Add("expiresAt", (expiresAt ?? DateTimeOffset.UtcNow.AddHours(1)).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        File.WriteAllText(path, string.Join('\n', lines) + "\n");
        return path;
    }

    /// <summary>The session's keys and values, read as plain <c>key: value</c> lines (comments skipped).</summary>
    public static Dictionary<string, string> Read(string path) =>
        File.ReadAllLines(path)
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split(':', 2))
            .ToDictionary(parts => parts[0].Trim(), parts => parts[1].Trim().Trim('\'', '"'), StringComparer.Ordinal);
}
