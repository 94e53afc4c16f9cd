using Octopoda.Perf.CommandLine;

return await PerfCommandLine.RunAsync(args);
