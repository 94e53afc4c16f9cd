namespace Octopoda.Brain.Store;

/// <summary>The one row saying which schema the store has (see <see cref="StoreSetup.SchemaVersion"/>).</summary>
internal sealed class SchemaInfoRecord
{
    public int Id { get; set; }

    public int Version { get; set; }
}
