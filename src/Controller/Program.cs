using System.Reflection;

// The daemon host arrives with its issue; until then the binary only answers what it is.
var version = typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0];
Console.WriteLine($"mesh-controller {version}");
return 0;
