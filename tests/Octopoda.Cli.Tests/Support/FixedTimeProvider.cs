namespace Octopoda.Cli.Tests.Support;

/// <summary>A clock stopped at one instant, for output that shows ages.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
