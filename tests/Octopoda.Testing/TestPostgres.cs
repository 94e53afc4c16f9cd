using Npgsql;

namespace Octopoda.Testing;

/// <summary>
/// The PostgreSQL server the storage tests run against, given by <c>OCTOPODA_TEST_POSTGRES</c> (an Npgsql
/// connection string to a database the user may create databases from). <c>./test.sh</c> installs and starts
/// Debian's PostgreSQL and sets it; without it these tests fail and say how to fix that.
/// </summary>
public static class TestPostgres
{
    public const string Variable = "OCTOPODA_TEST_POSTGRES";

    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable(Variable)
        ?? throw new InvalidOperationException($"{Variable} is not set: run the tests through ./test.sh, which installs and starts PostgreSQL, or set it to an Npgsql connection string.");

    /// <summary>Creates a new empty database and returns its connection string; drop it with <see cref="DropDatabaseAsync"/>.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var name = $"octopoda_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, Pooling = false }.ToString();
    }

    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
