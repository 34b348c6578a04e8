using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Foundations.Tests.Runner;

/// <summary>Notebooks are source: committed as .ipynb, loading the kit the same way, set up as the README says.</summary>
public class NotebookSourceTests
{
    /// <summary>The kit-loading cell every notebook starts with (the canaries test the runner's failure paths and load nothing).</summary>
    public const string KitCell =
        "// The kit: the Foundations.Notebooks package from this repository's feed (NuGet.config -> artifacts/packages, packed by\n" +
        "// `dotnet build`). Its kernel extension adds the usings and registers the formatters (tables, charts, reports as HTML).\n" +
        "#r \"nuget: Foundations.Notebooks, *\"";

    private static IEnumerable<string> KitNotebooks =>
        Directory.GetFiles(RepoPaths.Notebooks, "*.ipynb")
            .Concat(Directory.GetFiles(Path.Combine(RepoPaths.Root, "tests", "notebooks"), "*.ipynb").Where(p => !Path.GetFileName(p).StartsWith("canary-", StringComparison.Ordinal)));

    [Fact]
    public void Every_notebook_loads_the_kit_with_the_same_first_code_cell()
    {
        Assert.NotEmpty(KitNotebooks);
        foreach (var path in KitNotebooks)
        {
            var first = JsonNode.Parse(File.ReadAllText(path))!["cells"]!.AsArray().First(c => c!["cell_type"]!.GetValue<string>() == "code")!;
            string source = first["source"] is JsonArray lines ? string.Concat(lines.Select(l => l!.GetValue<string>())) : first["source"]!.GetValue<string>();
            Assert.True(source == KitCell, $"{Path.GetFileName(path)}: the first code cell must be exactly the kit-loading cell:\n{KitCell}\nbut is:\n{source}");
            Assert.Equal(".net-csharp", JsonNode.Parse(File.ReadAllText(path))!["metadata"]!["kernelspec"]!["name"]!.GetValue<string>());
        }
    }

    [Fact]
    public void Notebooks_are_edited_as_ipynb_with_no_generator_scripts()
    {
        Assert.False(Directory.Exists(Path.Combine(RepoPaths.Root, "scripts", "notebooks")), "scripts/notebooks/ is gone: edit the .ipynb files");
        Assert.False(File.Exists(Path.Combine(RepoPaths.Root, "scripts", "new_notebook.py")));
    }

    [Fact]
    public void Kit_package_carries_the_kernel_extension_and_the_feed_is_listed_in_NuGet_config()
    {
        var packages = Directory.GetFiles(Path.Combine(RepoPaths.Root, "artifacts", "packages"), "Foundations.Notebooks.*.nupkg");
        Assert.True(packages.Length == 1, $"one kit package in the feed after a build, found {packages.Length}");
        using var zip = System.IO.Compression.ZipFile.OpenRead(packages[0]);
        var entries = zip.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("interactive-extensions/dotnet/extension.dib", entries);
        Assert.Contains("lib/net10.0/Foundations.dll", entries);
        using var dib = new StreamReader(zip.GetEntry("interactive-extensions/dotnet/extension.dib")!.Open());
        Assert.Contains("Foundations.Interactive.KernelExtension.Load();", dib.ReadToEnd());
        Assert.Contains("value=\"artifacts/packages\"", File.ReadAllText(Path.Combine(RepoPaths.Root, "NuGet.config")));
    }

    [Fact]
    public void Devcontainer_installs_the_kernel_tool_version_the_manifest_pins_and_setup_installed_its_kernelspec()
    {
        string version = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, ".config", "dotnet-tools.json")))!["tools"]!["microsoft.dotnet-interactive"]!["version"]!.GetValue<string>();
        Assert.Equal("1.0.712001", version);
        string devcontainer = File.ReadAllText(Path.Combine(RepoPaths.Root, ".devcontainer", "devcontainer.json"));
        Assert.Contains("scripts/setup.sh", devcontainer);
        Assert.DoesNotContain("1.0.0-beta", devcontainer); // a package version, not a tool version: the install is refused

        // What setup.sh did (the README's VS Code steps that run here): the tool runs, the kernelspec is where Jupyter looks.
        var psi = new ProcessStartInfo("dotnet", "interactive --version") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepoPaths.Root };
        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.StartsWith(version, output.Trim());
        string kernels = Path.Combine(Environment.GetEnvironmentVariable("JUPYTER_DATA_DIR") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share", "jupyter"), "kernels");
        string specFile = Path.Combine(kernels, ".net-csharp", "kernel.json");
        Assert.True(File.Exists(specFile), $"No kernelspec at {specFile}: run scripts/setup.sh (bash scripts/test.sh, the README's test command, runs it first).");
        var spec = JsonNode.Parse(File.ReadAllText(specFile))!;
        Assert.Equal("interactive", spec["argv"]![1]!.GetValue<string>());
    }
}
