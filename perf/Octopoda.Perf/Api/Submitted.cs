using Octopoda.Protocol.Api;

namespace Octopoda.Perf.Api;

/// <summary>One POST of a run: the Brain's answer when it was 202, else why not, and how long the call took.</summary>
internal sealed record Submitted(RunSubmission? Submission, TimeSpan Elapsed, string? Error)
{
    public bool Accepted => Submission is not null;
}
