namespace Octopoda.Protocol.Api;

/// <summary>A repeating run: the same command submitted to the same targets every interval until it ends.</summary>
public sealed record ScheduleView
{
    /// <summary>The schedule's id.</summary>
    public required string Id { get; init; }

    /// <summary>What it runs, in one line.</summary>
    public required string Description { get; init; }

    /// <summary>The target expressions, resolved again at every run.</summary>
    public required IReadOnlyList<string> Targets { get; init; }

    /// <summary>Seconds between runs.</summary>
    public required int EverySeconds { get; init; }

    /// <summary>When it was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>After this instant no more runs start.</summary>
    public required DateTimeOffset Until { get; init; }

    /// <summary>When the next run starts; null when the schedule has ended.</summary>
    public DateTimeOffset? NextRunAt { get; init; }

    /// <summary>Runs started so far.</summary>
    public int Runs { get; init; }

    /// <summary>The batch of the latest run.</summary>
    public string? LastBatchId { get; init; }

    /// <summary>Who created it.</summary>
    public string? CreatedBy { get; init; }

    /// <summary>True once it ended (its time is up, or it was stopped).</summary>
    public bool Ended { get; init; }
}
