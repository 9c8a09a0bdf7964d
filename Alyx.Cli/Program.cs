using Alyx.Cli;

return await AlyxRootCommand.Create().Parse(args).InvokeAsync();
