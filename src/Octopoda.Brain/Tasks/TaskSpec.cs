namespace Octopoda.Brain.Tasks;

/// <summary>What to run, and how, for every node of a submission. Features build one and hand it to the <see cref="TaskSubmitter"/>.</summary>
internal sealed record TaskSpec(string Kind, string PayloadJson, string Description)
{
    /// <summary>Default largest start error of a time-aligned run, in ms.</summary>
    public const double DefaultAlignToleranceMs = 50;

    /// <summary>How long a task may wait for its node; 0 = only nodes connected now, reported at once otherwise.</summary>
    public int TtlSeconds { get; init; }

    public bool Parallel { get; init; }

    public long? DelayMs { get; init; }

    public bool TimeAligned { get; init; }

    public double AlignToleranceMs { get; init; } = DefaultAlignToleranceMs;

    public string? ScheduleId { get; init; }

    public string? SubmittedBy { get; init; }

    /// <summary>The batch id to use instead of a new one (a file transfer's id is its batch's, chosen before its stream is stored).</summary>
    public string? BatchId { get; init; }

    /// <summary>A one-line description cut to the stored length.</summary>
    public static string Describe(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length > 200 ? line[..199] + "…" : line;
    }
}
