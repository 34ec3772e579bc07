using System.CommandLine;
using Gatehouse;

var root = new RootCommand("Gatehouse: Amazon Cognito user pools and API Gateway, on your own machine.");
root.Subcommands.Add(ServeCommand.Create());
root.Subcommands.Add(UsersCommand.Create());
root.Subcommands.Add(FunctionsCommand.Create());
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
