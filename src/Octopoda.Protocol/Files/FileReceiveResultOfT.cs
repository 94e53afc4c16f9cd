using System.Diagnostics.CodeAnalysis;

namespace Octopoda.Protocol.Files;

/// <summary>A <see cref="FileReceiveResult"/> that carries a value when it succeeds.</summary>
public sealed record FileReceiveResult<T>
{
    private FileReceiveResult(T? value, FileFailure failure, string? error)
    {
        Value = value;
        Failure = failure;
        Error = error;
    }

    public T? Value { get; }

    public FileFailure Failure { get; }

    /// <summary>What went wrong and what to do; null on success.</summary>
    public string? Error { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Failure == FileFailure.None;

    public static FileReceiveResult<T> Ok(T value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value, FileFailure.None, null);
    }

    public static FileReceiveResult<T> Fail(FileFailure failure, string error) => From(FileReceiveResult.Fail(failure, error));

    /// <summary>Carries a failed step's failure on; a successful one has no value to give, so it is a misuse.</summary>
    public static FileReceiveResult<T> From(FileReceiveResult failure)
    {
        if (failure.Succeeded)
        {
            throw new ArgumentException("only a failure can be carried on without a value", nameof(failure));
        }

        return new(default, failure.Failure, failure.Error);
    }

    /// <summary>Carries a failed step's failure on under another value type.</summary>
    public static FileReceiveResult<T> From<TOther>(FileReceiveResult<TOther> failure) => From(FileReceiveResult.From(failure));

    public override string ToString() => Succeeded ? $"succeeded: {Value}" : $"{Failure}: {Error}";
}
