namespace Octopoda.Cli.Tests.Support;

/// <summary>Bounds for every await in these tests; generous, since a slow CI machine must not fail them.</summary>
internal static class TestTimeouts
{
    /// <summary>How long any single step may take.</summary>
    public static readonly TimeSpan Step = TimeSpan.FromSeconds(20);

    /// <summary>Awaits <paramref name="task"/>, failing with a message naming what was awaited.</summary>
    public static async Task<T> Within<T>(this Task<T> task, string what)
    {
        try
        {
            return await task.WaitAsync(Step);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"timed out after {Step.TotalSeconds} s waiting for {what}");
        }
    }

    /// <summary>Awaits <paramref name="task"/>, failing with a message naming what was awaited.</summary>
    public static async Task Within(this Task task, string what)
    {
        try
        {
            await task.WaitAsync(Step);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"timed out after {Step.TotalSeconds} s waiting for {what}");
        }
    }
}
