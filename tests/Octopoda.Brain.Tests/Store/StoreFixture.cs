using Octopoda.Testing;

namespace Octopoda.Brain.Tests.Store;

/// <summary>Configures a Brain for one provider; a PostgreSQL database is created per use and dropped after.</summary>
internal sealed class StoreFixture : IAsyncDisposable
{
    private string? _postgres;

    public async Task<Action<BrainOptions>> ConfigureAsync(StoreProvider provider)
    {
        if (provider == StoreProvider.Sqlite)
        {
            return _ => { };
        }

        _postgres = await TestPostgres.CreateDatabaseAsync();
        var connection = _postgres;
        return options =>
        {
            options.Store.Provider = "postgres";
            options.Store.ConnectionString = connection;
        };
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            await TestPostgres.DropDatabaseAsync(_postgres);
        }
    }
}
