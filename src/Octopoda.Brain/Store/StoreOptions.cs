namespace Octopoda.Brain.Store;

/// <summary>Where the Brain keeps its state: an SQLite file in the data directory, or a PostgreSQL database.</summary>
internal sealed class StoreOptions
{
    /// <summary><c>sqlite</c> (default) or <c>postgres</c>.</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>For PostgreSQL, an Npgsql connection string; for SQLite, optional (defaults to <c>&lt;dataDir&gt;/brain.db</c>).</summary>
    public string? ConnectionString { get; set; }

    public bool IsPostgres => string.Equals(Provider, "postgres", StringComparison.OrdinalIgnoreCase)
        || string.Equals(Provider, "postgresql", StringComparison.OrdinalIgnoreCase);
}
