using Factory.Cli;

return await FactoryCli.RunAsync(args, CliHost.FromConsole()).ConfigureAwait(false);
