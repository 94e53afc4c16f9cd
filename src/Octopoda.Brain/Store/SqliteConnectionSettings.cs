using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Octopoda.Brain.Store;

/// <summary>
/// Per-connection SQLite settings, applied on every open (pooled connections do not inherit them).
/// <c>synchronous = NORMAL</c>: with WAL, commits survive a process crash without an fsync each (see StoreSetup).
/// <c>busy_timeout</c>: SQLite's own busy handler. Without it, Microsoft.Data.Sqlite answers a locked
/// database by sleeping 150 ms and retrying, which turned every concurrent write (a fan-out's dispatch marks)
/// into steps of 150 ms; SQLite's handler waits in steps of 1–100 ms instead. 5 s bounds the wait.
/// </summary>
internal sealed class SqliteConnectionSettings : DbConnectionInterceptor
{
    private const string Pragma = "PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
