using Octopoda.Cli.Output;
using Octopoda.Protocol.Certificates;
using Octopoda.Protocol.Json;

namespace Octopoda.Cli.Certificates;

/// <summary>Runs a <c>cert</c> command's work and reports the files it wrote; material problems are usage errors (exit 2).</summary>
internal static class CertOutput
{
    public static int Run(OctlEnvironment environment, OutputFormat format, string summary, Func<IReadOnlyList<string>> write)
    {
        IReadOnlyList<string> files;
        try
        {
            files = write();
        }
        catch (CertificateMaterialException ex)
        {
            throw new OctlUsageException(ex.Message);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new OctlUsageException($"cannot write the certificate files: {ex.Message}");
        }

        switch (format)
        {
            case OutputFormat.Json:
                JsonOutput.Write(environment.Out, files, ProtocolJsonContext.Default.IReadOnlyListString);
                break;
            case OutputFormat.Lines:
                foreach (var file in files)
                {
                    environment.Out.WriteLine(file);
                }

                break;
            default:
                environment.Out.WriteLine(summary);
                foreach (var file in files)
                {
                    environment.Out.WriteLine($"  {file}");
                }

                break;
        }

        environment.Out.Flush();
        return ExitCodes.Success;
    }

    /// <summary>A path as given, made absolute against octl's working directory.</summary>
    public static string FullPath(OctlEnvironment environment, string path) => Path.GetFullPath(path, environment.CurrentDirectory);
}
