using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace Octopoda.Tentacle.Journal;

/// <summary>
/// The journal's only writer: operations queue on a channel and one loop applies whatever is queued in one
/// transaction, so a burst of accepts shares one fsync (group commit) instead of paying one each. Each operation
/// runs inside a savepoint, so one that fails is rolled back alone and the rest of the batch still commits. A
/// caller's task completes only after the transaction holding its operation committed (durable with
/// <c>synchronous=FULL</c>).
/// </summary>
internal sealed class JournalWriter : IAsyncDisposable
{
    // A deferred write waits at most this long for a transaction to ride along with.
    private static readonly TimeSpan DeferredFlushAfter = TimeSpan.FromMilliseconds(100);

    private readonly ConcurrentQueue<JournalOperation> _deferred = new();
    private readonly SqliteConnection _connection;
    private readonly int _maxBatch;
    private readonly Channel<JournalOperation> _queue = Channel.CreateUnbounded<JournalOperation>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;
    private long _transactions;
    private int _flushScheduled;

    public JournalWriter(SqliteConnection connection, int maxBatch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        _connection = connection;
        _maxBatch = maxBatch;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Transactions committed so far (each is one fsync of the WAL).</summary>
    public long Transactions => Interlocked.Read(ref _transactions);

    public Task<T> RunAsync<T>(Func<SqliteConnection, T> apply)
    {
        var operation = new JournalOperation<T>(apply);
        if (!_queue.Writer.TryWrite(operation))
        {
            operation.Fail(new ObjectDisposedException(nameof(TaskJournal), "The task journal is closed."));
        }

        return operation.Completion;
    }

    public Task RunAsync(Action<SqliteConnection> apply) => RunAsync(connection =>
    {
        apply(connection);
        return true;
    });

    /// <summary>
    /// A write that need not cost an fsync of its own: it is applied first in the next transaction, which some
    /// other write starts soon (a short task's result), or after <see cref="DeferredFlushAfter"/> by itself.
    /// </summary>
    public Task RunDeferred(Action<SqliteConnection> apply)
    {
        var operation = new JournalOperation<bool>(connection =>
        {
            apply(connection);
            return true;
        });
        _deferred.Enqueue(operation);
        if (Interlocked.Exchange(ref _flushScheduled, 1) == 0)
        {
            _ = FlushDeferredLaterAsync();
        }

        return operation.Completion;
    }

    /// <summary>Applies everything already queued, then closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
        await _connection.DisposeAsync();
    }

    private async Task LoopAsync()
    {
        var batch = new List<JournalOperation>();
        while (await _queue.Reader.WaitToReadAsync())
        {
            // Deferred writes first: each was queued after the writes it depends on had committed.
            while (_deferred.TryDequeue(out var deferred))
            {
                batch.Add(deferred);
            }

            while (batch.Count < _maxBatch && _queue.Reader.TryRead(out var operation))
            {
                batch.Add(operation);
            }

            ApplyBatch(batch);
            batch.Clear();
        }

        while (_deferred.TryDequeue(out var deferred))
        {
            batch.Add(deferred);
        }

        if (batch.Count > 0)
        {
            ApplyBatch(batch);
        }
    }

    private async Task FlushDeferredLaterAsync()
    {
        await Task.Delay(DeferredFlushAfter);
        Volatile.Write(ref _flushScheduled, 0);
        if (!_deferred.IsEmpty)
        {
            // An empty operation starts a transaction that carries the deferred ones. It fails only when the
            // writer is closing, which applies the deferred writes itself.
            _ = RunAsync(static _ => { }).ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
    }

    private void ApplyBatch(List<JournalOperation> batch)
    {
        try
        {
            Execute("BEGIN IMMEDIATE");
            foreach (var operation in batch)
            {
                Execute("SAVEPOINT op");
                if (operation.TryApply(_connection))
                {
                    Execute("RELEASE op");
                }
                else
                {
                    Execute("ROLLBACK TO op");
                    Execute("RELEASE op");
                }
            }

            Execute("COMMIT");
            Interlocked.Increment(ref _transactions);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The transaction itself failed (disk full, I/O error): nothing of it is durable. The loop goes on,
            // so later writes are tried (and their callers told) rather than left waiting forever.
            TryRollback();
            foreach (var operation in batch)
            {
                operation.Fail(ex);
            }

            return;
        }

        foreach (var operation in batch)
        {
            operation.Complete();
        }
    }

    private void TryRollback()
    {
        try
        {
            Execute("ROLLBACK");
        }
        catch (SqliteException)
        {
            // No transaction was open (BEGIN itself failed), or SQLite already rolled it back.
        }
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
