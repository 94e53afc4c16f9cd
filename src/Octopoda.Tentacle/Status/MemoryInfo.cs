namespace Octopoda.Tentacle.Status;

/// <summary>Memory figures from <c>/proc/meminfo</c>, in bytes; all zero when unknown.</summary>
internal readonly record struct MemoryInfo(long TotalBytes, long AvailableBytes)
{
    /// <summary>Memory in use: total minus what the kernel says could be given to a new program.</summary>
    public long UsedBytes => Math.Max(0, TotalBytes - AvailableBytes);
}
