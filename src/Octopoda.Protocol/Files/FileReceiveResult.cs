using System.Diagnostics.CodeAnalysis;

namespace Octopoda.Protocol.Files;

/// <summary>
/// The outcome of one step of receiving or placing a file. Failures a user or a peer can cause are values, not
/// exceptions (STYLE.md: expected failures on hot paths), and their <see cref="Error"/> says what to do about them.
/// </summary>
public sealed record FileReceiveResult
{
    private FileReceiveResult(FileFailure failure, string? error)
    {
        Failure = failure;
        Error = error;
    }

    public static FileReceiveResult Success { get; } = new(FileFailure.None, null);

    public FileFailure Failure { get; }

    /// <summary>What went wrong and what to do; null on success.</summary>
    public string? Error { get; }

    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Failure == FileFailure.None;

    public static FileReceiveResult Fail(FileFailure failure, string error)
    {
        ArgumentOutOfRangeException.ThrowIfEqual(failure, FileFailure.None);
        ArgumentException.ThrowIfNullOrEmpty(error);
        return new(failure, error);
    }

    /// <summary>The failure of a step that produces a value, without its type.</summary>
    public static FileReceiveResult From<T>(FileReceiveResult<T> result) =>
        result.Succeeded ? Success : new(result.Failure, result.Error);

    public override string ToString() => Succeeded ? "succeeded" : $"{Failure}: {Error}";
}
