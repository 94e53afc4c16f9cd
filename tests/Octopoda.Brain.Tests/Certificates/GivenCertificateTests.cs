using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using Octopoda.Brain.Certificates;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Certificates;
using Octopoda.Protocol.Tasks;
using Octopoda.Testing;

namespace Octopoda.Brain.Tests.Certificates;

/// <summary>A Brain started with certificate material made by <c>octl cert</c> (the same <see cref="PkiGenerator"/>) instead of its own CA.</summary>
public sealed class GivenCertificateTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Year = TimeSpan.FromDays(365);
    private readonly TestDirectory _dir = new("given-pki");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Brain_WithOctlCaAndServerCertificate_ServesThemAndATentacleEnrolsAndRuns()
    {
        var pki = _dir.Sub("pki");
        var now = DateTimeOffset.UtcNow;
        PkiGenerator.CreateAuthority(pki, "Lab CA", Year, now, overwrite: false);
        PkiGenerator.CreateServer(pki, pki, ["127.0.0.1", "brain.lab"], Year, now, overwrite: false);

        await using var cluster = await TestCluster.StartAsync(1, o => o.Pki.Directory = pki);

        using var ca = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(pki, PkiFiles.CaCertificate));
        using var server = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(pki, PkiFiles.ServerCertificate));
        Assert.Equal(CertificateAuthority.ComputeFingerprint(ca), cluster.Brain.CertificateAuthority.Fingerprint);
        Assert.Equal(Path.Combine(pki, PkiFiles.CaCertificate), cluster.CaCertificateFile);
        Assert.Equal(server.Thumbprint, await ServedThumbprintAsync(cluster.BrainAddress));

        var run = await cluster.Client.RunCommandAsync(new RunCommandRequest { Command = "echo given", Targets = ["node1"] });
        var task = await cluster.Client.WaitTaskAsync(run.Tasks[0].Id, Wait);
        Assert.Equal(TaskState.Succeeded, task.State);
        Assert.Equal("given\n", task.Stdout);
    }

    [Fact]
    public async Task Brain_WithOnlyAGivenCa_IssuesItsServerCertificateFromIt()
    {
        var pki = _dir.Sub("ca-only");
        PkiGenerator.CreateAuthority(pki, "Lab CA", Year, DateTimeOffset.UtcNow, overwrite: false);

        await using var cluster = await TestCluster.StartAsync(1, o =>
        {
            o.Pki.CaCertificate = Path.Combine(pki, PkiFiles.CaCertificate);
            o.Pki.CaKey = Path.Combine(pki, PkiFiles.CaKey);
        });

        using var ca = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(pki, PkiFiles.CaCertificate));
        using var served = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(cluster.DataRoot, "brain", "pki", PkiFiles.ServerCertificate));
        Assert.True(CertificateIssuer.ChainsTo(served, ca, CertificateIssuer.ServerAuthOid));
        Assert.Equal(served.Thumbprint, await ServedThumbprintAsync(cluster.BrainAddress));
        await cluster.WaitForStateAsync(NodeState.Online, Wait, "node1");
    }

    [Fact]
    public void Start_ServerKeyOfAnotherCertificate_RefusedNamingTheKeyFile()
    {
        var pki = MakeMaterial("wrong-key");
        var other = MakeMaterial("other");
        File.Copy(Path.Combine(other, PkiFiles.ServerKey), Path.Combine(pki, PkiFiles.ServerKey), overwrite: true);

        var error = StartFails(pki);

        Assert.Contains(Path.Combine(pki, PkiFiles.ServerKey), error.Message, StringComparison.Ordinal);
        Assert.Contains("does not belong to server certificate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_ServerCertificateFromAnotherCa_RefusedSayingItDoesNotChain()
    {
        var pki = MakeMaterial("unchained");
        var other = MakeMaterial("other-ca");
        File.Copy(Path.Combine(other, PkiFiles.ServerCertificate), Path.Combine(pki, PkiFiles.ServerCertificate), overwrite: true);
        File.Copy(Path.Combine(other, PkiFiles.ServerKey), Path.Combine(pki, PkiFiles.ServerKey), overwrite: true);

        var error = StartFails(pki);

        Assert.Contains(Path.Combine(pki, PkiFiles.ServerCertificate), error.Message, StringComparison.Ordinal);
        Assert.Contains("does not chain to the CA", error.Message, StringComparison.Ordinal);
        Assert.Contains("octl cert server", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_ExpiredServerCertificate_RefusedWithTheDate()
    {
        var pki = _dir.Sub("expired");
        var longAgo = DateTimeOffset.UtcNow.AddDays(-30);
        PkiGenerator.CreateAuthority(pki, "Lab CA", Year, longAgo, overwrite: false);
        PkiGenerator.CreateServer(pki, pki, ["127.0.0.1"], TimeSpan.FromDays(1), longAgo, overwrite: false);

        var error = StartFails(pki);

        Assert.Contains(Path.Combine(pki, PkiFiles.ServerCertificate), error.Message, StringComparison.Ordinal);
        Assert.Contains("expired on", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_ExpiredCa_Refused()
    {
        var pki = _dir.Sub("expired-ca");
        PkiGenerator.CreateAuthority(pki, "Old CA", TimeSpan.FromDays(1), DateTimeOffset.UtcNow.AddDays(-3), overwrite: false);

        var error = StartFails(pki);

        Assert.Contains($"CA certificate {Path.Combine(pki, PkiFiles.CaCertificate)} expired on", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_CaKeyOfAnotherCa_Refused()
    {
        var pki = MakeMaterial("wrong-ca-key");
        var other = MakeMaterial("another");
        File.Copy(Path.Combine(other, PkiFiles.CaKey), Path.Combine(pki, PkiFiles.CaKey), overwrite: true);

        var error = StartFails(pki);

        Assert.Contains($"CA key {Path.Combine(pki, PkiFiles.CaKey)} does not belong to CA certificate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_MissingPkiDirectory_RefusedSayingHowToMakeOne()
    {
        var missing = Path.Combine(_dir.Path, "nowhere");

        var error = StartFails(missing);

        Assert.Contains($"{Path.Combine(missing, PkiFiles.CaCertificate)} does not exist", error.Message, StringComparison.Ordinal);
        Assert.Contains("octl cert ca", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_ServerCertificateWithoutKey_IsAConfigurationProblem()
    {
        var pki = MakeMaterial("half");
        var options = Options(pki);
        options.Pki.Directory = null;
        options.Pki.CaCertificate = Path.Combine(pki, PkiFiles.CaCertificate);
        options.Pki.CaKey = Path.Combine(pki, PkiFiles.CaKey);
        options.Pki.ServerCertificate = Path.Combine(pki, PkiFiles.ServerCertificate);

        var error = Assert.Throws<OptionsValidationException>(() => BrainApplication.Create(options));

        Assert.Contains(error.Failures, f => f.Contains("needs its key too", StringComparison.Ordinal));
    }

    private string MakeMaterial(string name)
    {
        var pki = _dir.Sub(name);
        var now = DateTimeOffset.UtcNow;
        PkiGenerator.CreateAuthority(pki, name, Year, now, overwrite: false);
        PkiGenerator.CreateServer(pki, pki, ["127.0.0.1"], Year, now, overwrite: false);
        return pki;
    }

    private BrainOptions Options(string pki)
    {
        var options = new BrainOptions { Name = "given", DataDirectory = Path.Combine(_dir.Path, "data-" + Guid.NewGuid().ToString("N")), Listen = "https://127.0.0.1:0" };
        options.Pki.Directory = pki;
        return options;
    }

    private CertificateMaterialException StartFails(string pki) =>
        Assert.Throws<CertificateMaterialException>(() => BrainApplication.Create(Options(pki)));

    private static async Task<string> ServedThumbprintAsync(Uri brain)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(brain.Host, brain.Port);
        await using var tls = new SslStream(tcp.GetStream(), false, (_, _, _, _) => true);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "octopoda-brain" });
        return tls.RemoteCertificate is X509Certificate2 certificate ? certificate.Thumbprint : new X509Certificate2(tls.RemoteCertificate!).Thumbprint;
    }
}
