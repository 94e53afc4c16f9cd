namespace Octopoda.Protocol.Files;

/// <summary>
/// Why receiving or placing a file failed, so the caller can choose what happens next: a <see cref="BadChunk"/> is
/// sent again, an <see cref="OutOfOrder"/> or <see cref="Incomplete"/> transfer resumes from the spool's length, and
/// everything else fails that node's transfer with the message.
/// </summary>
public enum FileFailure
{
    /// <summary>Not a failure.</summary>
    None,

    /// <summary>A target path the user gave is unusable (unknown variable, NUL, too long, empty).</summary>
    InvalidPath,

    /// <summary>The transfer itself is malformed (its id, a negative offset or size).</summary>
    InvalidTransfer,

    /// <summary>A chunk failed its SHA-256 check or is too large; nothing was written.</summary>
    BadChunk,

    /// <summary>A chunk starts beyond the resume point; nothing was written.</summary>
    OutOfOrder,

    /// <summary>The spool holds fewer bytes than the transfer's total.</summary>
    Incomplete,

    /// <summary>The whole stream's length or SHA-256 does not match, or the archive cannot be read.</summary>
    Corrupt,

    /// <summary>An archive entry would land outside the target or is of a kind that is not accepted.</summary>
    UnsafeArchive,

    /// <summary>The archive has more entries, or more bytes, than allowed.</summary>
    TooLarge,

    /// <summary>The target directory does not exist and creating it was not asked for.</summary>
    TargetMissing,

    /// <summary>The target path exists but is not a directory.</summary>
    TargetNotDirectory,

    /// <summary>No space (or quota) left on the device.</summary>
    DiskFull,

    /// <summary>Any other file-system error.</summary>
    Io,
}
