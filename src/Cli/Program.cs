using Mesh.Cli;

return await MeshctlApp.RunAsync(args, Console.Out, Console.Error).ConfigureAwait(false);
