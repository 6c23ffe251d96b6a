// The build: `dotnet tool restore && dotnet cake --target=<Target>`.
var target = Argument("target", "Test");
var configuration = Argument("configuration", "Release");
var solution = "./Mesh.slnx";
var artifacts = Directory("./artifacts");

Task("Clean")
    .Does(() => CleanDirectory(artifacts));

Task("Restore")
    .Does(() => DotNetRestore(solution));

Task("Build")
    .IsDependentOn("Restore")
    .Does(() => DotNetBuild(solution, new DotNetBuildSettings
    {
        Configuration = configuration,
        NoRestore = true,
    }));

Task("TestDependencies")
    .Description("Installs the Debian packages the tests need (eng/install-test-deps.sh: HCL spec suite, chromium, iproute2, curl).")
    .Does(() =>
    {
        var exit = StartProcess("bash", new ProcessSettings { Arguments = "eng/install-test-deps.sh" });
        if (exit != 0) throw new Exception("Test dependencies are missing; see the message above.");
    });

Task("Test")
    .IsDependentOn("TestDependencies")
    .IsDependentOn("Build")
    .Does(() =>
    {
        var results = artifacts + Directory("test-results");
        CleanDirectory(results);
        DotNetTest(solution, new DotNetTestSettings
        {
            Configuration = configuration,
            NoBuild = true,
            NoRestore = true,
            ResultsDirectory = results,
            Loggers = { "trx", "console;verbosity=normal" },
        });
        var passed = 0; var failed = 0; var skipped = 0;
        foreach (var trx in GetFiles(results.Path.FullPath + "/**/*.trx"))
        {
            var counters = System.Xml.Linq.XDocument.Load(trx.FullPath).Descendants().First(e => e.Name.LocalName == "Counters");
            passed += int.Parse(counters.Attribute("passed").Value);
            failed += int.Parse(counters.Attribute("failed").Value);
            skipped += int.Parse(counters.Attribute("notExecuted").Value);
        }
        // A plain closing line that CI and humans read the same way.
        Console.WriteLine($"{passed} passed, {failed} failed, {skipped} skipped");
    });

Task("Publish")
    .Description("Publishes the three binaries for linux-x64 and linux-arm64: self-contained, except mesh-agent for linux-x64, which is Native AOT (docs/packaging.md).")
    .IsDependentOn("Build")
    .Does(() =>
    {
        // clang and zlib1g-dev for the Native AOT compile, with the packaging tools.
        RunPackagingScript("packaging/install-build-deps.sh", "Build tools are missing; see the message above.");
        foreach (var (project, name) in new[] { ("src/Cli/Cli.csproj", "meshctl"), ("src/Agent/Agent.csproj", "mesh-agent"), ("src/Controller/Controller.csproj", "mesh-controller") })
        {
            foreach (var rid in new[] { "linux-x64", "linux-arm64" })
            {
                // linux-arm64 cannot be AOT-compiled here without an arm64 cross toolchain.
                var nativeAot = name == "mesh-agent" && rid == "linux-x64";
                var output = artifacts + Directory("publish") + Directory(rid) + Directory(name);
                CleanDirectory(output);
                var settings = new DotNetPublishSettings
                {
                    Configuration = configuration,
                    Runtime = rid,
                    SelfContained = true,
                    OutputDirectory = output,
                    MSBuildSettings = new DotNetMSBuildSettings(),
                };
                if (nativeAot)
                {
                    settings.MSBuildSettings.WithProperty("PublishAot", "true");
                }

                DotNetPublish(project, settings);
            }
        }
    });

Task("Package")
    .Description("Builds .deb and .rpm packages of mesh-agent, mesh-controller and meshctl (linux-x64, linux-arm64) and the apt/yum repository folders artifacts/repo/apt and artifacts/repo/yum.")
    .IsDependentOn("Publish")
    .Does(() =>
    {
        RunPackagingScript("packaging/install-build-deps.sh", "Packaging tools are missing; see the message above.");
        RunPackagingScript("packaging/build-packages.sh --out artifacts --rids \"linux-x64 linux-arm64\"", "Building the packages failed; see the message above.");
        Information("apt: deb [trusted=yes] file:{0} ./", MakeAbsolute(artifacts + Directory("repo/apt")).FullPath);
        Information("yum: baseurl=file://{0}", MakeAbsolute(artifacts + Directory("repo/yum")).FullPath);
    });

Task("Bench")
    .Description("Runs the benchmarks under bench/ (grows with each issue's benchmark). BENCH_QUICK=1 for a short smoke run.")
    .IsDependentOn("Build")
    .Does(() =>
    {
        var exit = StartProcess("bash", new ProcessSettings { Arguments = "bench/run.sh" });
        if (exit != 0) throw new Exception("bench/run.sh failed; see the message above.");
    });

Task("BenchHcl")
    .Description("HCL parser/loader/validator throughput (BenchmarkDotNet) side by side with HashiCorp's Go parser: bench/HclBench/run.sh.")
    .Does(() =>
    {
        var exit = StartProcess("bash", new ProcessSettings { Arguments = "bench/HclBench/run.sh" });
        if (exit != 0) throw new Exception("bench/HclBench/run.sh failed; see the message above.");
    });

Task("BenchApply")
    .Description("Apply → snapshot latency of the controller (N = 1, 100, 1000) and compile time by rule count: bench/ApplyBench, Release; writes bench/results/apply-<date>.md.")
    .Does(() => DotNetRun("bench/ApplyBench/ApplyBench.csproj", new ProcessArgumentBuilder().Append("--out"), new DotNetRunSettings { Configuration = "Release" }));

Task("BenchTls")
    .Description("mTLS handshakes/s, CPU per handshake and the cost of mTLS per request, ours (bench/HandshakeBench) beside haproxy with TLS: bench/run.sh tls; writes bench/results/<stamp>-tls.md.")
    .Does(() =>
    {
        var exit = StartProcess("bash", new ProcessSettings { Arguments = "bench/run.sh tls" });
        if (exit != 0) throw new Exception("bench/run.sh tls failed; see the message above.");
    });

Task("Demo")
    .Description("Runs `meshctl dev`: the whole mesh on this machine.")
    .IsDependentOn("Build")
    .Does(() => DotNetRun("src/Cli/Cli.csproj", new ProcessArgumentBuilder().Append("dev"), new DotNetRunSettings { Configuration = configuration, NoBuild = true }));

Task("Default").IsDependentOn("Test");

// Runs a packaging script with bash from the repository root; a non-zero exit fails the task.
void RunPackagingScript(string arguments, string failure)
{
    var exit = StartProcess("bash", new ProcessSettings { Arguments = arguments });
    if (exit != 0) throw new Exception(failure);
}

RunTarget(target);
