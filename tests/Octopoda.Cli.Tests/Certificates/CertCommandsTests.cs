using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Octopoda.Cli.Tests.Support;
using Octopoda.Protocol;
using Octopoda.Protocol.Json;

namespace Octopoda.Cli.Tests.Certificates;

/// <summary><c>octl cert ca | server | client</c>: real files, modes and chains, checked with the BCL's X509Chain.</summary>
public sealed class CertCommandsTests : IDisposable
{
    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly OctlRunner _runner = new();

    private string Dir => _runner.Directory.Path;

    public void Dispose() => _runner.Dispose();

    [Fact]
    public async Task Ca_WritesSelfSignedEcdsaCaAndKeyWithMode0600()
    {
        var result = await _runner.RunAsync("cert", "ca", "--out", "pki", "--name", "Lab CA", "--days", "30");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        var pki = Path.Combine(Dir, "pki");
        Assert.Contains(Path.Combine(pki, "ca.crt"), result.Out, StringComparison.Ordinal);
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(Path.Combine(pki, "ca.key")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(pki));
        using var ca = X509Certificate2.CreateFromPemFile(Path.Combine(pki, "ca.crt"), Path.Combine(pki, "ca.key"));
        Assert.Equal("CN=Lab CA, O=Octopoda", ca.Subject);
        Assert.Equal(ca.Subject, ca.Issuer);
        Assert.True(ca.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        using var key = ca.GetECDsaPublicKey();
        Assert.Equal(256, key!.KeySize);
        Assert.InRange(ca.NotAfter.ToUniversalTime(), DateTime.UtcNow.AddDays(29), DateTime.UtcNow.AddDays(31));
    }

    [Fact]
    public async Task Server_ChainsToTheCaWithServerAuthAndTheHostsAsSans()
    {
        await RunOkAsync("cert", "ca", "--out", "pki");

        var result = await RunOkAsync("cert", "server", "--ca", "pki", "--out", "brain", "--host", "10.0.0.5", "--host", "brain.lab");

        var brain = Path.Combine(Dir, "brain");
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(Path.Combine(brain, "server.key")));
        Assert.Equal(File.ReadAllText(Path.Combine(Dir, "pki", "ca.crt")), File.ReadAllText(Path.Combine(brain, "ca.crt")));
        Assert.Contains("server.crt", result.Out, StringComparison.Ordinal);
        using var ca = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(Dir, "pki", "ca.crt"));
        using var server = X509Certificate2.CreateFromPemFile(Path.Combine(brain, "server.crt"), Path.Combine(brain, "server.key"));
        Assert.True(Chains(server, ca, ServerAuth));
        Assert.False(Chains(server, ca, ClientAuth));
        Assert.True(server.MatchesHostname(ProtocolInfo.BrainCertificateName));
        Assert.True(server.MatchesHostname("10.0.0.5"));
        Assert.True(server.MatchesHostname("brain.lab"));
        Assert.False(server.MatchesHostname("elsewhere.lab"));
    }

    [Fact]
    public async Task Server_IntoTheCaDirectory_DoesNotCopyTheCaOverItself()
    {
        await RunOkAsync("cert", "ca", "--out", "pki");

        var result = await RunOkAsync("cert", "server", "--ca", "pki", "--out", "pki", "--host", "127.0.0.1", "-o", "json");

        var files = JsonSerializer.Deserialize(result.Out, ProtocolJsonContext.Default.IReadOnlyListString)!;
        Assert.Equal([Path.Combine(Dir, "pki", "server.crt"), Path.Combine(Dir, "pki", "server.key")], files);
    }

    [Fact]
    public async Task Client_ChainsWithClientAuthForTheNodeName()
    {
        await RunOkAsync("cert", "ca", "--out", "pki");

        await RunOkAsync("cert", "client", "--ca", "pki", "--out", "node1", "--name", "node1", "--days", "10");

        var node = Path.Combine(Dir, "node1");
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(Path.Combine(node, "client.key")));
        using var ca = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(Dir, "pki", "ca.crt"));
        using var client = X509Certificate2.CreateFromPemFile(Path.Combine(node, "client.crt"), Path.Combine(node, "client.key"));
        Assert.Equal("CN=node1, O=Octopoda", client.Subject);
        Assert.True(Chains(client, ca, ClientAuth));
        Assert.False(Chains(client, ca, ServerAuth));
        Assert.InRange(client.NotAfter.ToUniversalTime(), DateTime.UtcNow.AddDays(9), DateTime.UtcNow.AddDays(11));
    }

    [Fact]
    public async Task Client_FromAnotherCa_DoesNotChainToTheFirst()
    {
        await RunOkAsync("cert", "ca", "--out", "a");
        await RunOkAsync("cert", "ca", "--out", "b");

        await RunOkAsync("cert", "client", "--ca", "b", "--out", "n", "--name", "n");

        using var a = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(Dir, "a", "ca.crt"));
        using var client = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(Dir, "n", "client.crt"));
        Assert.False(Chains(client, a, ClientAuth));
    }

    [Fact]
    public async Task Ca_ExistingFiles_RefusedWithoutForce_ReplacedWithForceAsOwnerOnly()
    {
        await RunOkAsync("cert", "ca", "--out", "pki");
        var key = Path.Combine(Dir, "pki", "ca.key");
        var before = File.ReadAllText(key);
        File.SetUnixFileMode(key, OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var refused = await _runner.RunAsync("cert", "ca", "--out", "pki");

        Assert.Equal(ExitCodes.Usage, refused.ExitCode);
        Assert.Contains("already exist", refused.Error, StringComparison.Ordinal);
        Assert.Contains("--force", refused.Error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(key));

        await RunOkAsync("cert", "ca", "--out", "pki", "--force");

        Assert.NotEqual(before, File.ReadAllText(key));
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(key));
    }

    [Fact]
    public async Task Server_ExistingKeyOnly_RefusedAndNothingWritten()
    {
        await RunOkAsync("cert", "ca", "--out", "pki");
        _runner.Directory.Write("brain/server.key", "mine");

        var result = await _runner.RunAsync("cert", "server", "--ca", "pki", "--out", "brain", "--host", "h");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains(Path.Combine(Dir, "brain", "server.key"), result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Dir, "brain", "server.crt")));
        Assert.Equal("mine", File.ReadAllText(Path.Combine(Dir, "brain", "server.key")));
    }

    [Fact]
    public async Task Server_MissingCaDirectory_SaysHowToMakeOne()
    {
        var result = await _runner.RunAsync("cert", "server", "--ca", "nope", "--out", "brain", "--host", "h");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains($"CA directory {Path.Combine(Dir, "nope")} does not exist", result.Error, StringComparison.Ordinal);
        Assert.Contains("octl cert ca", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(Dir, "brain")));
    }

    [Fact]
    public async Task Client_CaDirectoryWithoutKey_NamesTheMissingKey()
    {
        await RunOkAsync("cert", "ca", "--out", "pki");
        File.Delete(Path.Combine(Dir, "pki", "ca.key"));

        var result = await _runner.RunAsync("cert", "client", "--ca", "pki", "--out", "n", "--name", "n");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains($"CA key {Path.Combine(Dir, "pki", "ca.key")} does not exist", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Client_CaKeyOfAnotherCa_Refused()
    {
        await RunOkAsync("cert", "ca", "--out", "a");
        await RunOkAsync("cert", "ca", "--out", "b");
        File.Copy(Path.Combine(Dir, "b", "ca.key"), Path.Combine(Dir, "a", "ca.key"), overwrite: true);

        var result = await _runner.RunAsync("cert", "client", "--ca", "a", "--out", "n", "--name", "n");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("does not belong to CA certificate", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Client_CaDirectoryHoldingALeafCertificate_RefusedAsNotACa()
    {
        await RunOkAsync("cert", "ca", "--out", "pki");
        await RunOkAsync("cert", "client", "--ca", "pki", "--out", "n", "--name", "n");
        File.Copy(Path.Combine(Dir, "n", "client.crt"), Path.Combine(Dir, "n", "ca.crt"), overwrite: true);
        File.Copy(Path.Combine(Dir, "n", "client.key"), Path.Combine(Dir, "n", "ca.key"));

        var result = await _runner.RunAsync("cert", "client", "--ca", "n", "--out", "m", "--name", "m");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("is not a CA certificate", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Client_GarbageCaCertificate_Refused()
    {
        _runner.Directory.Write("pki/ca.crt", "not a certificate");
        _runner.Directory.Write("pki/ca.key", "not a key");

        var result = await _runner.RunAsync("cert", "client", "--ca", "pki", "--out", "n", "--name", "n");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains($"CA certificate {Path.Combine(Dir, "pki", "ca.crt")} cannot be read", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cert", "client", "--ca", "pki", "--out", "n", "--name", "bad name")]
    [InlineData("cert", "server", "--ca", "pki", "--out", "n")]
    [InlineData("cert", "ca", "--out", "pki", "--days", "0")]
    [InlineData("cert", "ca")]
    public async Task BadArguments_AreUsageErrors(params string[] args)
    {
        var result = await _runner.RunAsync(args);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.False(Directory.Exists(Path.Combine(Dir, "pki")));
    }

    private async Task<OctlResult> RunOkAsync(params string[] args)
    {
        var result = await _runner.RunAsync(args);
        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        return result;
    }

    private static bool Chains(X509Certificate2 certificate, X509Certificate2 ca, string usage)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(usage));
        return chain.Build(certificate);
    }
}
