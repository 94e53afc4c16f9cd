using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Octopoda.Brain.Store;

/// <summary>Configures the store's provider and creates its schema.</summary>
internal static class StoreSetup
{
    private static readonly SqliteConnectionSettings BusyTimeout = new();

    /// <summary>Applies the provider choice to a context's options.</summary>
    public static void Configure(DbContextOptionsBuilder builder, StoreOptions store, string dataDirectory)
    {
        if (store.IsPostgres)
        {
            if (string.IsNullOrWhiteSpace(store.ConnectionString))
            {
                throw new InvalidOperationException("store.connectionString is required when store.provider is postgres.");
            }

            builder.UseNpgsql(store.ConnectionString);
        }
        else
        {
            builder.UseSqlite(SqliteConnectionString(store, dataDirectory)).AddInterceptors(BusyTimeout);
        }
    }

    /// <summary>
    /// Creates the schema when the store is new. Later schema changes will add migrations (docs/ARCHITECTURE.md);
    /// until then the model is created whole.
    /// </summary>
    public static async Task InitializeAsync(BrainDbContext db, CancellationToken cancellationToken)
    {
        if (db.Database.IsSqlite())
        {
            // WAL (persistent, set once) lets API reads run beside the writer; with it, synchronous=NORMAL (set per
            // connection by SqliteConnectionSettings) keeps every committed transaction across a process crash
            // (kill -9) and only risks the last ones on power loss.
            await db.Database.OpenConnectionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        await db.Database.EnsureCreatedAsync(cancellationToken);
    }

    private static string SqliteConnectionString(StoreOptions store, string dataDirectory)
    {
        if (!string.IsNullOrWhiteSpace(store.ConnectionString))
        {
            return store.ConnectionString;
        }

        return new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataDirectory, "brain.db"),
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }
}
