return await Octopoda.Brain.Hosting.BrainCommandLine.RunAsync(args);
