using System.Diagnostics;
using Foundations.Data;
using Microsoft.Data.Analysis;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace Foundations.Bench;

/// <summary>
/// Wrangling at bank scale: fitting the notebooks' recipe (impute, derive, one-hot, category codes, standardize) on a
/// million customers and applying it to the frame and to the network's feature matrix, beside the equivalent ML.NET
/// pipeline on the same frame (ReplaceMissingValues, Expression, OneHotEncoding, MapValueToKey, NormalizeMeanVariance),
/// whose output is read through a cursor so that its lazy transforms really run.
/// </summary>
public static class WranglingBench
{
    private const string Label = "churned_next_90d";
    private static readonly string[] Missing = { "income", "checking_balance", "card_spend_30d", "days_since_last_login" };
    private static readonly string[] OneHot = { "preferred_channel", "credit_score_band" };
    private static readonly string[] Codes = { "region", "occupation" };

    /// <summary>Records rows/s for fit, apply to a frame, and apply to a feature matrix, each beside ML.NET on the same rows.</summary>
    public static void Run(BenchRun run)
    {
        int rows = run.Quick ? 200_000 : 1_000_000;
        var clock = Stopwatch.StartNew();
        var customers = Customers(rows);
        Console.WriteLine($"  {rows:N0} customers × {customers.Columns.Count} columns generated in {clock.Elapsed.TotalSeconds:0.0} s");

        var recipe = Wrangle.Recipe()
            .Label(Label)
            .Drop("customer_id", "name", "defaulted_next_12m")
            .Impute("income", Impute.Median)
            .Impute("checking_balance", Impute.Median)
            .Impute("card_spend_30d", Impute.Median)
            .Impute("days_since_last_login", Impute.Median)
            .Derive("total_balance", "checking_balance + savings_balance")
            .OneHot(OneHot)
            .Categorize(Codes)
            .Standardize();

        // Ours and ML.NET alternate within each repeat, so a busy moment on a shared machine hits both alike.
        int repeats = 3;
        FittedRecipe fitted = recipe.Fit(customers);
        var ml = new MLContext(seed: 42);
        var pipeline = Peer(ml, customers);
        ITransformer model = pipeline.Fit(customers);
        var (oursFit, peerFit) = Paired(repeats, () => fitted = recipe.Fit(customers), () => model = pipeline.Fit(customers));
        FeatureMatrix features = fitted.ToFeatures(customers);
        PeerMatrix peer = Materialise(model.Transform(customers), rows);
        var (oursFeatures, peerApply) = Paired(repeats, () => features = fitted.ToFeatures(customers), () => peer = Materialise(model.Transform(customers), rows));
        var (oursApply, _) = Paired(repeats, () => fitted.Apply(customers), () => { });
        CheckSameWork(features, peer, customers);

        string shape = $"{rows:N0} rows × {customers.Columns.Count} columns → {features.NumericColumns.Count} numeric features + {features.CategoricalColumns.Count} category codes";
        run.Add(new BenchResult($"wrangling_fit_{rows / 1000}k_rows_per_s", rows / oursFit.TotalSeconds, rows / peerFit.TotalSeconds, "rows/s", true, 1.0, "ML.NET Fit",
            $"{shape}; median of {repeats}: ours {oursFit.TotalSeconds:0.00} s, ML.NET {peerFit.TotalSeconds:0.00} s (ours learns medians, which ML.NET lacks: it imputes the mean)"));
        run.Add(new BenchResult($"wrangling_apply_{rows / 1000}k_rows_per_s", rows / oursFeatures.TotalSeconds, rows / peerApply.TotalSeconds, "rows/s", true, 1.0, "ML.NET Transform+cursor",
            $"ours ToFeatures (float32 matrix, codes, label) {oursFeatures.TotalSeconds:0.00} s; ML.NET Transform read through a cursor into the same arrays {peerApply.TotalSeconds:0.00} s"));
        run.Add(new BenchResult($"wrangling_apply_frame_{rows / 1000}k_rows_per_s", rows / oursApply.TotalSeconds, rows / peerApply.TotalSeconds, "rows/s", true, null, "ML.NET Transform+cursor",
            $"ours Apply to a frame of {features.NumericColumns.Count + features.CategoricalColumns.Count} columns {oursApply.TotalSeconds:0.00} s; the peer is the same ML.NET run (it has no frame output)"));
    }

    /// <summary>Median wall time of each action over <paramref name="repeats"/> alternating runs, after one warm-up of each.</summary>
    private static (TimeSpan Ours, TimeSpan Peer) Paired(int repeats, Action ours, Action peer)
    {
        ours();
        peer();
        var a = new List<TimeSpan>();
        var b = new List<TimeSpan>();
        for (int i = 0; i < repeats; i++)
        {
            var clock = Stopwatch.StartNew();
            ours();
            a.Add(clock.Elapsed);
            clock.Restart();
            peer();
            b.Add(clock.Elapsed);
        }
        a.Sort();
        b.Sort();
        return (a[repeats / 2], b[repeats / 2]);
    }

    /// <summary>
    /// Fails the bench unless both sides produced the same matrix shape, the same standardized ages, and missing incomes
    /// that ML.NET really saw as missing (replaced by the mean, so standardized to 0) rather than read as zeros.
    /// </summary>
    private static void CheckSameWork(FeatureMatrix ours, PeerMatrix peer, DataFrame customers)
    {
        if (peer.Width != ours.NumericColumns.Count || peer.CodeCount != ours.CategoricalColumns.Count)
            throw new InvalidOperationException($"ML.NET gave {peer.Width} numbers and {peer.CodeCount} codes per row, ours {ours.NumericColumns.Count} and {ours.CategoricalColumns.Count}: the pipelines do not do the same work.");
        int p = ours.NumericColumns.Count, age = ours.NumericColumns.ToList().IndexOf("age"), income = ours.NumericColumns.ToList().IndexOf("income");
        int peerAge = peer.Slot("age"), peerIncome = peer.Slot("income");
        var incomes = customers.Columns["income"];
        for (int r = 0; r < ours.Rows; r++)
        {
            float a = ours.Numeric[r * p + age], b = peer.Numeric[r * p + peerAge];
            if (Math.Abs(a - b) > 1e-4)
                throw new InvalidOperationException($"Standardized age differs at row {r}: ours {a}, ML.NET {b}.");
            float x = ours.Numeric[r * p + income], y = peer.Numeric[r * p + peerIncome];
            if (incomes[r] is null ? Math.Abs(y) > 1e-3 : Math.Abs(x - y) > 0.05)
                throw new InvalidOperationException($"Standardized income differs at row {r} (missing: {incomes[r] is null}): ours {x}, ML.NET {y}.");
        }
    }

    /// <summary>Customers with the customers.csv shape, with about 2% more values missing in three more columns (seeded).</summary>
    internal static DataFrame Customers(int rows)
    {
        var frame = SampleBank.Generate(customers: rows, seed: 42, transactionAccounts: 0).Customers;
        var rng = new Random(7);
        foreach (var name in Missing.Skip(1))
        {
            var column = frame.Columns[name];
            for (long r = 0; r < rows; r++)
                if (rng.NextDouble() < 0.02) column[r] = null;
        }
        return frame;
    }

    /// <summary>
    /// The same preparation in ML.NET: numbers to float32, missing replaced by the mean, the derived column, one-hot
    /// indicators, key codes, mean-variance scaling of the numbers (centred, as ours), all numbers into one vector.
    /// </summary>
    private static IEstimator<ITransformer> Peer(MLContext ml, DataFrame frame)
    {
        var numbers = new List<string>();
        var flags = new List<string>();
        foreach (var c in frame.Columns)
        {
            if (c.Name is "customer_id" or "name" or "defaulted_next_12m" or Label || OneHot.Contains(c.Name) || Codes.Contains(c.Name)) continue;
            if (c.DataType == typeof(bool)) flags.Add(c.Name); else numbers.Add(c.Name);
        }
        var convert = numbers.Concat(flags).Append(Label).Select(n => new InputOutputColumnPair(n, n)).ToArray();
        var replace = Missing.Select(n => new InputOutputColumnPair(n, n)).ToArray();
        return ml.Transforms.Conversion.ConvertType(convert, DataKind.Single)
            .Append(ml.Transforms.ReplaceMissingValues(replace, MissingValueReplacingEstimator.ReplacementMode.Mean))
            .Append(ml.Transforms.Expression("total_balance", "(a, b) => a + b", "checking_balance", "savings_balance"))
            .Append(ml.Transforms.Concatenate("Numbers", numbers.Append("total_balance").ToArray()))
            .Append(ml.Transforms.NormalizeMeanVariance("Numbers", fixZero: false))
            .Append(ml.Transforms.Categorical.OneHotEncoding(OneHot.Select(n => new InputOutputColumnPair(n, n)).ToArray()))
            .Append(ml.Transforms.Conversion.MapValueToKey(Codes.Select(n => new InputOutputColumnPair(n, n)).ToArray()))
            .Append(ml.Transforms.Concatenate("Features", new[] { "Numbers" }.Concat(flags).Concat(OneHot).ToArray()));
    }

    /// <summary>ML.NET's output read into row-major arrays, with the order of the numbers at the start of its Features vector.</summary>
    private sealed record PeerMatrix(int Width, int CodeCount, float[] Numeric, long[] Codes, float[] Labels, IReadOnlyList<string> Numbers)
    {
        /// <summary>The position of a standardized number in the Features vector.</summary>
        public int Slot(string number) => Numbers.ToList().IndexOf(number) is >= 0 and var i ? i : throw new KeyNotFoundException(number);
    }

    /// <summary>
    /// Reads every row's Features vector, category codes and label through a cursor into row-major arrays, as
    /// ToFeatures gives them for training.
    /// </summary>
    private static PeerMatrix Materialise(IDataView data, int rows)
    {
        var featuresColumn = data.Schema["Features"];
        var codeColumns = Codes.Select(c => data.Schema[c]).ToArray();
        var labelColumn = data.Schema[Label];
        int width = ((VectorDataViewType)featuresColumn.Type).Size;
        var numeric = new float[(long)rows * width];
        var codes = new long[(long)rows * codeColumns.Length];
        var labels = new float[rows];
        using (var cursor = data.GetRowCursor(codeColumns.Append(featuresColumn).Append(labelColumn)))
        {
            var getFeatures = cursor.GetGetter<VBuffer<float>>(featuresColumn);
            var getCodes = codeColumns.Select(c => cursor.GetGetter<uint>(c)).ToArray();
            var getLabel = cursor.GetGetter<float>(labelColumn);
            VBuffer<float> features = default;
            uint code = 0;
            int row = 0;
            while (cursor.MoveNext())
            {
                if (row == rows) throw new InvalidOperationException($"ML.NET gave more than {rows} rows.");
                getFeatures(ref features);
                features.CopyTo(numeric.AsSpan(row * width, width));
                for (int j = 0; j < getCodes.Length; j++) { getCodes[j](ref code); codes[row * getCodes.Length + j] = code; }
                getLabel(ref labels[row]);
                row++;
            }
            if (row != rows) throw new InvalidOperationException($"ML.NET gave {row} rows (expected {rows}).");
        }
        // The same check ToFeatures makes: every feature is a finite number.
        foreach (var v in numeric)
            if (!float.IsFinite(v)) throw new InvalidOperationException("ML.NET left a missing or infinite feature.");
        var slotNames = default(VBuffer<ReadOnlyMemory<char>>);
        data.Schema["Numbers"].GetSlotNames(ref slotNames);
        var numbers = slotNames.DenseValues().Select(n => n.ToString()).ToArray();
        return new PeerMatrix(width, codeColumns.Length, numeric, codes, labels, numbers);
    }
}
