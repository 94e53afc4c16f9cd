using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Octopoda.Brain.Store;

/// <summary>Configures the store's provider and creates its schema.</summary>
internal static class StoreSetup
{
    /// <summary>
    /// The schema this build creates and expects. Bump it with every model change. Until the first release there
    /// are no migrations: a store of another version is refused with instructions (docs/ARCHITECTURE.md, Store).
    /// </summary>
    public const int SchemaVersion = 6;

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
    /// Creates the schema when the store is new and checks its version when it is not. Before the first release
    /// the model is created whole; a store made by another development build is refused with what to do.
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

        if (await db.Database.EnsureCreatedAsync(cancellationToken))
        {
            db.SchemaInfo.Add(new SchemaInfoRecord { Id = 1, Version = SchemaVersion });
            await db.SaveChangesAsync(cancellationToken);
            return;
        }

        int? found;
        try
        {
            found = await db.SchemaInfo.AsNoTracking().Where(i => i.Id == 1).Select(i => (int?)i.Version).FirstOrDefaultAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException)
        {
            found = 1;
        }

        if (found != SchemaVersion)
        {
            throw new StoreSchemaException(
                $"The store was created by another development build (schema {found?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}; this build uses " +
                $"{SchemaVersion.ToString(CultureInfo.InvariantCulture)}). Until the first release there are no migrations: move the store aside " +
                "(the brain.db files in the data directory, or the PostgreSQL database) and start again; Tentacles then need a new join token.");
        }
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
