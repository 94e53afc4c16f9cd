namespace Octopoda.Brain.Store;

/// <summary>
/// A repeating run (<c>--every … --for …</c>). Each run is an ordinary batch of tasks tagged with the schedule's id;
/// the run and the schedule's advance are committed together, so a Brain restart neither skips nor repeats one.
/// </summary>
internal sealed class ScheduleRecord
{
    public required string Id { get; set; }

    public required string Kind { get; set; }

    /// <summary>The payload sent with every run, as JSON.</summary>
    public required string Payload { get; set; }

    public required string Description { get; set; }

    /// <summary>The target expressions as JSON; resolved again at every run, so new members of <c>@all</c> join.</summary>
    public required string TargetsJson { get; set; }

    public int EverySeconds { get; set; }

    public int TtlSeconds { get; set; }

    public bool Parallel { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset Until { get; set; }

    public DateTimeOffset? NextRunAt { get; set; }

    public int Runs { get; set; }

    public string? LastBatchId { get; set; }

    public string? CreatedBy { get; set; }

    /// <summary>The account that created it; every run resolves its targets in this account's scope.</summary>
    public required string Account { get; set; }

    /// <summary>The current path it was created from, against which <c>ALL</c> and <c>@group</c> resolve at every run.</summary>
    public required string Path { get; set; }

    public bool Ended { get; set; }
}
