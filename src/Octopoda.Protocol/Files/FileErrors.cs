using System.Text;

namespace Octopoda.Protocol.Files;

/// <summary>Turns file-system exceptions into <see cref="FileReceiveResult"/> failures, and names into printable text.</summary>
public static class FileErrors
{
    // Linux errno values: .NET reports an unmapped errno as the IOException's HResult.
    private const int Enospc = 28;
    private const int Edquot = 122;

    public static bool IsDiskFull(IOException exception) => exception.HResult is Enospc or Edquot;

    /// <summary>A failure for an exception raised while <paramref name="doing"/> (e.g. "writing /srv/x").</summary>
    public static FileReceiveResult From(Exception exception, string doing)
    {
        if (exception is IOException io && IsDiskFull(io))
        {
            return FileReceiveResult.Fail(FileFailure.DiskFull, $"{doing} failed: no space left on the device ({exception.Message}); free space on this node and send the file again");
        }

        var hint = exception is UnauthorizedAccessException
            ? "check that the Tentacle's user may write there"
            : "check the path and the file system on this node";
        return FileReceiveResult.Fail(FileFailure.Io, $"{doing} failed: {exception.Message}; {hint}");
    }

    /// <summary>A name as it can be shown on one line: control characters (newlines, NUL) escaped.</summary>
    public static string Quote(string name)
    {
        if (!name.Any(char.IsControl))
        {
            return name;
        }

        var text = new StringBuilder(name.Length + 8);
        foreach (var c in name)
        {
            _ = c switch
            {
                '\n' => text.Append("\\n"),
                '\r' => text.Append("\\r"),
                '\t' => text.Append("\\t"),
                '\0' => text.Append("\\0"),
                _ when char.IsControl(c) => text.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => text.Append(c),
            };
        }

        return text.ToString();
    }
}
