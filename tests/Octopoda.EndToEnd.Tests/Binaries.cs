namespace Octopoda.EndToEnd.Tests;

/// <summary>Where the built brain, tentacle and octl are: the same configuration this test assembly was built in.</summary>
internal static class Binaries
{
    private static readonly string Repo = FindRepo();
    private static readonly string Configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";

    public static string Brain => Locate("Octopoda.Brain", "brain.dll");

    public static string Tentacle => Locate("Octopoda.Tentacle", "tentacle.dll");

    public static string Octl => Locate("Octopoda.Cli", "octl.dll");

    /// <summary>A folder under <c>samples/</c> (e.g. <c>helloWorld</c>).</summary>
    public static string Sample(string name) => Path.Combine(Repo, "samples", name);

    private static string Locate(string project, string dll)
    {
        var path = Path.Combine(Repo, "src", project, "bin", Configuration, "net10.0", dll);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is missing: build the solution ({Configuration}) first.");
    }

    private static string FindRepo()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Octopoda.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Cannot find the repository root (Octopoda.slnx) above the test assembly.");
    }
}
