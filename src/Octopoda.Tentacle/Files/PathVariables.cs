using System.Text;
using Octopoda.Protocol.Files;

namespace Octopoda.Tentacle.Files;

/// <summary>
/// Resolves a target path a user gave for this node: <c>@root</c> (<c>/</c>), <c>@workspace</c>, <c>@fstore</c>,
/// <c>@log</c> and <c>@pakma</c> stand for the node's directories, alone or followed by <c>/rest</c>; a relative path
/// lies under <c>@fstore</c>; an absolute path stands. The result is normalised (<c>..</c> and <c>.</c> removed), so
/// the variables name a starting point, not a boundary: the user already owns the node.
/// </summary>
internal sealed class PathVariables
{
    /// <summary>Linux's PATH_MAX (4096) counts the terminating NUL, so a path may hold 4095 bytes.</summary>
    public const int MaxPathBytes = 4095;

    private readonly Dictionary<string, string> _directories;

    public PathVariables(TentacleOptions options)
        : this(options.WorkspacePath, options.FileStorePath, options.LogPath, options.PakmaPath)
    {
    }

    public PathVariables(string workspace, string fileStore, string log, string pakma)
    {
        _directories = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["@root"] = "/",
            ["@workspace"] = Path.GetFullPath(workspace),
            ["@fstore"] = Path.GetFullPath(fileStore),
            ["@log"] = Path.GetFullPath(log),
            ["@pakma"] = Path.GetFullPath(pakma),
        };
        Names = [.. _directories.Keys];
    }

    /// <summary>The variables, in the order they are listed in messages.</summary>
    public IReadOnlyList<string> Names { get; }

    public string FileStore => _directories["@fstore"];

    /// <summary>The directory a variable (with its <c>@</c>) stands for, or null for an unknown one.</summary>
    public string? this[string variable] => _directories.GetValueOrDefault(variable);

    public FileReceiveResult<string> Resolve(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return Invalid("no path given: name a directory, e.g. @fstore/app, @workspace or /srv/app");
        }

        if (path.Contains('\0', StringComparison.Ordinal))
        {
            return Invalid($"path '{FileErrors.Quote(path)}' contains a NUL character, which no file name can hold");
        }

        // Checked before any work: a path with more characters than bytes allowed is too long however it is encoded.
        if (path.Length > MaxPathBytes)
        {
            return TooLong(path);
        }

        string combined;
        if (path[0] == '@')
        {
            var slash = path.IndexOf('/', StringComparison.Ordinal);
            var variable = slash < 0 ? path : path[..slash];
            if (!_directories.TryGetValue(variable, out var directory))
            {
                return Invalid($"unknown path variable '{FileErrors.Quote(variable)}' in '{FileErrors.Quote(path)}': use one of {string.Join(", ", Names)}, an absolute path, or a path relative to @fstore");
            }

            // Concatenated rather than Path.Combine'd: "@workspace//etc" must stay under the workspace.
            combined = slash < 0 ? directory : directory + "/" + path[(slash + 1)..];
        }
        else
        {
            combined = Path.IsPathRooted(path) ? path : FileStore + "/" + path;
        }

        var full = Path.GetFullPath(combined);
        if (full.Length > 1)
        {
            full = Path.TrimEndingDirectorySeparator(full);
        }

        return Encoding.UTF8.GetByteCount(full) > MaxPathBytes ? TooLong(path) : FileReceiveResult<string>.Ok(full);
    }

    private static FileReceiveResult<string> Invalid(string error) => FileReceiveResult<string>.Fail(FileFailure.InvalidPath, error);

    private static FileReceiveResult<string> TooLong(string path) =>
        Invalid($"path '{FileErrors.Quote(path.Length > 64 ? path[..64] + "…" : path)}' is longer than the {MaxPathBytes} bytes a Linux path may hold: choose a shorter one");
}
