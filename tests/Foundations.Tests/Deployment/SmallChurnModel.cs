using Foundations.Data;
using Foundations.Patterns;
using Foundations.Tests.Prediction;
using Foundations.Tests.Runner;

namespace Foundations.Tests.Deployment;

/// <summary>A small churn model trained once on the first 800 sample customers and saved as a .fnd file, for attacks on scoring and model files.</summary>
public sealed class SmallChurnModel
{
    public SmallChurnModel()
    {
        var lines = File.ReadAllLines(Path.Combine(RepoPaths.DataSamples, "customers.csv"));
        var (customers, _) = Csv.FromText(string.Join("\n", lines.Take(801)), "first-800.csv");
        var split = SampleBankPrediction.ChurnRecipe(customers).SplitTrainTest(0.2, stratifyBy: "churned_next_90d", seed: 42);
        Model = Patterns.Prediction.Of(split, target: "churned_next_90d").WithDeepModel(hidden: new[] { 16 }, epochs: 3).WithSeed(7).Train().Deep;
        Folder = RunnerProcess.TempFolder();
        Path_ = Model.Save(Path.Combine(Folder, "churn.fnd"));
        Lines = lines;
        // The other four kinds, trained only by the tests that attack them.
        _others = new Lazy<IReadOnlyDictionary<string, string>>(() =>
        {
            var result = Patterns.Prediction.Of(split, target: "churned_next_90d").WithScorecard().WithLogisticRegression().WithLightGbm().WithFastTree().WithSeed(7).Train();
            return new[] { "scorecard", "logistic", "lightgbm", "fasttree" }.ToDictionary(k => k, k => result.Model(k).Save(Path.Combine(Folder, $"churn-{k}.fnd")));
        });
    }

    private readonly Lazy<IReadOnlyDictionary<string, string>> _others;

    public TrainedPrediction Model { get; }
    public string Folder { get; }
    /// <summary>The saved model file; copy it before changing it.</summary>
    public string Path_ { get; }
    /// <summary>data-samples/customers.csv, header first.</summary>
    public string[] Lines { get; }
    public string Header => Lines[0];
    public int Column(string name) => Array.IndexOf(Header.Split(','), name);

    /// <summary>The header and the first <paramref name="rows"/> customers, with <paramref name="edit"/> applied to each row's fields (row index from 0).</summary>
    public List<string> Rows(int rows, Action<int, string[]>? edit = null)
    {
        var result = new List<string> { Header };
        for (int r = 0; r < rows; r++)
        {
            var fields = Lines[r + 1].Split(',');
            edit?.Invoke(r, fields);
            result.Add(string.Join(',', fields));
        }
        return result;
    }

    /// <summary>Writes lines to a new file in a fresh folder and returns its path.</summary>
    public static string Write(IEnumerable<string> lines, string name = "batch.csv")
    {
        string path = System.IO.Path.Combine(RunnerProcess.TempFolder(), name);
        File.WriteAllText(path, string.Join("\n", lines) + "\n");
        return path;
    }

    /// <summary>A copy of the model file in a fresh folder.</summary>
    public string CopyOfModel() => CopyOfModel("deep");

    /// <summary>A copy, in a fresh folder, of the saved model of <paramref name="kind"/> (deep, scorecard, logistic, lightgbm, fasttree) on the same rows.</summary>
    public string CopyOfModel(string kind)
    {
        string path = System.IO.Path.Combine(RunnerProcess.TempFolder(), "copy.fnd");
        File.Copy(kind == "deep" ? Path_ : _others.Value[kind], path);
        return path;
    }
}
