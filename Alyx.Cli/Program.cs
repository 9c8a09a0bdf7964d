using Alyx.Cli;

return await AlyxRootCommand.InvokeAsync(args);
