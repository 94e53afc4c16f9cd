namespace Octopoda.Protocol.Files;

/// <summary>
/// Transfer ids are 128-bit random values in lower-case hex, like task ids. They become parts of file names (the
/// spool, the staging directory, set-aside entries), so anything else is refused before it reaches a path.
/// </summary>
public static class TransferIds
{
    public const string Rule = "a transfer id is 32 lower-case hexadecimal characters";

    public static bool IsValid(string? id) => FileChunk.IsValidTransferId(id);

    public static FileReceiveResult Check(string? id) =>
        IsValid(id) ? FileReceiveResult.Success : FileReceiveResult.Fail(FileFailure.InvalidTransfer, $"transfer id '{FileErrors.Quote(id ?? "")}' is malformed: {Rule}");
}
