using Microsoft.Data.Sqlite;

namespace Octopoda.Tentacle.Journal;

/// <summary>A journal operation producing a value.</summary>
internal sealed class JournalOperation<T>(Func<SqliteConnection, T> apply) : JournalOperation
{
    // Continuations run on the pool, never on the writer's loop: a caller must not delay the next batch.
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? _value;
    private Exception? _failure;

    public Task<T> Completion => _completion.Task;

    public override bool TryApply(SqliteConnection connection)
    {
        try
        {
            _value = apply(connection);
            return true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _failure = ex;
            return false;
        }
    }

    public override void Complete()
    {
        if (_failure is null)
        {
            _completion.TrySetResult(_value!);
        }
        else
        {
            _completion.TrySetException(_failure);
        }
    }

    public override void Fail(Exception exception) => _completion.TrySetException(exception);
}
