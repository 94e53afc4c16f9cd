namespace Octopoda.Brain.Store;

/// <summary>A workgroup below the root (the root <c>/</c> is implicit and holds every node). With a password it is an account.</summary>
internal sealed class WorkgroupRecord
{
    /// <summary>The canonical path (<see cref="Protocol.Workgroups.WorkgroupPath"/>).</summary>
    public required string Path { get; set; }

    /// <summary><see cref="Security.PasswordHasher"/>'s stored form; null for a group that is not an account.</summary>
    public string? PasswordHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
