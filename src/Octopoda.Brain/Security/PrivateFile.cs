namespace Octopoda.Brain.Security;

/// <summary>Writes files only the Brain's user may read (keys, tokens): created with mode 0600, never readable for a moment.</summary>
internal static class PrivateFile
{
    public static void Write(string path, string content)
    {
        using var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
        using var writer = new StreamWriter(stream);
        writer.Write(content);
    }
}
