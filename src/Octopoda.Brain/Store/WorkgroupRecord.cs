namespace Octopoda.Brain.Store;

/// <summary>A workgroup below the root (the root <c>/</c> holds every node implicitly; its record exists only to hold the administrator password and an allow-list). With a password it is an account.</summary>
internal sealed class WorkgroupRecord
{
    /// <summary>The canonical path (<see cref="Protocol.Workgroups.WorkgroupPath"/>).</summary>
    public required string Path { get; set; }

    /// <summary><see cref="Security.PasswordHasher"/>'s stored form; null for a group that is not an account.</summary>
    public string? PasswordHash { get; set; }

    /// <summary>The group's command allow-list, one pattern per line; null for none.</summary>
    public string? AllowPatterns { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
