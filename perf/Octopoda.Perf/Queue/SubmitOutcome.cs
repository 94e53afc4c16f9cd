using Octopoda.Perf.Bench;

namespace Octopoda.Perf.Queue;

/// <summary>How the submitting side went: POSTs made and answered 202, tasks stored, and when the last answer came.</summary>
internal sealed record SubmitOutcome(int Posts, long Tasks, int FailedPosts, string? FirstError, TimeSpan LastAnswerAt, Percentiles PostMs);
