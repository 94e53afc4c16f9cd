using System.Diagnostics;

namespace Octopoda.Testing;

/// <summary>
/// A real file system of a few hundred KiB (a tmpfs) mounted over a directory, so a test can fill it and see what a
/// full disk does. Needs root, as <c>./test.sh</c> runs; unmounted on dispose.
/// </summary>
public sealed class SmallFileSystem : IDisposable
{
    private SmallFileSystem(string path) => Path = path;

    public string Path { get; }

    /// <summary>Mounts a tmpfs of <paramref name="kibibytes"/> KiB over <paramref name="path"/> (created if missing).</summary>
    public static SmallFileSystem Mount(string path, int kibibytes)
    {
        Directory.CreateDirectory(path);
        var (code, error) = Run("mount", "-t", "tmpfs", "-o", $"size={kibibytes}k,mode=0700", "tmpfs", path);
        if (code != 0)
        {
            throw new InvalidOperationException($"mounting a {kibibytes} KiB tmpfs on {path} failed ({error.Trim()}); this test needs root, as ./test.sh runs");
        }

        return new SmallFileSystem(path);
    }

    public void Dispose() => Run("umount", "--lazy", Path);

    private static (int Code, string Error) Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, error);
    }
}
