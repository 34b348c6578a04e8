using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Foundations.Tests.Architecture;

/// <summary>
/// Issue #16: the core (src/Foundations) stands without the notebook kernel, and its folders are layers that only look
/// down. The layer order, lowest first (a namespace may use its own layer and those below, never one above):
/// <list type="number">
/// <item><c>Foundations</c> (the root: <c>Kit</c>, <c>Light</c>, <c>ProgressReport</c>) — read by every layer, so it reads none;</item>
/// <item><c>Foundations.Experiments</c> (the run log every layer writes to);</item>
/// <item><c>Foundations.Data</c> (loading, recipes, readiness, statistics, disclosure rules);</item>
/// <item><c>Foundations.Training</c> (networks, trainer, model files);</item>
/// <item><c>Foundations.Patterns</c> (prediction, segmentation, reinforcement);</item>
/// <item><c>Foundations.Explanation</c> and <c>Foundations.Monitor</c> (peers: each explains or watches a trained pattern);</item>
/// <item><c>Foundations.Tutorial</c> (teaching aids, may show anything below).</item>
/// </list>
/// HTML, charts and the kernel sit above all of them in src/Foundations.Notebooks, which the core never references.
/// </summary>
[Trait("Speed", "Slow")]
public class LayeringTests
{
    private static readonly (string Namespace, int Layer)[] Layers =
    {
        ("Foundations", 0), ("Foundations.Experiments", 1), ("Foundations.Data", 2), ("Foundations.Training", 3),
        ("Foundations.Patterns", 4), ("Foundations.Explanation", 5), ("Foundations.Monitor", 5), ("Foundations.Tutorial", 6),
    };

    private static readonly string[] PresentationAssemblies = { "Microsoft.DotNet.Interactive", "Plotly.NET", "FSharp.Core", "Microsoft.AspNetCore.Html" };

    [Fact]
    public void The_core_assembly_references_no_kernel_chart_or_FSharp_assembly()
    {
        var referenced = typeof(Kit).Assembly.GetReferencedAssemblies().Select(a => a.Name ?? "").ToList();
        var presentation = referenced.Where(name => PresentationAssemblies.Any(p => name.StartsWith(p, StringComparison.Ordinal))).ToList();
        Assert.True(presentation.Count == 0, "Foundations.dll references " + string.Join(", ", presentation));
        Assert.Contains("TorchSharp", referenced); // the check reads real references, not an empty list
    }

    [Fact]
    public void The_core_restores_no_kernel_chart_or_FSharp_package_even_transitively()
    {
        string assets = Path.Combine(RepoPaths.Root, "src", "Foundations", "obj", "project.assets.json");
        var libraries = JsonNode.Parse(File.ReadAllText(assets))!["libraries"]!.AsObject().Select(kv => kv.Key.Split('/')[0]).ToList();
        Assert.Contains(libraries, l => l == "TorchSharp");
        var presentation = libraries.Where(l => PresentationAssemblies.Any(p => l.StartsWith(p, StringComparison.OrdinalIgnoreCase))).ToList();
        Assert.True(presentation.Count == 0, "src/Foundations restores " + string.Join(", ", presentation));
    }

    [Fact]
    public void The_notebook_package_carries_the_core_and_names_every_core_package_as_a_dependency()
    {
        string assets = Path.Combine(RepoPaths.Root, "src", "Foundations", "obj", "project.assets.json");
        var core = JsonNode.Parse(File.ReadAllText(assets))!["project"]!["frameworks"]!.AsObject().Single().Value!["dependencies"]!.AsObject()
            .Select(kv => kv.Key).ToList();
        var package = Assert.Single(Directory.GetFiles(Path.Combine(RepoPaths.Root, "artifacts", "packages"), "Foundations.Notebooks.*.nupkg"));
        using var zip = System.IO.Compression.ZipFile.OpenRead(package);
        Assert.Contains(zip.Entries, e => e.FullName == "lib/net10.0/Foundations.dll");
        using var nuspec = new StreamReader(zip.GetEntry("Foundations.Notebooks.nuspec")!.Open());
        var dependencies = System.Xml.Linq.XDocument.Parse(nuspec.ReadToEnd()).Descendants().Where(e => e.Name.LocalName == "dependency")
            .Select(e => (string)e.Attribute("id")!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.Contains("TorchSharp", core);
        var missing = core.Where(c => !dependencies.Contains(c)).ToList();
        Assert.True(missing.Count == 0, "The core uses packages the notebook package does not bring (add them to src/Foundations/Packages.props): " + string.Join(", ", missing));
    }

    [Fact]
    public void No_core_namespace_uses_a_higher_layer_and_no_namespaces_form_a_cycle()
    {
        var compilation = Compile(SourceOf(Path.Combine(RepoPaths.Root, "src", "Foundations")));
        var (upward, cycles) = Check(compilation);
        Assert.True(upward.Count == 0, "Imports from a lower layer to a higher one:\n" + string.Join("\n", upward));
        Assert.True(cycles.Count == 0, "Namespace cycles:\n" + string.Join("\n", cycles));
    }

    [Fact]
    public void The_layering_check_finds_a_planted_upward_import_and_a_planted_cycle()
    {
        const string planted = """
            namespace Foundations.Data { public static class Planted { public static int Use() => Foundations.Training.Helper.One(); } }
            namespace Foundations.Training { public static class Helper { public static int One() => 1; } }
            namespace Foundations.Explanation { using Foundations.Monitor; public static class Why { public static int Use() => Watch.Two(); } }
            namespace Foundations.Monitor { public static class Watch { public static int Two() => Foundations.Explanation.Why.Use(); } }
            namespace Foundations.Training { public static class Fine { public static int Use() => Foundations.Data.Planted.Use(); } }
            """;
        var (upward, cycles) = Check(Compile(new[] { CSharpSyntaxTree.ParseText(planted, new CSharpParseOptions(LanguageVersion.Preview), "Planted.cs") }));
        var violation = Assert.Single(upward);
        Assert.Contains("Foundations.Data -> Foundations.Training", violation);
        Assert.Contains("Planted.cs:1", violation);
        // Two cycles: the peers that use each other, and the upward import closed by Training's (legitimate) use of Data.
        Assert.Equal(2, cycles.Count);
        Assert.Contains(cycles, c => c.Contains("Foundations.Explanation", StringComparison.Ordinal) && c.Contains("Foundations.Monitor", StringComparison.Ordinal));
        Assert.Contains(cycles, c => c.Contains("Foundations.Data", StringComparison.Ordinal) && c.Contains("Foundations.Training", StringComparison.Ordinal));
    }

    /// <summary>
    /// Every name in the source is bound with Roslyn's semantic model (using directives, simple and qualified names,
    /// extension calls, attributes): the namespace of what it binds to is an edge from the file's namespace. An edge
    /// to a higher layer is a violation; the edges between namespaces must form no cycle.
    /// </summary>
    private static (List<string> Upward, List<string> Cycles) Check(CSharpCompilation compilation)
    {
        var upward = new List<string>();
        var edges = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var tree in compilation.SyntaxTrees)
        {
            var model = compilation.GetSemanticModel(tree);
            // A file-scoped namespace does not enclose the using directives above it: they belong to the file's one namespace.
            var fileNamespace = tree.GetRoot().DescendantNodes().OfType<FileScopedNamespaceDeclarationSyntax>().FirstOrDefault();
            foreach (var node in tree.GetRoot().DescendantNodes().OfType<SimpleNameSyntax>())
            {
                if ((node.Ancestors().OfType<BaseNamespaceDeclarationSyntax>().FirstOrDefault() ?? fileNamespace) is not { } declared) continue;
                string from = declared.Name.ToString();
                var symbol = model.GetSymbolInfo(node).Symbol ?? model.GetSymbolInfo(node).CandidateSymbols.FirstOrDefault();
                string? to = symbol switch
                {
                    // A namespace counts where a using directive imports it (its last part); in code, the type it leads to counts.
                    INamespaceSymbol ns when node.FirstAncestorOrSelf<UsingDirectiveSyntax>() is not null && !(node.Parent is QualifiedNameSyntax q && q.Left == node) => ns.ToDisplayString(),
                    ITypeSymbol type => type.ContainingNamespace?.ToDisplayString(),
                    { ContainingType: { } owner } => owner.ContainingNamespace?.ToDisplayString(),
                    _ => null,
                };
                if (to is null || LayerOf(to) is not { } toLayer || LayerOf(from) is not { } fromLayer) continue;
                string fromRoot = RootOf(from), toRoot = RootOf(to);
                if (fromRoot == toRoot) continue;
                edges.TryAdd(fromRoot, new HashSet<string>(StringComparer.Ordinal));
                edges[fromRoot].Add(toRoot);
                if (toLayer > fromLayer)
                    upward.Add($"{Path.GetFileName(tree.FilePath)}:{node.GetLocation().GetLineSpan().StartLinePosition.Line + 1}: {fromRoot} -> {toRoot}");
            }
        }
        return (upward.Distinct().ToList(), Cycles(edges));
    }

    private static int? LayerOf(string ns) => Layers.Where(l => ns == l.Namespace || ns.StartsWith(l.Namespace + ".", StringComparison.Ordinal))
        .OrderByDescending(l => l.Namespace.Length).Select(l => (int?)l.Layer).FirstOrDefault();

    private static string RootOf(string ns) => Layers.Where(l => ns == l.Namespace || ns.StartsWith(l.Namespace + ".", StringComparison.Ordinal))
        .OrderByDescending(l => l.Namespace.Length).First().Namespace;

    /// <summary>Each strongly connected group of two or more namespaces (Tarjan's algorithm), as "A -> B -> A".</summary>
    private static List<string> Cycles(Dictionary<string, HashSet<string>> edges)
    {
        var index = new Dictionary<string, int>(); var low = new Dictionary<string, int>();
        var stack = new Stack<string>(); var onStack = new HashSet<string>(); var found = new List<string>();
        int next = 0;
        foreach (var node in edges.Keys.Order(StringComparer.Ordinal)) if (!index.ContainsKey(node)) Visit(node);
        return found;

        void Visit(string v)
        {
            index[v] = low[v] = next++;
            stack.Push(v); onStack.Add(v);
            foreach (var w in edges.GetValueOrDefault(v) ?? new HashSet<string>())
            {
                if (!index.ContainsKey(w)) { Visit(w); low[v] = Math.Min(low[v], low[w]); }
                else if (onStack.Contains(w)) low[v] = Math.Min(low[v], index[w]);
            }
            if (low[v] != index[v]) return;
            var group = new List<string>();
            string x;
            do { x = stack.Pop(); onStack.Remove(x); group.Add(x); } while (x != v);
            if (group.Count > 1) found.Add(string.Join(" -> ", group.Order(StringComparer.Ordinal)) + " -> " + group.Min(StringComparer.Ordinal));
        }
    }

    private static IEnumerable<SyntaxTree> SourceOf(string folder)
    {
        var options = new CSharpParseOptions(LanguageVersion.Preview);
        foreach (var file in Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(folder, file);
            if (relative.StartsWith("bin" + Path.DirectorySeparatorChar) || relative.StartsWith("obj" + Path.DirectorySeparatorChar)) continue;
            yield return CSharpSyntaxTree.ParseText(File.ReadAllText(file), options, file);
        }
    }

    private static CSharpCompilation Compile(IEnumerable<SyntaxTree> source)
    {
        var options = new CSharpParseOptions(LanguageVersion.Preview);
        var trees = source.Prepend(CSharpSyntaxTree.ParseText(
            "global using System; global using System.Collections.Generic; global using System.IO; global using System.Linq; global using System.Net.Http; global using System.Threading; global using System.Threading.Tasks;", options));
        // Framework and package assemblies only: the core is compiled from source, and nothing above it may be visible.
        var byName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var path in ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)) byName.TryAdd(Path.GetFileName(path), path);
        foreach (var path in Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll")) byName.TryAdd(Path.GetFileName(path), path);
        foreach (var name in byName.Keys.Where(n => n.StartsWith("Foundations", StringComparison.OrdinalIgnoreCase)
                     || PresentationAssemblies.Any(p => n.StartsWith(p, StringComparison.OrdinalIgnoreCase))).ToList())
            byName.Remove(name);
        var compilation = CSharpCompilation.Create("Layering", trees, byName.Values.Select(p => MetadataReference.CreateFromFile(p)),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));
        // Unbound names would hide edges: the source must compile here (CS8795: [GeneratedRegex] bodies come from a generator).
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && d.Id != "CS8795").Take(5).ToList();
        Assert.True(errors.Count == 0, "The source does not compile for the check:\n" + string.Join("\n", errors));
        return compilation;
    }
}
