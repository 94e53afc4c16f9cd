return await Octopoda.Tentacle.Hosting.TentacleCommandLine.RunAsync(args);
