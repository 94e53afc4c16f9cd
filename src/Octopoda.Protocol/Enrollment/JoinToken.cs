using System.Diagnostics.CodeAnalysis;

namespace Octopoda.Protocol.Enrollment;

/// <summary>
/// A join token: <c>oct1.&lt;secret&gt;.&lt;ca-fingerprint&gt;</c>. The secret authorises one enrolment (or as many
/// as the token allows); the fingerprint is the SHA-256 of the Brain's CA certificate, which the Tentacle pins
/// before it sends the secret anywhere.
/// </summary>
public sealed record JoinToken(string Secret, string CaFingerprint)
{
    private const string Prefix = "oct1";

    /// <summary>The token's text form.</summary>
    public override string ToString() => $"{Prefix}.{Secret}.{CaFingerprint}";

    /// <summary>Parses a token; <paramref name="error"/> says what is wrong with a bad one.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out JoinToken? token, [NotNullWhen(false)] out string? error)
    {
        token = null;
        var parts = (text ?? "").Trim().Split('.');
        if (parts.Length != 3 || parts[0] != Prefix)
        {
            error = "a join token looks like 'oct1.<secret>.<ca-fingerprint>'; create one with 'brain token create'";
            return false;
        }

        if (parts[1].Length < 16 || !parts[1].All(IsBase64UrlChar))
        {
            error = "the join token's secret part is malformed";
            return false;
        }

        if (parts[2].Length != 64 || !parts[2].All(char.IsAsciiHexDigitLower))
        {
            error = "the join token's CA fingerprint must be 64 lower-case hex digits (SHA-256)";
            return false;
        }

        token = new JoinToken(parts[1], parts[2]);
        error = null;
        return true;
    }

    private static bool IsBase64UrlChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_';
}
