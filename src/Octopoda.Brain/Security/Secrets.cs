using System.Security.Cryptography;
using System.Text;

namespace Octopoda.Brain.Security;

/// <summary>Random secrets and their stored form. Secrets are 256-bit random, so a plain SHA-256 is a safe stored form.</summary>
internal static class Secrets
{
    /// <summary>A new URL-safe random secret of 32 bytes.</summary>
    public static string NewSecret() => Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>A new id: 16 random bytes as 32 lower-case hex digits.</summary>
    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>The stored form of a secret: SHA-256, lower-case hex.</summary>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
