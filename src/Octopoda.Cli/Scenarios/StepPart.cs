using Octopoda.Protocol.Api;

namespace Octopoda.Cli.Scenarios;

/// <summary>One batch of a step: what submits it, for which application (null for one spanning the scenario), and its name if it must be cancelled.</summary>
internal sealed record StepPart(string? App, string Label, Func<ApplyProgress.Tracker, CancellationToken, Task<RunSubmission>> Submit);
