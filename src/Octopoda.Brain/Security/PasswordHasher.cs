using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Octopoda.Brain.Security;

/// <summary>
/// Account passwords at rest: PBKDF2-SHA256 from the BCL with a per-password random salt. The stored form names
/// its algorithm and iteration count (<c>pbkdf2-sha256$&lt;iterations&gt;$&lt;salt&gt;$&lt;hash&gt;</c>, base64), so the
/// count can be raised later without invalidating existing passwords.
/// </summary>
internal static class PasswordHasher
{
    /// <summary>Shortest password accepted.</summary>
    public const int MinLength = 8;

    /// <summary>Longest password accepted (PBKDF2 hashes the whole input on every iteration).</summary>
    public const int MaxLength = 1024;

    // OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256.
    private const int Iterations = 600_000;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;
    private const string Scheme = "pbkdf2-sha256";

    /// <summary>Why <paramref name="password"/> cannot be used, or null when it can.</summary>
    public static string? Weakness(string? password) => password switch
    {
        null or { Length: < MinLength } => $"a password needs at least {MinLength} characters",
        { Length: > MaxLength } => $"a password may have at most {MaxLength} characters",
        _ => null,
    };

    public static string Hash(string password) => Hash(password, RandomNumberGenerator.GetBytes(SaltBytes), Iterations);

    /// <summary>True when <paramref name="password"/> matches <paramref name="stored"/>; false for any malformed stored form.</summary>
    public static bool Verify(string password, string stored)
    {
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations < 1)
        {
            return false;
        }

        try
        {
            var salt = Convert.FromBase64String(parts[2]);
            var expected = Convert.FromBase64String(parts[3]);
            var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
            return CryptographicOperations.FixedTimeEquals(actual, expected);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    internal static string Hash(string password, byte[] salt, int iterations)
    {
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, HashBytes);
        return string.Create(CultureInfo.InvariantCulture, $"{Scheme}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }
}
