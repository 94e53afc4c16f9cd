using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Octopoda.Tentacle.NodeApps;

/// <summary>
/// <c>lstat</c> through <c>statx(2)</c>: .NET exposes neither the file type beyond directory and link (a fifo would
/// block the reader that opens it) nor the change time and inode that make the <see cref="StatCache"/> safe. statx's
/// buffer has one layout on every architecture, unlike <c>struct stat</c>. Where it is missing (glibc before 2.28)
/// the .NET view is used: files, directories and links only, and nothing cacheable.
/// </summary>
internal static class UnixStat
{
    /// <summary>Permission bits only: setuid, setgid and sticky are never kept.</summary>
    public const int PermissionBits = 0x1FF;

    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxBasicStats = 0x7FF;
    private const int BufferSize = 256;
    private const int ENoEnt = 2;
    private const int ENotDir = 20;
    private const int ENoSys = 38;
    private const int TypeMask = 0xF000;
    private const int TypeRegular = 0x8000;
    private const int TypeDirectory = 0x4000;
    private const int TypeLink = 0xA000;

    private static volatile bool _statxMissing;

    /// <summary>The entry at <paramref name="path"/>, not following a final link; null when nothing is there.</summary>
    public static EntryStat? Lstat(string path)
    {
        if (!_statxMissing)
        {
            try
            {
                var buffer = new byte[BufferSize];
                if (statx(AtFdCwd, path, AtSymlinkNoFollow, StatxBasicStats, buffer) == 0)
                {
                    return Parse(buffer);
                }

                var errno = Marshal.GetLastPInvokeError();
                if (errno is ENoEnt or ENotDir)
                {
                    return null;
                }

                if (errno != ENoSys)
                {
                    throw new IOException($"cannot stat '{path}': {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
                }
            }
            catch (EntryPointNotFoundException)
            {
            }

            _statxMissing = true;
        }

        return FromFileSystemInfo(path);
    }

    private static EntryStat Parse(ReadOnlySpan<byte> buffer)
    {
        // struct statx: stx_mode u16 at 28, stx_ino u64 at 32, stx_size u64 at 40, stx_ctime at 96, stx_mtime at 112
        // (each timestamp: i64 seconds then u32 nanoseconds).
        var mode = BinaryPrimitives.ReadUInt16LittleEndian(buffer[28..]);
        EntryKind? kind = (mode & TypeMask) switch
        {
            TypeRegular => EntryKind.File,
            TypeDirectory => EntryKind.Directory,
            TypeLink => EntryKind.Link,
            _ => null,
        };
        return new EntryStat(
            kind,
            mode & PermissionBits,
            (long)BinaryPrimitives.ReadUInt64LittleEndian(buffer[40..]),
            Nanoseconds(buffer[112..]),
            Nanoseconds(buffer[96..]),
            BinaryPrimitives.ReadUInt64LittleEndian(buffer[32..]),
            Exact: true);
    }

    private static long Nanoseconds(ReadOnlySpan<byte> timestamp) =>
        (BinaryPrimitives.ReadInt64LittleEndian(timestamp) * 1_000_000_000) + BinaryPrimitives.ReadUInt32LittleEndian(timestamp[8..]);

    private static EntryStat? FromFileSystemInfo(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists && !Directory.Exists(path) && info.LinkTarget is null)
        {
            return null;
        }

        var kind = info.Attributes.HasFlag(FileAttributes.ReparsePoint)
            ? EntryKind.Link
            : info.Attributes.HasFlag(FileAttributes.Directory) ? EntryKind.Directory : EntryKind.File;
        var size = kind == EntryKind.File ? info.Length : 0;
        return new EntryStat(kind, (int)info.UnixFileMode & PermissionBits, size, info.LastWriteTimeUtc.Ticks * 100, 0, 0, Exact: false);
    }

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
#pragma warning disable SYSLIB1054 // LibraryImport would need AllowUnsafeBlocks for one call with a byte buffer.
    private static extern int statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, [Out] byte[] buffer);
#pragma warning restore SYSLIB1054
}
