namespace Octopoda.Protocol.Enrollment;

/// <summary>The rule every node name follows, so names are safe in paths, shells, certificates and URLs.</summary>
public static class NodeNames
{
    /// <summary>Longest name allowed.</summary>
    public const int MaxLength = 63;

    /// <summary>What a valid name looks like, for error messages.</summary>
    public const string Rule = "1-63 characters: letters, digits, '.', '_' or '-', starting with a letter or digit";

    /// <summary>True when <paramref name="name"/> is a valid node name.</summary>
    public static bool IsValid(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength || !char.IsAsciiLetterOrDigit(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
