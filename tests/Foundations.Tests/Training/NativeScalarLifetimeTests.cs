using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Operations;

namespace Foundations.Tests.Training;

/// <summary>
/// Issue #15: TorchSharp passes a <c>Scalar</c>'s native handle to libtorch and lets the managed object go, so a
/// Scalar that nothing else holds can be finalised (freed) by the GC while libtorch reads it. These tests read the
/// kit's and the tests' own source with Roslyn and fail on every place that hands TorchSharp such a Scalar: an implicit
/// conversion to Scalar, or a TorchSharp member known to make one internally. <c>Training/TensorArithmetic.cs</c> is the
/// one place allowed to create them, because it keeps each alive for the whole call.
/// </summary>
[Trait("Speed", "Slow")]
public class NativeScalarLifetimeTests
{
    [Fact]
    public void No_code_in_the_kit_or_its_tests_hands_libtorch_a_scalar_the_garbage_collector_may_free()
    {
        var kit = Compile("Foundations", Path.Combine(RepoPaths.Root, "src", "Foundations"), references: []);
        var notebooks = Compile("Foundations.Notebooks", Path.Combine(RepoPaths.Root, "src", "Foundations.Notebooks"), references: [kit.ToMetadataReference()]);
        var tests = Compile("Foundations.Tests", Path.Combine(RepoPaths.Root, "tests", "Foundations.Tests"), references: [kit.ToMetadataReference(), notebooks.ToMetadataReference()]);

        var problems = Violations(kit).Concat(Violations(notebooks)).Concat(Violations(tests))
            .Where(v => !v.File.EndsWith(Path.Combine("Training", "TensorArithmetic.cs"), StringComparison.Ordinal))
            .Select(v => $"{Path.GetRelativePath(RepoPaths.Root, v.File)}:{v.Line}: {v.What}")
            .ToList();
        Assert.True(problems.Count == 0,
            "Use Foundations.Training.TensorArithmetic (or a Scalar held in a using local) instead of:\n" + string.Join("\n", problems));
    }

    [Fact]
    public void The_source_check_finds_each_kind_of_unsafe_scalar()
    {
        const string planted = """
            using TorchSharp;
            using static TorchSharp.torch;
            static class Planted
            {
                static void Run(Tensor t, Tensor u, TorchSharp.Modules.Parameter p)
                {
                    var a = t.add(u, alpha: 0.5);        // implicit double -> Scalar
                    var b = t + u;                       // TorchSharp's add(u, 1)
                    var c = t * 2.0;                     // TorchSharp converts 2.0 inside the operator
                    var d = t.square();                  // TorchSharp's pow(2)
                    var e = torch.optim.Adam(new[] { p }, 0.1);   // TorchSharp's optimisers make scalars every step
                    using var held = 0.5.ToScalar();
                    var fine = t.add(u, held);           // held in a local: safe
                    var alsoFine = t * u - u;            // mul and sub of two tensors make no scalar
                }
            }
            """;
        var compilation = Compile("Planted", null, references: [], extraSource: planted);
        var found = Violations(compilation).Select(v => v.Line).Order().ToArray();
        Assert.Equal(new[] { 7, 8, 9, 10, 11 }, found);
    }

    private sealed record Violation(string File, int Line, string What);

    private static IEnumerable<Violation> Violations(CSharpCompilation compilation)
    {
        var scalar = compilation.GetTypeByMetadataName("TorchSharp.Scalar") ?? throw new InvalidOperationException("TorchSharp is not referenced.");
        var tensor = compilation.GetTypeByMetadataName("TorchSharp.torch+Tensor") ?? throw new InvalidOperationException("TorchSharp is not referenced.");
        foreach (var tree in compilation.SyntaxTrees)
        {
            var model = compilation.GetSemanticModel(tree);
            var seen = new HashSet<IOperation>();
            foreach (var node in tree.GetRoot().DescendantNodes())
            {
                var root = model.GetOperation(node);
                if (root is null || root.Parent is not null || !seen.Add(root)) continue;
                foreach (var op in root.DescendantsAndSelf())
                {
                    string? what = op switch
                    {
                        IConversionOperation { OperatorMethod: not null } conversion when SymbolEqualityComparer.Default.Equals(conversion.Type, scalar)
                            => $"implicit Scalar from '{conversion.Operand.Syntax}'",
                        IBinaryOperation { OperatorMethod: { } method } => UnsafeOperator(method, tensor),
                        ICompoundAssignmentOperation { OperatorMethod: { } method } => UnsafeOperator(method, tensor),
                        IInvocationOperation invocation => UnsafeMember(invocation.TargetMethod),
                        _ => null,
                    };
                    if (what is not null)
                        yield return new Violation(tree.FilePath, op.Syntax.GetLocation().GetLineSpan().StartLinePosition.Line + 1, $"{what}: {op.Syntax}");
                }
            }
        }
    }

    // Tensor + Tensor calls add(right, 1); any operator with a number converts the number to a Scalar inside TorchSharp.
    private static string? UnsafeOperator(IMethodSymbol method, INamedTypeSymbol tensor)
    {
        if (method.ContainingAssembly?.Name != "TorchSharp") return null;
        bool numberOperand = method.Parameters.Any(p => !SymbolEqualityComparer.Default.Equals(p.Type, tensor));
        return method.Name == "op_Addition" || numberOperand ? $"TorchSharp operator {method.Name} makes its own Scalar" : null;
    }

    private static string? UnsafeMember(IMethodSymbol method)
    {
        if (method.ContainingAssembly?.Name != "TorchSharp") return null;
        string type = method.ContainingType.ToDisplayString();
        if (type.StartsWith("TorchSharp.torch.optim", StringComparison.Ordinal) || type.StartsWith("TorchSharp.Modules.", StringComparison.Ordinal) && IsOptimizer(method.ContainingType))
            return "TorchSharp's optimisers make a Scalar per step (use Foundations.Training.FlatAdam)";
        if (type == "TorchSharp.torch.Tensor" && method.Name is "add" or "add_" && method.Parameters.Length == 1)
            return $"Tensor.{method.Name}(x) calls {method.Name}(x, 1) with its own Scalar";
        if (method.Name == "square" && type is "TorchSharp.torch.Tensor" or "TorchSharp.torch")
            return "square() calls pow(2) with its own Scalar";
        return null;
    }

    private static bool IsOptimizer(INamedTypeSymbol? type)
    {
        for (; type is not null; type = type.BaseType)
            if (type.Name is "Optimizer" or "OptimizerHelper") return true;
        return false;
    }

    private static CSharpCompilation Compile(string assemblyName, string? folder, IEnumerable<MetadataReference> references, string? extraSource = null)
    {
        var options = new CSharpParseOptions(LanguageVersion.Preview);
        var trees = new List<SyntaxTree>
        {
            // The SDK's implicit usings (ImplicitUsings=enable), which the project file adds at build time.
            CSharpSyntaxTree.ParseText("global using System; global using System.Collections.Generic; global using System.IO; global using System.Linq; global using System.Net.Http; global using System.Threading; global using System.Threading.Tasks; global using Xunit;", options),
            // The kit's project file lets the tests see its internals.
            CSharpSyntaxTree.ParseText("[assembly: System.Runtime.CompilerServices.InternalsVisibleTo(\"Foundations.Tests\")] [assembly: System.Runtime.CompilerServices.InternalsVisibleTo(\"Foundations.Notebooks\")]", options),
        };
        if (folder is not null)
            foreach (var file in Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories))
            {
                string relative = Path.GetRelativePath(folder, file);
                if (relative.StartsWith("bin" + Path.DirectorySeparatorChar) || relative.StartsWith("obj" + Path.DirectorySeparatorChar)) continue;
                trees.Add(CSharpSyntaxTree.ParseText(File.ReadAllText(file), options, file));
            }
        if (extraSource is not null) trees.Add(CSharpSyntaxTree.ParseText(extraSource, options, "Planted.cs"));

        var compilation = CSharpCompilation.Create(assemblyName, trees, FrameworkAndOutputReferences().Concat(references),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));
        // A source that does not compile here would be read with holes: say so rather than pass on half an analysis.
        // CS8795: a partial method whose body a source generator writes at build time ([GeneratedRegex]); generators do not run here.
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && d.Id != "CS8795").Take(5).ToList();
        Assert.True(errors.Count == 0, $"{assemblyName} does not compile for the check:\n" + string.Join("\n", errors));
        return compilation;
    }

    private static IEnumerable<MetadataReference> FrameworkAndOutputReferences()
    {
        var byName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var path in ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator))
            byName.TryAdd(Path.GetFileName(path), path);
        foreach (var path in Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll"))
            byName.TryAdd(Path.GetFileName(path), path);
        // The kit and the tests are compiled from source above, never read from the build output.
        byName.Remove("Foundations.dll");
        byName.Remove("Foundations.Notebooks.dll");
        byName.Remove("Foundations.Tests.dll");
        return byName.Values.Select(p => MetadataReference.CreateFromFile(p));
    }
}
