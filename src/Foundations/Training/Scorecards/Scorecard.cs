using System.Globalization;
using Foundations.Data;
using Microsoft.Data.Analysis;

namespace Foundations.Training;

/// <summary>
/// A points scorecard as banks build it: every characteristic (raw column) binned automatically (numbers cut at
/// quantiles and merged to a monotone event rate where one fits, categories grouped by event rate, missing values in
/// their own bin), coded by weight of evidence, selected by information value and correlation, weighted by a
/// logistic regression on the WoE codes, each bin adjusted for what the other characteristics already say where
/// cross-validation shows it pays, and scaled to points (points to double the odds, base score at base odds).
/// Immutable: <see cref="Fit(DataFrame, string, string?, ScorecardSettings?, string?)"/> learns, the rest only reads.
/// </summary>
public sealed class Scorecard
{
    /// <summary>The format of the scorecard inside its model file.</summary>
    public const string Format = "foundations.scorecard/1";
    private const string Kind = "scorecard";

    private readonly State _state;

    private Scorecard(State state)
    {
        _state = state;
        Factor = state.Settings.PointsToDoubleOdds / Math.Log(2);
        Offset = state.Settings.BaseScore - Factor * Math.Log(state.Settings.BaseOdds);
    }

    /// <summary>The settings it was built with.</summary>
    public ScorecardSettings Settings => _state.Settings;
    /// <summary>Every characteristic considered, in the scorecard or not (with the reason), strongest first.</summary>
    public IReadOnlyList<ScorecardCharacteristic> Characteristics => _state.Characteristics;
    /// <summary>The characteristics in the scorecard, strongest first.</summary>
    public IReadOnlyList<ScorecardCharacteristic> Selected => _state.Characteristics.Where(c => c.Selected).ToList();
    /// <summary>Columns not considered at all (identifiers, dates, free text), each with the reason.</summary>
    public IReadOnlyList<string> Notes => _state.Notes;
    /// <summary>The logistic regression's intercept (log-odds of the event at WoE 0 everywhere).</summary>
    public double Intercept => _state.Intercept;
    /// <summary>Points per unit of log-odds: PDO ÷ ln 2.</summary>
    public double Factor { get; }
    /// <summary>The score at even odds: base score − factor · ln(base odds).</summary>
    public double Offset { get; }
    /// <summary>The column the scorecard predicts (null when fitted from labels alone).</summary>
    public string? Target => _state.Target;
    /// <summary>How the bins' points were adjusted for overlap between characteristics, and the cross-validation that chose it.</summary>
    public ScorecardAdjustment Adjustment => _state.Adjustment ?? new ScorecardAdjustment(null, 0, Array.Empty<ScorecardCandidate>());
    /// <summary>Training customers and events it was built on.</summary>
    public long TrainingRows => _state.TrainingRows;
    public long TrainingEvents => _state.TrainingEvents;

    /// <summary>Builds a scorecard for <paramref name="target"/> (0/1, true/false, or text with <paramref name="positiveLabel"/>) from the raw training rows.</summary>
    /// <remarks>
    /// groupBy names the customer (or account) column of a file with several rows per customer: the checks that hold
    /// training rows out (the cross-validation choosing adjustments, the held-out information value of a many-valued
    /// category) then hold out whole customers, so a value repeated over a customer's rows cannot pass by recalling that
    /// customer's outcome. It is never a characteristic unless named in <see cref="ScorecardSettings.Characteristics"/>.
    /// </remarks>
    public static Scorecard Fit(DataFrame train, string target, string? positiveLabel = null, ScorecardSettings? settings = null, string? groupBy = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        var column = FrameOps.Column(train, target, "Scorecard target");
        var labels = FittedRecipe.Labels(column, positiveLabel, r => $"row {r}").Select(v => (int)v).ToArray();
        return Fit(train, labels, target, settings, groupBy);
    }

    /// <summary>Builds a scorecard from the raw training rows and their 0/1 labels (the target column, if in the frame, is named so it is not a characteristic).</summary>
    /// <remarks>groupBy: the customer column of a file with several rows per customer (see the other overload).</remarks>
    public static Scorecard Fit(DataFrame train, IReadOnlyList<int> labels, string? target = null, ScorecardSettings? settings = null, string? groupBy = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        var groups = groupBy is null ? null : GroupedHoldout.Number(FrameOps.Keys(FrameOps.Column(train, groupBy, "Scorecard groupBy")));
        return Fit(train, labels, target, settings, groups, groupBy);
    }

    /// <summary>
    /// The fit itself. groups: each row's customer number (<see cref="GroupedHoldout.Number"/>), null for one row per
    /// customer; groupBy: the column they come from, when it is in the frame (left out of the automatic characteristics).
    /// </summary>
    internal static Scorecard Fit(DataFrame train, IReadOnlyList<int> labels, string? target, ScorecardSettings? settings, int[]? groups, string? groupBy = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(labels);
        settings ??= new ScorecardSettings();
        Check(settings);
        int n = checked((int)train.Rows.Count);
        if (labels.Count != n) throw new ArgumentException($"labels has {labels.Count} values but the frame has {n} rows.", nameof(labels));
        if (groups is not null && groups.Length != n) throw new ArgumentException($"groups has {groups.Length} values but the frame has {n} rows.", nameof(groups));
        var y = labels.ToArray();
        for (int r = 0; r < n; r++)
            if (y[r] is not (0 or 1)) throw new ArgumentException($"labels[{r}] is {y[r]}; labels must be 0 or 1.", nameof(labels));
        long events = y.Sum(v => (long)v);
        if (events == 0 || events == n) throw new ArgumentException($"A scorecard needs events and non-events; found {events} events in {n} rows.", nameof(labels));

        var notes = new List<string>();
        var drafts = new List<Draft>();
        foreach (var column in Candidates(train, target, groupBy, settings, notes))
            drafts.Add(Characterize(column, y, events, settings, groups));
        if (drafts.Count == 0)
            throw new ArgumentException($"The frame has no column a scorecard can use ({(notes.Count == 0 ? "no columns besides the target" : string.Join("; ", notes))}).", nameof(train));

        // Strongest first, so the correlation filter keeps the stronger of each pair and the table reads from the top.
        drafts = drafts.OrderByDescending(d => d.InformationValue).ThenBy(d => d.Name, StringComparer.Ordinal).ToList();
        var kept = new List<Draft>();
        foreach (var d in drafts)
        {
            if (d.InformationValue < settings.MinInformationValue)
            {
                d.LeftOutBecause = string.Format(CultureInfo.InvariantCulture, "information value {0:0.000} is below {1:0.###}: it barely separates events from non-events", d.InformationValue, settings.MinInformationValue);
                continue;
            }
            if (d.HeldOutInformationValue is { } heldOut && heldOut < settings.MinInformationValue)
            {
                d.LeftOutBecause = string.Format(CultureInfo.InvariantCulture,
                    "information value {0:0.000} on the customers it was grouped on, but {1:0.000} when the grouping of its {2:N0} categories, learned on half of them, is tried on the other half: the separation is mostly chance",
                    d.InformationValue, heldOut, d.Categories);
                continue;
            }
            var twin = kept.Select(k => (k, R: Pearson(k.Codes, d.Codes))).FirstOrDefault(p => Math.Abs(p.R) > settings.MaxCorrelation);
            if (twin.k is not null)
                d.LeftOutBecause = string.Format(CultureInfo.InvariantCulture, "its WoE codes correlate {0:0.00} with '{1}', which has the higher information value ({2:0.000})", twin.R, twin.k.Name, twin.k.InformationValue);
            else kept.Add(d);
        }
        if (kept.Count == 0)
        {
            var strongest = drafts[0];
            strongest.LeftOutBecause = null;
            kept.Add(strongest);
            // Pure noise leaves every characteristic in one bin (or bins of equal event rates). The scorecard is then the
            // base rate alone, said so plainly, rather than an error that would stop the other models beside it.
            notes.Add(strongest.InformationValue > 0
                ? string.Format(CultureInfo.InvariantCulture, "No characteristic reached an information value of {0:0.###}; the scorecard keeps the strongest, '{1}' (IV {2:0.000}), and is weak.", settings.MinInformationValue, strongest.Name, strongest.InformationValue)
                : string.Format(CultureInfo.InvariantCulture, "None of the {0} characteristics separates events from non-events in the training rows (every information value is 0): every customer gets the same score, the base rate's, and the scorecard predicts nothing. Check the target and the columns, or whether the outcome can be told from them at all.", drafts.Count));
        }

        var labelFloats = y.Select(v => (float)v).ToArray();
        double[] weights;
        double intercept;
        while (true)
        {
            (weights, intercept) = LogisticRegression.NewtonFit(WoeDesign(kept, null), labelFloats, n, kept.Count, settings.Ridge);
            // WoE is high where events are rare, so each weight on the event's log-odds should be negative. A positive one
            // means the characteristic only corrects for others it overlaps with; banks leave such characteristics out.
            int wrong = Enumerable.Range(0, kept.Count).Where(j => weights[j] > 0).OrderByDescending(j => weights[j]).DefaultIfEmpty(-1).First();
            if (wrong < 0 || kept.Count == 1) break;
            kept[wrong].LeftOutBecause = "its weight came out with the wrong sign beside the other characteristics (it would add risk where its own bins say less)";
            kept.RemoveAt(wrong);
        }

        // A bin's WoE describes its characteristic alone; beside the others it may be worth more or less (a customer whose
        // logins fell matters more when they used to log in often). Adjustments per bin, kept small by a ridge penalty,
        // correct for that where cross-validation on the training customers shows they predict better than none.
        var adjustment = ChooseAdjustment(kept, y, settings, groups);
        var adjustments = kept.Select(d => new double[d.Bins.Count]).ToArray();
        if (adjustment.Penalty is { } penalty)
        {
            var (all, allIntercept) = FitAdjusted(kept, Enumerable.Range(0, n).ToArray(), labelFloats, settings.Ridge, penalty);
            intercept = allIntercept;
            weights = all[..kept.Count];
            int offset = kept.Count;
            for (int j = 0; j < kept.Count; j++)
                for (int b = 0; b < kept[j].Bins.Count; b++) adjustments[j][b] = all[offset++];
        }

        double factor = settings.PointsToDoubleOdds / Math.Log(2), scoreOffset = settings.BaseScore - factor * Math.Log(settings.BaseOdds);
        double share = (scoreOffset - factor * intercept) / kept.Count;
        var characteristics = drafts.Select(d =>
        {
            int j = kept.IndexOf(d);
            double beta = j < 0 ? 0 : weights[j];
            var bins = d.Bins.Select((b, i) =>
            {
                double adjust = j < 0 ? 0 : adjustments[j][i];
                return b with { Adjustment = adjust, Points = j < 0 ? 0 : -factor * (beta * b.Woe + adjust) + share };
            }).ToList();
            return new ScorecardCharacteristic(d.Name, d.Kind, d.Trend, bins, d.InformationValue, beta, j < 0 ? d.LeftOutBecause ?? "not selected" : null);
        }).ToList();
        notes.AddRange(TrendNotes(characteristics.Where(c => c.Selected)));
        return new Scorecard(new State(Format, target, settings, characteristics, intercept, n, events, notes, adjustment));
    }

    /// <summary>Probability of the event for every row of <paramref name="frame"/> (raw columns, as in training).</summary>
    public double[] Predict(DataFrame frame)
    {
        var (selected, binOf) = Assign(frame);
        var result = new double[checked((int)frame.Rows.Count)];
        for (int r = 0; r < result.Length; r++)
        {
            double z = Intercept;
            for (int j = 0; j < selected.Count; j++) z += selected[j].Bins[binOf[j][r]].LogOdds(selected[j].Coefficient);
            result[r] = 1 / (1 + Math.Exp(-z));
        }
        return result;
    }

    /// <summary>
    /// Every row's score with its points per characteristic and the <paramref name="reasons"/> characteristics where it
    /// lost most points against the best bin (the reasons a bank gives a declined applicant).
    /// </summary>
    public IReadOnlyList<ScorecardScore> Score(DataFrame frame, int reasons = 3)
    {
        if (reasons < 0) throw new ArgumentOutOfRangeException(nameof(reasons), reasons, "reasons cannot be negative.");
        var (selected, binOf) = Assign(frame);
        var best = selected.Select(c => c.Bins.Max(b => b.Points)).ToArray();
        int rows = checked((int)frame.Rows.Count);
        var scores = new List<ScorecardScore>(rows);
        for (int r = 0; r < rows; r++)
        {
            var points = new List<ScorecardPoints>(selected.Count);
            for (int j = 0; j < selected.Count; j++)
            {
                var bin = selected[j].Bins[binOf[j][r]];
                points.Add(new ScorecardPoints(selected[j].Name, bin.Label, bin.Points, best[j] - bin.Points));
            }
            double score = points.Sum(p => p.Points);
            double probability = 1 / (1 + Math.Exp((score - Offset) / Factor));
            var why = points.Where(p => p.PointsLost > 0.5).OrderByDescending(p => p.PointsLost).ThenBy(p => p.Characteristic, StringComparer.Ordinal).Take(reasons).ToList();
            scores.Add(new ScorecardScore(r, score, probability, points, why));
        }
        return scores;
    }

    /// <summary>The scorecard table: one row per bin of every characteristic in the scorecard, strongest characteristic first.</summary>
    public IReadOnlyList<ScorecardRow> Table() =>
        Selected.SelectMany(c => c.Bins.Select(b => new ScorecardRow(c.Name, b.Label, b.Count, (double)b.Count / TrainingRows, b.EventRate, b.Woe, b.InformationValue, b.Points, b.Adjustment))).ToList();

    /// <summary>The lowest and highest score the scorecard can give.</summary>
    public (double Min, double Max) ScoreRange =>
        (Selected.Sum(c => c.Bins.Min(b => b.Points)), Selected.Sum(c => c.Bins.Max(b => b.Points)));

    public override string ToString() => string.Format(CultureInfo.InvariantCulture,
        "Scorecard for {0}: {1} of {2} characteristics, {3:0.##} points to double the odds, {4:0.##} points at odds {5:0.##}:1, scores {6:0} to {7:0}",
        Target ?? "the event", Selected.Count, Characteristics.Count, Settings.PointsToDoubleOdds, Settings.BaseScore, Settings.BaseOdds, ScoreRange.Min, ScoreRange.Max);

    /// <summary>Saves the scorecard to one model file (bins, weights, points and settings, with the kit's checksummed manifest).</summary>
    public string Save(string path)
    {
        var schema = Selected.Select(c => new RecipeColumn(c.Name, c.Kind switch { "numeric" => "number", DateKind => "date-time", _ => "category" })).ToList();
        return ModelFile.Write(path, _state, recipeJson: null, writeWeights: null, Kind, Format, schema);
    }

    /// <summary>What the scorecard learned, as JSON for a prediction model file.</summary>
    internal System.Text.Json.JsonElement ToFileJson() => System.Text.Json.JsonSerializer.SerializeToElement(_state);

    /// <summary>Rebuilds a scorecard from <see cref="ToFileJson"/> inside a prediction model file.</summary>
    internal static Scorecard FromFileJson(System.Text.Json.JsonElement json)
    {
        var state = System.Text.Json.JsonSerializer.Deserialize<State>(json) ?? throw new InvalidDataException("model.json lacks the scorecard");
        return FromState(state);
    }

    /// <summary>
    /// A scorecard read from a file, after checking what scoring relies on: every characteristic's bins in the order the
    /// kit writes them (numbers by rising upper bound, the last open; one "other" bin for categories; the missing bin
    /// last), and every weight a finite number. A forged file fails here, not on the first customer it scores.
    /// </summary>
    private static Scorecard FromState(State state)
    {
        if (state.Settings is null || state.Characteristics is null || state.Characteristics.Any(c => c is null || c.Bins is null || c.Bins.Count == 0 || c.Bins.Any(b => b is null)))
            throw new InvalidDataException("model.json lacks the scorecard's settings or a characteristic's bins");
        if (!double.IsFinite(state.Intercept)) throw new InvalidDataException("the scorecard's intercept is not a finite number");
        foreach (var c in state.Characteristics.Where(c => c.Selected))
            if (BinProblem(c) is { } problem) throw new InvalidDataException($"the scorecard's characteristic '{c.Name}' {problem}");
        return new Scorecard(state with { Notes = state.Notes ?? Array.Empty<string>() });
    }

    private static string? BinProblem(ScorecardCharacteristic c)
    {
        if (c.Name is null || c.Kind is not ("numeric" or DateKind or "categorical")) return $"has the kind '{c.Kind}'; the kit writes numeric, date or categorical";
        if (!double.IsFinite(c.Coefficient) || c.Bins.Any(b => !double.IsFinite(b.Woe) || !double.IsFinite(b.Adjustment) || !double.IsFinite(b.Points)))
            return "holds a weight, WoE or points that are not a finite number";
        var bins = c.Bins;
        if (!bins[^1].IsMissing || bins.Count(b => b.IsMissing) != 1) return "does not end with its one missing-values bin";
        var values = bins.Take(bins.Count - 1).ToList();
        if (c.Kind == "categorical")
        {
            if (values.Count(b => b.IsOther) != 1 || values.Any(b => b.Categories is null)) return "lacks its one bin for categories unseen in training";
            var all = values.SelectMany(b => b.Categories).ToList();
            return all.Distinct(StringComparer.Ordinal).Count() == all.Count ? null : "puts a category in two bins";
        }
        if (values.Count == 0 || values.Any(b => b.IsOther) || values[^1].Upper is not null) return "does not end with an open bin for the highest values";
        for (int b = 0; b + 1 < values.Count; b++)
            if (values[b].Upper is not { } upper || double.IsNaN(upper) || (b > 0 && !(upper > values[b - 1].Upper!.Value))) return "has bins whose upper bounds do not rise";
        return null;
    }

    /// <summary>Loads a scorecard saved by <see cref="Save"/>; a damaged or altered file is refused with a message naming it.</summary>
    public static Scorecard Load(string path)
    {
        var file = ModelFile.Read<State>(path, Kind, Format, s => s.Format);
        return ModelFile.Build(path, Kind, () =>
        {
            return FromState(file.Manifest<State>());
        });
    }

    // ------------------------------------------------------------------ fitting

    private sealed class Draft(string name, string kind, string trend, List<ScorecardBin> bins, double[] codes, int[] binOfRow)
    {
        /// <summary>Different categories seen (0 for a number or a date).</summary>
        public int Categories { get; init; }
        /// <summary>
        /// For a characteristic of many categories, its information value out of sample (grouped on one half of the
        /// customers, measured on the other, both ways); null otherwise.
        /// </summary>
        public double? HeldOutInformationValue { get; init; }
        /// <summary>The bin every training row falls in.</summary>
        public int[] BinOfRow { get; } = binOfRow;
        public string Name { get; } = name;
        public string Kind { get; } = kind;
        public string Trend { get; } = trend;
        public List<ScorecardBin> Bins { get; } = bins;
        public double[] Codes { get; } = codes;
        public double InformationValue { get; } = bins.Sum(b => b.InformationValue);
        public string? LeftOutBecause { get; set; }
    }

    private static void Check(ScorecardSettings s)
    {
        if (!(s.PointsToDoubleOdds > 0)) throw new ArgumentOutOfRangeException(nameof(s.PointsToDoubleOdds), s.PointsToDoubleOdds, "Points to double the odds must be positive (for example 20).");
        if (!(s.BaseOdds > 0)) throw new ArgumentOutOfRangeException(nameof(s.BaseOdds), s.BaseOdds, "Base odds must be positive (for example 50 for 50:1).");
        if (s.FineBins < 2) throw new ArgumentOutOfRangeException(nameof(s.FineBins), s.FineBins, "FineBins must be at least 2.");
        if (s.MaxBins < 2) throw new ArgumentOutOfRangeException(nameof(s.MaxBins), s.MaxBins, "MaxBins must be at least 2.");
        if (!(s.MinBinShare >= 0 && s.MinBinShare < 0.5)) throw new ArgumentOutOfRangeException(nameof(s.MinBinShare), s.MinBinShare, "MinBinShare is a share between 0 and 0.5 (for example 0.05).");
        if (!(s.MaxCorrelation > 0 && s.MaxCorrelation <= 1)) throw new ArgumentOutOfRangeException(nameof(s.MaxCorrelation), s.MaxCorrelation, "MaxCorrelation is between 0 and 1 (for example 0.7).");
        if (!(s.Ridge >= 0)) throw new ArgumentOutOfRangeException(nameof(s.Ridge), s.Ridge, "Ridge cannot be negative.");
        if (s.AdjustmentPenalties is null || s.AdjustmentPenalties.Any(p => !(p > 0) || double.IsInfinity(p)))
            throw new ArgumentOutOfRangeException(nameof(s.AdjustmentPenalties), s.AdjustmentPenalties is null ? "null" : string.Join(", ", s.AdjustmentPenalties), "AdjustmentPenalties are positive, finite penalties (for example 0.03, 0.01, 0.003); leave the list empty for no adjustment.");
        if (s.CrossValidationFolds < 2) throw new ArgumentOutOfRangeException(nameof(s.CrossValidationFolds), s.CrossValidationFolds, "CrossValidationFolds must be at least 2.");
    }

    /// <summary>The columns to bin: those named in the settings, or every column but the target, identifiers, dates and free text.</summary>
    private static List<DataFrameColumn> Candidates(DataFrame train, string? target, string? groupBy, ScorecardSettings settings, List<string> notes)
    {
        var result = new List<DataFrameColumn>();
        if (settings.Characteristics.Count > 0)
        {
            var missing = settings.Characteristics.Where(c => train.Columns.IndexOf(c) < 0).ToArray();
            if (missing.Length > 0)
                throw new ArgumentException($"Characteristic(s) {string.Join(", ", missing.Select(m => $"'{m}'"))} are not columns of the data (columns: {string.Join(", ", train.Columns.Select(c => c.Name))}).", nameof(settings));
            foreach (var name in settings.Characteristics.Distinct())
            {
                if (name == target) throw new ArgumentException($"'{name}' is the target; it cannot be a characteristic.", nameof(settings));
                var column = train.Columns[name];
                if (FrameOps.Family(column) is not ("number" or "date-time" or "text" or "boolean"))
                    throw new ArgumentException($"Characteristic '{name}' is {FrameOps.Family(column)}; a scorecard bins numbers, dates, text and true/false.", nameof(settings));
                result.Add(column);
            }
            return result;
        }
        foreach (var column in train.Columns)
        {
            if (column.Name == target) continue;
            if (column.Name == groupBy) { notes.Add($"'{column.Name}' left out: it names the customer each row belongs to (groupBy)."); continue; }
            string family = FrameOps.Family(column);
            if (Disclosure.IsIdentifier(column)) { notes.Add($"'{column.Name}' left out: an identifier or personal data."); continue; }
            if (family is not ("number" or "date-time" or "text" or "boolean")) { notes.Add($"'{column.Name}' left out: {family} values are not binned (derive a number from it first)."); continue; }
            if (family == "text")
            {
                var keys = FrameOps.Keys(column);
                int present = keys.Count(k => k is not null), distinct = keys.Where(k => k is not null).Distinct().Count();
                // Mostly different values name the row rather than describe it: free text or a reference.
                if (present >= 20 && distinct > 0.5 * present) { notes.Add($"'{column.Name}' left out: {distinct:N0} different values in {present:N0} rows, like free text or references."); continue; }
            }
            result.Add(column);
        }
        return result;
    }

    /// <summary>Bins one characteristic and codes every training row by its bin's WoE.</summary>
    private static Draft Characterize(DataFrameColumn column, int[] labels, long events, ScorecardSettings settings, int[]? customers)
    {
        int n = labels.Length;
        long nonEvents = n - events;
        var bins = new List<(ScorecardBin Bin, long Count, long Events)>();
        var binOfRow = new int[n];
        string kind, trend;
        int missingCount = 0, missingEvents = 0;
        if (ColumnTypes.NumbersOrYears(column) is { } values)
        {
            kind = column is PrimitiveDataFrameColumn<DateTime> ? DateKind : "numeric";
            Func<double, string> show = kind == DateKind ? DateOf : Number;
            var present = Enumerable.Range(0, n).Where(r => !double.IsNaN(values[r])).ToArray();
            List<Binning.Group> groups;
            if (present.Length == 0) (groups, trend) = (new List<Binning.Group>(), "flat");
            else (groups, trend) = Binning.Numeric(present.Select(r => values[r]).ToArray(), present.Select(r => labels[r]).ToArray(), n, settings);
            double? lower = null;
            for (int g = 0; g < groups.Count; g++)
            {
                double? upper = double.IsPositiveInfinity(groups[g].Upper) ? null : groups[g].Upper;
                string label = (lower, upper) switch
                {
                    (null, null) => "all values",
                    (null, { } u) => $"\u2264 {show(u)}",
                    ({ } l, null) => $"> {show(l)}",
                    ({ } l, { } u) => $"({show(l)}, {show(u)}]",
                };
                bins.Add((new ScorecardBin(label, lower, upper, Array.Empty<string>(), false, false, 0, 0, 0, 0, 0, 0), groups[g].Count, groups[g].Events));
                lower = upper;
            }
            for (int r = 0; r < n; r++)
            {
                if (double.IsNaN(values[r])) { binOfRow[r] = -1; missingCount++; missingEvents += labels[r]; continue; }
                int b = 0;
                while (bins[b].Bin.Upper is { } u && values[r] > u) b++;
                binOfRow[r] = b;
            }
        }
        else
        {
            kind = "categorical";
            trend = "grouped by event rate";
            var keys = FrameOps.Keys(column);
            var present = Enumerable.Range(0, n).Where(r => keys[r] is not null).ToArray();
            var groups = present.Length == 0 ? new List<Binning.Group>() : Binning.Categorical(present.Select(r => keys[r]!).ToArray(), present.Select(r => labels[r]).ToArray(), n, settings);
            var binOfKey = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int g = 0; g < groups.Count; g++)
            {
                var categories = groups[g].Categories.Order(StringComparer.Ordinal).ToList();
                string list = categories.Count <= 6 ? string.Join(", ", categories) : $"{string.Join(", ", categories.Take(5))}, \u2026 ({categories.Count - 5} more)";
                bins.Add((new ScorecardBin(list, null, null, categories, false, false, 0, 0, 0, 0, 0, 0), groups[g].Count, groups[g].Events));
                foreach (var c in categories) binOfKey[c] = g;
            }
            bins.Add((new ScorecardBin("Other: unseen in training", null, null, Array.Empty<string>(), false, true, 0, 0, 0, 0, 0, 0), 0, 0));
            int other = bins.FindIndex(b => b.Bin.IsOther);
            for (int r = 0; r < n; r++)
            {
                if (keys[r] is not { } key) { binOfRow[r] = -1; missingCount++; missingEvents += labels[r]; continue; }
                binOfRow[r] = binOfKey.TryGetValue(key, out var b) ? b : other;
            }
        }
        bins.Add((new ScorecardBin("Missing", null, null, Array.Empty<string>(), true, false, 0, 0, 0, 0, 0, 0), missingCount, missingEvents));
        int missingBin = bins.Count - 1;
        // Smoothing counts only bins that hold customers; an empty bin (no missing values, no unseen category) scores as
        // an average customer, WoE 0.
        int filled = bins.Count(b => b.Count > 0);
        var finished = bins.Select(b => b.Count == 0
            ? b.Bin
            : b.Bin with
            {
                Count = b.Count,
                Events = b.Events,
                EventRate = (double)b.Events / b.Count,
                Woe = Binning.Woe(b.Count - b.Events, b.Events, nonEvents, events, filled),
                InformationValue = Binning.Iv(b.Count - b.Events, b.Events, nonEvents, events, filled),
            }).ToList();
        var codes = new double[n];
        for (int r = 0; r < n; r++)
        {
            if (binOfRow[r] < 0) binOfRow[r] = missingBin;
            codes[r] = finished[binOfRow[r]].Woe;
        }
        if (kind != "categorical") return new Draft(column.Name, kind, trend, finished, codes, binOfRow);
        var keyed = FrameOps.Keys(column);
        int distinct = keyed.Where(k => k is not null).Distinct(StringComparer.Ordinal).Count();
        // Ordering many categories by their own event rates finds separation in noise (a county code with 2,000 values
        // and no effect looked informative): such a characteristic must show its information value on other customers.
        return new Draft(column.Name, kind, trend, finished, codes, binOfRow)
        {
            Categories = distinct,
            HeldOutInformationValue = distinct > CategorySignal.ManyCategories ? HeldOutIv(keyed, labels, settings, customers) : null,
        };
    }

    /// <summary>
    /// Information value out of sample: the categories grouped on one half of the rows (<see cref="CategorySignal.Halves"/>,
    /// whole customers when <paramref name="customers"/> is given) are measured on the other, and the other way round (the
    /// mean of the two). A category one half never saw counts in an "unseen" bin, as in scoring.
    /// </summary>
    private static double HeldOutIv(string?[] keys, int[] labels, ScorecardSettings settings, int[]? customers)
    {
        double total = 0;
        var half = CategorySignal.Halves(keys.Length, customers);
        for (int fold = 0; fold < 2; fold++)
        {
            var learn = Enumerable.Range(0, keys.Length).Where(r => half[r] != fold && keys[r] is not null).ToArray();
            int learnRows = Enumerable.Range(0, keys.Length).Count(r => half[r] != fold);
            var groups = learn.Length == 0 ? new List<Binning.Group>()
                : Binning.Categorical(learn.Select(r => keys[r]!).ToArray(), learn.Select(r => labels[r]).ToArray(), learnRows, settings);
            var binOfKey = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int g = 0; g < groups.Count; g++)
                foreach (var c in groups[g].Categories) binOfKey[c] = g;
            // Bins: the learned groups, then unseen, then missing.
            var count = new long[groups.Count + 2];
            var eventsIn = new long[groups.Count + 2];
            long heldEvents = 0, heldRows = 0;
            for (int r = 0; r < keys.Length; r++)
            {
                if (half[r] != fold) continue;
                int b = keys[r] is not { } key ? groups.Count + 1 : binOfKey.TryGetValue(key, out var g) ? g : groups.Count;
                count[b]++;
                eventsIn[b] += labels[r];
                heldEvents += labels[r];
                heldRows++;
            }
            long heldNonEvents = heldRows - heldEvents;
            if (heldEvents == 0 || heldNonEvents == 0) continue;
            int filled = count.Count(c => c > 0);
            for (int b = 0; b < count.Length; b++)
                if (count[b] > 0) total += Binning.Iv(count[b] - eventsIn[b], eventsIn[b], heldNonEvents, heldEvents, filled);
        }
        return total / 2;
    }

    /// <summary>The WoE codes of <paramref name="rows"/> (all rows when null), one column per characteristic.</summary>
    private static float[] WoeDesign(List<Draft> kept, int[]? rows)
    {
        int n = rows?.Length ?? kept[0].Codes.Length, width = kept.Count;
        var x = new float[n * width];
        for (int i = 0; i < n; i++)
        {
            int r = rows is null ? i : rows[i];
            for (int j = 0; j < width; j++) x[i * width + j] = (float)kept[j].Codes[r];
        }
        return x;
    }

    /// <summary>
    /// The logistic regression on the WoE codes and one indicator per bin (the adjustments), fitted on <paramref name="rows"/>:
    /// weights first, then every characteristic's bins in order. The ridge on the indicators keeps adjustments small
    /// (and settles the indicators of a characteristic, which add up to the intercept).
    /// </summary>
    private static (double[] Weights, double Intercept) FitAdjusted(List<Draft> kept, int[] rows, float[] labels, double ridge, double penalty)
    {
        int width = kept.Count + kept.Sum(d => d.Bins.Count);
        var x = AdjustedDesign(kept, rows, width);
        var y = rows.Select(r => labels[r]).ToArray();
        var penalties = Enumerable.Range(0, width).Select(i => i < kept.Count ? ridge : penalty).ToArray();
        return LogisticRegression.NewtonFit(x, y, rows.Length, width, 0, penalties);
    }

    private static float[] AdjustedDesign(List<Draft> kept, int[] rows, int width)
    {
        var x = new float[rows.Length * width];
        for (int i = 0; i < rows.Length; i++)
        {
            int offset = kept.Count;
            for (int j = 0; j < kept.Count; j++)
            {
                x[i * width + j] = (float)kept[j].Codes[rows[i]];
                x[i * width + offset + kept[j].BinOfRow[rows[i]]] = 1;
                offset += kept[j].Bins.Count;
            }
        }
        return x;
    }

    /// <summary>
    /// Compares no adjustment with each penalty of <see cref="ScorecardSettings.AdjustmentPenalties"/> by stratified
    /// k-fold cross-validation on the training rows (bins and WoE stay as fitted on all of them) and keeps the lowest
    /// held-out log loss. The folds come from a fixed seed: the same rows give the same scorecard.
    /// </summary>
    private static ScorecardAdjustment ChooseAdjustment(List<Draft> kept, int[] y, ScorecardSettings settings, int[]? groups)
    {
        int n = y.Length, folds = settings.CrossValidationFolds;
        long events = y.Sum(v => (long)v);
        // Each fold must hold both outcomes to say anything; with fewer customers than that the scorecard stays unadjusted.
        if (settings.AdjustmentPenalties.Count == 0 || Math.Min(events, n - events) < 2 * folds) return new ScorecardAdjustment(null, 0, Array.Empty<ScorecardCandidate>());
        var fold = Folds(y, groups, folds);
        if (Enumerable.Range(0, folds).Any(k => !FoldHoldsBoth(fold, y, k))) return new ScorecardAdjustment(null, 0, Array.Empty<ScorecardCandidate>());
        var labels = y.Select(v => (float)v).ToArray();
        var candidates = new List<ScorecardCandidate>();
        foreach (double? penalty in settings.AdjustmentPenalties.Select(p => (double?)p).Prepend(null))
        {
            var heldOut = new double[n];
            for (int k = 0; k < folds; k++)
            {
                var train = Enumerable.Range(0, n).Where(r => fold[r] != k).ToArray();
                var test = Enumerable.Range(0, n).Where(r => fold[r] == k).ToArray();
                double[] w;
                double b;
                if (penalty is { } p) (w, b) = FitAdjusted(kept, train, labels, settings.Ridge, p);
                else (w, b) = LogisticRegression.NewtonFit(WoeDesign(kept, train), train.Select(r => labels[r]).ToArray(), train.Length, kept.Count, settings.Ridge);
                foreach (int r in test)
                {
                    double z = b;
                    int offset = kept.Count;
                    for (int j = 0; j < kept.Count; j++)
                    {
                        z += w[j] * kept[j].Codes[r];
                        if (penalty is not null) z += w[offset + kept[j].BinOfRow[r]];
                        offset += kept[j].Bins.Count;
                    }
                    heldOut[r] = 1 / (1 + Math.Exp(-z));
                }
            }
            double logLoss = 0;
            for (int r = 0; r < n; r++) logLoss -= Math.Log(Math.Clamp(y[r] == 1 ? heldOut[r] : 1 - heldOut[r], 1e-15, 1));
            candidates.Add(new ScorecardCandidate(penalty, logLoss / n, BinaryMetrics.Auc(heldOut, y)));
        }
        var best = candidates.OrderBy(c => c.LogLoss).First();
        return new ScorecardAdjustment(best.Penalty, folds, candidates);
    }

    /// <summary>
    /// Each row's fold, stratified by the outcome: rows of one outcome dealt round the folds in a seeded order. With
    /// <paramref name="groups"/> whole customers are dealt instead (each in the outcome most of its rows hold, as
    /// <see cref="GroupedHoldout"/> does), so no fold predicts a customer from that customer's other rows.
    /// </summary>
    internal static int[] Folds(int[] y, int[]? groups, int folds)
    {
        int n = y.Length;
        var fold = new int[n];
        var rng = new Random(20_180_601);
        if (groups is null)
        {
            foreach (int label in new[] { 0, 1 })
            {
                var members = Enumerable.Range(0, n).Where(r => y[r] == label).ToArray();
                rng.Shuffle(members);
                for (int i = 0; i < members.Length; i++) fold[members[i]] = i % folds;
            }
            return fold;
        }
        var rowsOf = Enumerable.Range(0, n).GroupBy(r => groups[r]).OrderBy(g => g.Key).Select(g => g.ToArray()).ToArray();
        foreach (var stratum in rowsOf.GroupBy(rows => 2 * rows.Sum(r => y[r]) > rows.Length ? 1 : 0).OrderBy(s => s.Key))
        {
            var members = stratum.ToArray();
            rng.Shuffle(members);
            // The next customer goes to the fold with the fewest rows so far, so folds stay even when customers differ in size.
            var size = new long[folds];
            foreach (var rows in members)
            {
                int k = Array.IndexOf(size, size.Min());
                foreach (int r in rows) fold[r] = k;
                size[k] += rows.Length;
            }
        }
        return fold;
    }

    /// <summary>Whether fold <paramref name="k"/>'s rows and the rows outside it both hold events and non-events.</summary>
    private static bool FoldHoldsBoth(int[] fold, int[] y, int k)
    {
        bool inEvent = false, inNon = false, outEvent = false, outNon = false;
        for (int r = 0; r < y.Length; r++)
        {
            if (fold[r] == k) { if (y[r] == 1) inEvent = true; else inNon = true; }
            else if (y[r] == 1) outEvent = true;
            else outNon = true;
        }
        return inEvent && inNon && outEvent && outNon;
    }

    /// <summary>
    /// Where adjusted points no longer follow a characteristic's own bins (a bin with the higher WoE getting fewer points),
    /// a note names it: a reviewer should see where the scorecard departs from the characteristic's own story.
    /// </summary>
    private static IEnumerable<string> TrendNotes(IEnumerable<ScorecardCharacteristic> selected)
    {
        foreach (var c in selected)
        {
            var bins = c.Bins.Where(b => b.Count > 0).ToList();
            int crossed = 0, pairs = 0;
            for (int a = 0; a < bins.Count; a++)
                for (int b = a + 1; b < bins.Count; b++)
                {
                    if (bins[a].Woe == bins[b].Woe) continue;
                    pairs++;
                    if (Math.Sign(bins[a].Woe - bins[b].Woe) != Math.Sign(bins[a].Points - bins[b].Points)) crossed++;
                }
            if (crossed > 0)
                yield return string.Format(CultureInfo.InvariantCulture,
                    "'{0}': in {1} of {2} pairs of bins the one with the higher WoE gets fewer points, once adjusted for the other characteristics.", c.Name, crossed, pairs);
        }
    }

    private static string Number(double v) => v.ToString("G6", CultureInfo.InvariantCulture);

    /// <summary>The kind of a characteristic binned by date (cut as decimal years, labelled as days).</summary>
    private const string DateKind = "date";

    /// <summary>A date bin's edge as a day: 2011.5 → 2011-07-02.</summary>
    private static string DateOf(double years) => FittedDateAsYears.Day(years).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static double Pearson(double[] a, double[] b)
    {
        int n = a.Length;
        double ma = a.Average(), mb = b.Average(), sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < n; i++) { sab += (a[i] - ma) * (b[i] - mb); saa += (a[i] - ma) * (a[i] - ma); sbb += (b[i] - mb) * (b[i] - mb); }
        return saa == 0 || sbb == 0 ? 0 : sab / Math.Sqrt(saa * sbb);
    }

    // ------------------------------------------------------------------ scoring

    /// <summary>The characteristics in the scorecard and, for each, the bin every row of <paramref name="frame"/> falls in.</summary>
    private (List<ScorecardCharacteristic> Selected, int[][] BinOf) Assign(DataFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var selected = Selected.ToList();
        var missing = selected.Where(c => frame.Columns.IndexOf(c.Name) < 0).Select(c => $"'{c.Name}'").ToArray();
        if (missing.Length > 0)
            throw new ArgumentException($"The frame lacks {(missing.Length == 1 ? "a column" : "columns")} the scorecard uses: {string.Join(", ", missing)}.", nameof(frame));
        int rows = checked((int)frame.Rows.Count);
        var binOf = new int[selected.Count][];
        for (int j = 0; j < selected.Count; j++)
        {
            var c = selected[j];
            var column = frame.Columns[c.Name];
            var assigned = binOf[j] = new int[rows];
            int missingBin = c.Bins.ToList().FindIndex(b => b.IsMissing);
            if (c.Kind is "numeric" or DateKind)
            {
                string expected = c.Kind == DateKind ? "date-time" : "number";
                if (FrameOps.Family(column) != expected || ColumnTypes.NumbersOrYears(column) is not { } values)
                    throw new ArgumentException($"Column '{c.Name}' is {FrameOps.Family(column)} in this frame, but the scorecard binned it as {(c.Kind == DateKind ? "dates" : "numbers")}.", nameof(frame));
                var uppers = c.Bins.Where(b => !b.IsMissing).Select(b => b.Upper).ToArray();
                for (int r = 0; r < rows; r++)
                {
                    if (double.IsNaN(values[r])) { assigned[r] = missingBin; continue; }
                    int b = 0;
                    while (uppers[b] is { } u && values[r] > u) b++;
                    assigned[r] = b;
                }
            }
            else
            {
                var byKey = new Dictionary<string, int>(StringComparer.Ordinal);
                for (int b = 0; b < c.Bins.Count; b++)
                    foreach (var category in c.Bins[b].Categories) byKey[category] = b;
                int other = c.Bins.ToList().FindIndex(b => b.IsOther);
                var keys = FrameOps.Keys(column);
                for (int r = 0; r < rows; r++)
                    assigned[r] = keys[r] is not { } key ? missingBin : byKey.TryGetValue(key, out var b) ? b : other;
            }
        }
        return (selected, binOf);
    }

    private sealed record State(string Format, string? Target, ScorecardSettings Settings, IReadOnlyList<ScorecardCharacteristic> Characteristics,
        double Intercept, long TrainingRows, long TrainingEvents, IReadOnlyList<string> Notes, ScorecardAdjustment? Adjustment = null);
}
