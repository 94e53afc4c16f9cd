namespace Octopoda.Cli.Tests.Files;

/// <summary>Tests that measure the process's memory, so run alone: other tests' allocations would blur the measure.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasuringCollection
{
    public const string Name = "memory measuring";
}
