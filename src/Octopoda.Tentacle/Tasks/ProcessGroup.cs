using System.Runtime.InteropServices;

namespace Octopoda.Tentacle.Tasks;

/// <summary>
/// Signals a whole process group. Every task runs in its own session (via <c>setsid</c>), so its group id is its
/// process id and killing the group reaches everything it started, including <c>sleep 100 &amp;</c> children that
/// a process-tree walk misses once their parent has exited.
/// </summary>
internal static partial class ProcessGroup
{
    private const int SigKill = 9;
    private const int SigTerm = 15;

    public static void Kill(int processGroupId) => _ = kill(-processGroupId, SigKill);

    public static void Terminate(int processGroupId) => _ = kill(-processGroupId, SigTerm);

    /// <summary>Kills one process (not its group).</summary>
    public static void KillProcess(int processId) => _ = kill(processId, SigKill);

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
#pragma warning disable SYSLIB1054 // LibraryImport would need AllowUnsafeBlocks for one int-only call.
    private static extern int kill(int pid, int signal);
#pragma warning restore SYSLIB1054
}
