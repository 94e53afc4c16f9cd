namespace Octopoda.Tentacle.Status;

/// <summary>Size and use of one file system, in bytes; all zero when unknown.</summary>
internal readonly record struct DiskUsage(long TotalBytes, long UsedBytes)
{
    /// <summary>
    /// Reads the file system mounted at <paramref name="mountPoint"/> (statvfs underneath <see cref="DriveInfo"/>).
    /// Used is total minus free-including-root's-reserve (f_blocks − f_bfree), the figure <c>df</c> prints as
    /// "Used"; it does not count the blocks ext4 reserves for root (5 % by default) as used, so used plus what an
    /// ordinary user can still write is less than total.
    /// </summary>
    public static DiskUsage Read(string mountPoint, out string? problem)
    {
        try
        {
            var drive = new DriveInfo(mountPoint);
            var total = drive.TotalSize;
            var free = drive.TotalFreeSpace;
            problem = null;
            return new DiskUsage(total, Math.Clamp(total - free, 0, total));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            problem = e.Message;
            return default;
        }
    }
}
