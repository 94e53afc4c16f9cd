using System.Runtime.InteropServices;

namespace Octopoda.Tentacle.NodeApps;

/// <summary>Puts written bytes on disk: one file (<c>fsync</c>) or a whole file system at once (<c>syncfs</c>).</summary>
internal static class Durability
{
    /// <summary>Flushes one file's data and metadata to disk.</summary>
    public static void Fsync(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Flushes every file of the file system holding <paramref name="path"/>; false when this system cannot.</summary>
    public static bool TrySyncFileSystemOf(string path)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
        try
        {
            if (syncfs((int)handle.DangerousGetHandle()) == 0)
            {
                return true;
            }

            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"syncfs failed for '{path}': {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
#pragma warning disable SYSLIB1054 // LibraryImport would need AllowUnsafeBlocks for one int-only call.
    private static extern int syncfs(int fd);
#pragma warning restore SYSLIB1054
}
