namespace Octopoda.Brain.Store;

/// <summary>A scenario as its last apply declared it. Its applications are <see cref="ScenarioAppRecord"/>s.</summary>
internal sealed class ScenarioRecord
{
    public required string Name { get; set; }

    public required string Description { get; set; }

    /// <summary>Who declared it first.</summary>
    public string? CreatedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
