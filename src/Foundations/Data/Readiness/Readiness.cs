using System.Globalization;
using Foundations.Experiments;
using Microsoft.Data.Analysis;

namespace Foundations.Data;

/// <summary>
/// Checks whether a table is ready for a model before any training: size, target, columns, leakage suspects and
/// train/test consistency, each with a traffic light, the evidence and what to do.
/// </summary>
public static partial class Readiness
{
    /// <summary>The name of the check that flags row keys, names and references.</summary>
    public const string IdentifierCheck = "Identifier-like column";
    /// <summary>The name of the check that flags one column separating the target almost perfectly.</summary>
    public const string LeakyColumnCheck = "Leakage suspect: separates the target alone";
    /// <summary>The name of the check that flags names hinting at values recorded after the outcome.</summary>
    public const string PostOutcomeCheck = "Leakage suspect: may be recorded after the outcome";
    /// <summary>The name of the check that flags an identifier whose text gives the label away.</summary>
    public const string TargetInIdentifierCheck = "Leakage suspect: target encoded in an identifier";
    /// <summary>The name of the check that lists the columns left out of the inputs (the <c>exclude</c> argument).</summary>
    public const string LeftOutCheck = "Columns left out";
    /// <summary>The name of the check that lists inputs named like a characteristic protected in lending, or a stand-in for one.</summary>
    public const string ProtectedCheck = "Protected characteristics as inputs";
    /// <summary>The name of the line for columns left out of the inputs that are named like a protected characteristic.</summary>
    public const string ProtectedLeftOutCheck = "Protected characteristics left out";
    /// <summary>The name of the check that flags a person's age outside 0 to 120 years.</summary>
    public const string ImpossibleAgeCheck = "Impossible ages";
    /// <summary>The name of the check that flags columns holding one value.</summary>
    public const string ConstantCheck = "Constant column";
    /// <summary>The name of the check that flags label values that differ only in spelling.</summary>
    public const string LabelSpellingCheck = "Label spellings";
    /// <summary>The name of the check that flags rows present in both the train and the test part.</summary>
    public const string DuplicatedAcrossPartsCheck = "Rows in both parts";
    /// <summary>The name of the check that flags a column whose distribution differs between the parts.</summary>
    public const string ShiftCheck = "Distribution shift between parts";

    // Thresholds, named so the evidence can quote them.
    internal const double LeakyAuc = 0.95, StrongAuc = 0.9, LeakyGap = 0.1, MissingSignalAuc = 0.6, MissingLeakAuc = 0.8, ExactAuc = 0.999;
    internal const int DeepModelRows = 10_000, HighCardinality = CategorySignal.ManyCategories, OldestAge = 120;

    // Words in a column name that suggest it was filled in after the outcome was known.
    private static readonly string[] PostOutcomeWords = { "duration", "status", "closed", "close", "closure", "outcome", "result", "resolved", "resolution", "writeoff", "chargeoff", "recovered", "recovery", "exit", "exited", "left" };
    private static readonly string[] PostOutcomeStems = { "cancel", "terminat", "churn", "default", "outcome" };
    // "status" and "duration" after one of these describe the applicant, known when applying (Prosper's EmploymentStatus,
    // German credit's checking_status and personal_status), not the account after the outcome.
    private static readonly string[] ApplicantQualifiers = { "employment", "employ", "emp", "marital", "family", "housing", "residential", "residence", "student", "checking", "savings", "saving", "personal", "citizenship", "job", "occupation", "work", "home", "smoking" };

    /// <summary>The first word of <paramref name="name"/> that marks a value often known only after the outcome; null for none.</summary>
    internal static string? PostOutcomeWord(string name)
    {
        var tokens = NameTokens(name).ToList();
        for (int i = 0; i < tokens.Count; i++)
        {
            string t = tokens[i];
            bool describesApplicant = t is "status" or "duration" && tokens.Take(i).Any(q => ApplicantQualifiers.Contains(q));
            if (!describesApplicant && (PostOutcomeWords.Contains(t) || PostOutcomeStems.Any(t.StartsWith))) return t;
        }
        return null;
    }

    /// <summary>
    /// Checks <paramref name="frame"/> for predicting <paramref name="target"/> (positive label: 1, true or yes unless given);
    /// logs readiness_red and readiness_amber. <paramref name="exclude"/> names the columns the model will not read
    /// (identifiers, columns known only after the outcome, as given to <c>PrepareFor</c>): they are not checked as inputs
    /// and not counted against the data, but listed, each with how well it alone ranks the target. <paramref name="groupBy"/>
    /// names the column the train/test split will keep whole (SplitTrainTest's groupBy); without it, a file with several
    /// rows per customer is a red light.
    /// </summary>
    public static ReadinessReport Check(DataFrame frame, string target, string? positiveLabel = null, IReadOnlyCollection<string>? exclude = null, string? groupBy = null)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var labels = ReadinessTarget.Of(frame, target, positiveLabel);
        var (columns, leftOut) = Inputs(frame, target, exclude);
        var checks = FrameChecks(labels, columns);
        checks.AddRange(LeftOutChecks(leftOut, labels));
        ReadinessColumn? grouped = null;
        if (groupBy is not null)
            grouped = columns.Concat(leftOut).FirstOrDefault(c => c.Name == groupBy)
                ?? throw new ArgumentException($"groupBy '{groupBy}' is {(groupBy == target ? "the target" : "not a column of the data")}: name the column that identifies a customer (or account).", nameof(groupBy));
        checks.AddRange(SeveralRowsChecks(RepeatedKeys(columns, leftOut, grouped), grouped));
        var report = new ReadinessReport(target, frame.Rows.Count, columns.Count, labels.PositiveDisplay, checks);
        Log(report);
        return report;
    }

    /// <summary>Checks a train and a test part: every check on the train part, plus shift and rows shared between the parts (<paramref name="exclude"/> as in the one-frame check).</summary>
    public static ReadinessReport Check(DataFrame train, DataFrame test, string target, string? positiveLabel = null, IReadOnlyCollection<string>? exclude = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        var labels = ReadinessTarget.Of(train, target, positiveLabel);
        FrameOps.Column(test, target, "Readiness.Check target (test part)");
        var (columns, leftOut) = Inputs(train, target, exclude);
        var checks = FrameChecks(labels, columns);
        checks.AddRange(LeftOutChecks(leftOut, labels));
        checks.AddRange(PartChecks(train, test, target, columns, leftOut));
        checks.AddRange(SharedCustomerChecks(RepeatedKeys(columns, leftOut), test));
        var report = new ReadinessReport(target, train.Rows.Count, columns.Count, labels.PositiveDisplay, checks, test.Rows.Count);
        Log(report);
        return report;
    }

    /// <summary>The columns checked as inputs (all but the target and <paramref name="exclude"/>), and those left out.</summary>
    private static (List<ReadinessColumn> Inputs, List<ReadinessColumn> LeftOut) Inputs(DataFrame frame, string target, IReadOnlyCollection<string>? exclude)
    {
        var names = new HashSet<string>(exclude ?? Array.Empty<string>(), StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (name == target)
                throw new ArgumentException($"'{name}' is the target; it cannot also be a column left out.", nameof(exclude));
            if (frame.Columns.IndexOf(name) < 0)
                throw new ArgumentException($"Column '{name}' to exclude is not in the data (columns: {string.Join(", ", frame.Columns.Select(c => c.Name))}).", nameof(exclude));
        }
        var inputs = frame.Columns.Where(c => c.Name != target && !names.Contains(c.Name)).Select(ReadinessColumn.Of).ToList();
        var leftOut = frame.Columns.Where(c => names.Contains(c.Name)).Select(ReadinessColumn.Of).ToList();
        return (inputs, leftOut);
    }

    /// <summary>
    /// One line for the columns left out: a reviewer sees what the model will not read and, where one of them alone
    /// ranks the target strongly, that leaving it out is what keeps the answer from leaking in.
    /// </summary>
    private static IEnumerable<ReadinessCheck> LeftOutChecks(List<ReadinessColumn> leftOut, ReadinessTarget labels)
    {
        if (leftOut.Count == 0) yield break;
        var described = leftOut.Select(c =>
        {
            double? strength = labels.CanRank ? UnivariateStrength(c, labels) : null;
            return strength >= StrongAuc
                ? $"'{c.Name}' (alone it ranks '{labels.Name}' with AUC {F(strength.Value)}: leaving it out keeps the answer from leaking in)"
                : $"'{c.Name}'";
        });
        yield return Make(ReadinessArea.Columns, LeftOutCheck, Light.Green,
            $"{leftOut.Count} {(leftOut.Count == 1 ? "column is" : "columns are")} left out of the inputs as asked, so not checked as inputs: {string.Join(", ", described)}.",
            "Nothing to do, as long as each is an identifier or known only after the outcome; a column left out by mistake takes its signal with it.",
            leftOut.Select(c => c.Name).ToArray());
        // A lender leaves race or sex out of the model and still compares outcomes by them: other inputs can stand in
        // for a characteristic the model never reads. A person's name groups nobody, so it is not offered.
        var protectedLeftOut = leftOut.Select(c => (c.Name, What: ProtectedMeaning(c))).Where(p => p.What is not null and not PersonsName).ToList();
        if (protectedLeftOut.Count > 0)
            yield return Make(ReadinessArea.Columns, ProtectedLeftOutCheck, Light.Green,
                $"The model will not read {protectedLeftOut.Count} {(protectedLeftOut.Count == 1 ? "column" : "columns")} named like a characteristic protected in lending, or a stand-in for one: {string.Join(", ", protectedLeftOut.Select(p => $"'{p.Name}' ({p.What})"))}.",
                "Compare the model's outcomes across their groups all the same (Explain.OutcomesBy): leaving a characteristic out does not stop other inputs standing in for it.",
                protectedLeftOut.Select(p => p.Name).ToArray());
    }

    private static void Log(ReadinessReport report) =>
        Run.Current.Metric("readiness_red", report.Red).Metric("readiness_amber", report.Amber);

    private static List<ReadinessCheck> FrameChecks(ReadinessTarget labels, List<ReadinessColumn> columns)
    {
        var checks = new List<ReadinessCheck>();
        checks.AddRange(SizeChecks(labels, columns));
        checks.AddRange(TargetChecks(labels));
        var identifiers = IdentifierChecks(columns);
        checks.AddRange(identifiers);
        var idColumns = identifiers.SelectMany(c => c.Columns).ToHashSet(StringComparer.Ordinal);
        checks.AddRange(ProtectedChecks(columns));
        checks.AddRange(ConstantChecks(columns));
        checks.AddRange(DuplicateChecks(columns));
        checks.AddRange(CardinalityAndTypeChecks(columns, idColumns));
        checks.AddRange(MissingChecks(columns, labels));
        checks.AddRange(SentinelChecks(columns));
        checks.AddRange(ImpossibleAgeChecks(columns));
        checks.AddRange(LeakageChecks(columns, labels, idColumns));
        return checks;
    }

    private static ReadinessCheck Make(ReadinessArea area, string name, Light light, string evidence, string whatToDo, params string[] columns) =>
        new(area, name, light, evidence, whatToDo, columns);

    private static string Pct(double share) => share.ToString("0.#%", CultureInfo.InvariantCulture);
    private static string F(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    // ---------------------------------------------------------------- size and shape

    private static IEnumerable<ReadinessCheck> SizeChecks(ReadinessTarget labels, List<ReadinessColumn> columns)
    {
        long rows = labels.Raw.Length;
        int features = Math.Max(1, columns.Count);
        double perFeature = (double)rows / features;
        var light = perFeature < 10 ? Light.Red : perFeature < 50 ? Light.Amber : Light.Green;
        yield return Make(ReadinessArea.SizeAndShape, "Rows per input", light,
            $"{rows:N0} rows for {columns.Count} possible inputs: {perFeature:N0} rows per input (under 10 is red, under 50 amber).",
            light == Light.Green ? "Enough rows for the number of inputs." : "Collect more rows or use fewer inputs; with few rows per input a model learns noise.");

        long minority = labels.ClassCounts.Count < 2 ? 0 : labels.ClassCounts.Values.Min();
        var minorityName = labels.ClassCounts.Count < 2 ? "(none)" : labels.Display[labels.ClassCounts.OrderBy(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).First().Key];
        light = minority < 50 ? Light.Red : minority < 200 ? Light.Amber : Light.Green;
        yield return Make(ReadinessArea.SizeAndShape, "Rows in the rarer class", light,
            $"{minority:N0} rows of the rarer class '{minorityName}' (under 50 is red, under 200 amber).",
            light == Light.Green ? "Enough examples of the rarer class to learn and to measure on a held-out part."
                : "Too few examples of the rarer class to learn from and measure reliably: collect more history, or lengthen the outcome window.");

        light = rows < DeepModelRows ? Light.Amber : Light.Green;
        yield return Make(ReadinessArea.SizeAndShape, "Deep model versus a simple one", light,
            rows < DeepModelRows
                ? $"{rows:N0} rows. On benchmarks of tabular data of around 10,000 rows (Grinsztajn, Oyallon and Varoquaux, NeurIPS 2022) gradient-boosted trees matched or beat deep networks; deep models gain with many more rows, high-cardinality categories (embeddings) or sequences such as transactions. This is evidence from other data, not a promise about this table."
                : $"{rows:N0} rows: enough that a deep model can compete with gradient-boosted trees, especially with high-cardinality categories or sequences. Evidence from other data, not a promise.",
            "Train a simple baseline (logistic regression or gradient-boosted trees) beside the deep model and keep the deep model only if it wins on the held-out part.");
    }

    // ---------------------------------------------------------------- target

    private static IEnumerable<ReadinessCheck> TargetChecks(ReadinessTarget labels)
    {
        long rows = labels.Raw.Length;
        double missingShare = rows == 0 ? 0 : (double)labels.Missing / rows;
        var light = labels.Missing == 0 ? Light.Green : missingShare >= 0.2 ? Light.Red : Light.Amber;
        yield return Make(ReadinessArea.Target, "Missing labels", light,
            $"{labels.Missing:N0} of {rows:N0} rows ({Pct(missingShare)}) have no value in '{labels.Name}' (20% or more is red).",
            labels.Missing == 0 ? "Every row has a label." : "Find out why labels are missing (too recent to know the outcome?) and set those rows aside, counted; do not fill them in.",
            labels.Name);

        var variants = labels.Spellings.Where(g => g.Value.Count > 1).ToList();
        yield return variants.Count == 0
            ? Make(ReadinessArea.Target, LabelSpellingCheck, Light.Green, "Each label value has a single spelling.", "Nothing to do.", labels.Name)
            : Make(ReadinessArea.Target, LabelSpellingCheck, Light.Red,
                "Values that differ only in case, spaces or yes/no shorthand: " + string.Join("; ", variants.Select(g =>
                    string.Join(", ", g.Value.OrderByDescending(s => s.Value).Select(s => $"'{s.Key}' ({s.Value:N0})")))) +
                ". A model would treat them as different classes.",
                "Map every spelling to one value before training (fix it at the source too), then check again.", labels.Name);

        var classes = labels.ClassCounts.OrderByDescending(c => c.Value).ToList();
        long labelled = rows - labels.Missing;
        string shares = string.Join(", ", classes.Take(6).Select(c => $"'{labels.Display[c.Key]}' {Pct((double)c.Value / Math.Max(1, labelled))}"));
        if (classes.Count < 2)
            yield return Make(ReadinessArea.Target, "Class balance", Light.Red, $"The target has {classes.Count} value(s): {shares}. There is nothing to learn.",
                "Check the extract: the outcome window or a filter removed one of the classes.", labels.Name);
        else
        {
            double minorityShare = (double)classes[^1].Value / labelled;
            // Prediction trains a binary model and refuses a third class: red here, before anything is trained.
            light = classes.Count > 2 ? Light.Red : minorityShare < 0.1 ? Light.Amber : Light.Green;
            yield return Make(ReadinessArea.Target, "Class balance", light,
                $"{classes.Count} classes: {shares}. Positive class (1): '{labels.PositiveDisplay}'." + (classes.Count > 2 ? " More than two classes: Prediction trains a binary model and will refuse this target; the checks below compare the positive class with all others." : ""),
                classes.Count > 2 ? "Map the target to two values (the event and everything else) before training, or say which value is the event with positiveLabel and merge the rest."
                    : minorityShare < 0.1 ? "Judge models by AUC, precision and recall for the rare class, never accuracy; keep the class shares equal in train and test (stratified split)."
                    : "Balanced enough; judge models by AUC.",
                labels.Name);
        }
    }

    // ---------------------------------------------------------------- columns

    private static List<ReadinessCheck> IdentifierChecks(List<ReadinessColumn> columns)
    {
        var checks = new List<ReadinessCheck>();
        foreach (var c in columns)
        {
            string? why = null;
            if (c.Numbers is { } numbers && c.Missing == 0 && c.Rows >= 10 && Monotone(numbers))
                why = c.Type == ColumnType.DateTime
                    ? "it only ever rises (or falls) with the row order: a time stamp of when the row was recorded"
                    : "it only ever rises (or falls) with the row order: a row number or sequence";
            else if (c.UniquePerRow && c.Type is ColumnType.Text or ColumnType.Category or ColumnType.Int32 or ColumnType.Int64)
                why = $"every one of its {c.Rows:N0} values is different: it names the row rather than describing it";
            // An empty or one-valued column is said once, as constant; labels that repeat (a company) are a category to PrepareFor.
            else if (c.Type == ColumnType.Text && c.Distinct > 1 && !c.ManyValuedCategory)
                why = $"free text with {c.Distinct:N0} different values in {c.Present:N0} rows ({Pct((double)c.Distinct / Math.Max(1, c.Present))}), like names or references: it identifies rows rather than describing them";
            else if (NameTokens(c.Name).Any(t => t is "id" or "key" or "ref" or "uuid" or "guid") && c.Present > 0 && (double)c.Distinct / c.Present >= 0.5)
                why = $"its name says identifier and {Pct((double)c.Distinct / c.Present)} of its values are different";
            if (why is null) continue;
            checks.Add(Make(ReadinessArea.Columns, IdentifierCheck, Light.Amber, $"'{c.Name}': {why}.",
                c.Type == ColumnType.DateTime
                    ? "Do not use it as an input; use it to split train and test by time instead."
                    : "Keep it as a key to join and trace rows, but leave it out of the model's inputs (a model would memorise it).",
                c.Name));
        }
        return checks;
    }

    private static bool Monotone(double[] values)
    {
        bool up = true, down = true;
        for (int i = 1; i < values.Length && (up || down); i++)
        {
            if (!(values[i] > values[i - 1])) up = false;
            if (!(values[i] < values[i - 1])) down = false;
        }
        return up || down;
    }

    // Splits snake_case, kebab-case, spaces and camelCase into lower-case words.
    internal static IEnumerable<string> NameTokens(string name)
    {
        var words = new List<string>();
        var current = new System.Text.StringBuilder();
        for (int i = 0; i < name.Length; i++)
        {
            char ch = name[i];
            bool boundary = !char.IsLetterOrDigit(ch) || (char.IsUpper(ch) && i > 0 && char.IsLower(name[i - 1]));
            if (boundary && current.Length > 0) { words.Add(current.ToString().ToLowerInvariant()); current.Clear(); }
            if (char.IsLetterOrDigit(ch)) current.Append(ch);
        }
        if (current.Length > 0) words.Add(current.ToString().ToLowerInvariant());
        return words;
    }

    // Words naming a characteristic protected in lending (the UK's Equality Act 2010, the US Equal Credit Opportunity
    // Act), and words naming a common stand-in for one. By name only: a reviewer confirms what the column holds.
    private static readonly Dictionary<string, string> ProtectedWords = new(StringComparer.Ordinal)
    {
        ["age"] = "age", ["birth"] = "age", ["dob"] = "age", ["birthdate"] = "age", ["birthday"] = "age",
        ["sex"] = "sex", ["gender"] = "sex",
        ["marital"] = "marital status", ["married"] = "marital status", ["marriage"] = "marital status",
        ["race"] = "race or ethnicity", ["ethnic"] = "race or ethnicity", ["ethnicity"] = "race or ethnicity",
        ["religion"] = "religion", ["religious"] = "religion", ["nationality"] = "nationality", ["citizenship"] = "nationality",
        ["disability"] = "disability", ["disabled"] = "disability", ["pregnant"] = "pregnancy", ["pregnancy"] = "pregnancy", ["maternity"] = "pregnancy",
        ["postcode"] = "where a person lives", ["zip"] = "where a person lives", ["zipcode"] = "where a person lives",
        ["postal"] = "where a person lives", ["address"] = "where a person lives",
        ["surname"] = "a person's name", ["forename"] = "a person's name", ["firstname"] = "a person's name",
        ["lastname"] = "a person's name", ["fullname"] = "a person's name",
    };

    private static readonly HashSet<string> ThingsWithAnAge = new(StringComparer.Ordinal)
    {
        "account", "acct", "loan", "mortgage", "credit", "card", "car", "vehicle", "house", "property", "file", "history", "oldest",
        "newest", "trade", "tradeline", "record", "contract", "policy", "debt", "business", "company", "firm", "relationship", "building", "asset",
        "housing", "home", "dwelling", "unit", "units", "tract", "equipment", "machine", "roof",
    };

    /// <summary>What a column named like a protected characteristic or a stand-in for one stands for ("age", "where a person lives"); null for any other.</summary>
    private static string? ProtectedMeaning(ReadinessColumn c)
    {
        var tokens = NameTokens(c.Name).ToList();
        // "age" of an account, a loan or a credit file is not a person's age.
        string? what = tokens.Where(t => t != "age" || !tokens.Any(ThingsWithAnAge.Contains))
            .Select(t => ProtectedWords.GetValueOrDefault(t)).FirstOrDefault(w => w is not null);
        if (what is null && tokens.Count == 1 && tokens[0] == "name") what = PersonsName;
        if (what is null && c.Type is ColumnType.Text or ColumnType.Category && c.Present > 0
            && c.Counts.Where(kv => PersonalData.IsPostcode(kv.Key)).Sum(kv => kv.Value) * 5 >= c.Present * 4)
            what = "where a person lives";
        // A column with at most one value (HMDA's empty applicant_race-3 to -5) is left out by PrepareFor: no model reads it.
        return c.Distinct > 1 ? what : null;
    }

    private const string PersonsName = "a person's name";

    /// <summary>
    /// One line for the inputs named like a characteristic protected in lending (age, sex, marital status…) or a common
    /// stand-in for one (a postcode, a person's name): a bank's model reviewers ask about each before anything else.
    /// </summary>
    private static IEnumerable<ReadinessCheck> ProtectedChecks(List<ReadinessColumn> columns)
    {
        var found = new List<(string Column, string What)>();
        foreach (var c in columns)
            if (ProtectedMeaning(c) is { } what) found.Add((c.Name, what));
        if (found.Count == 0)
        {
            yield return Make(ReadinessArea.Columns, ProtectedCheck, Light.Green,
                "No input is named like a characteristic protected in lending (age, sex, marital status, race, religion, nationality, disability, pregnancy) or a common stand-in for one (a postcode or address, a person's name).",
                "Nothing to do; names are only a first look, so a column that stands in for one under another name is for the reviewer to spot.");
            yield break;
        }
        yield return Make(ReadinessArea.Columns, ProtectedCheck, Light.Amber,
            $"The model would read {found.Count} {(found.Count == 1 ? "column" : "columns")} named like a characteristic protected in lending, or a common stand-in for one: {string.Join(", ", found.Select(f => $"'{f.Column}' ({f.What})"))}.",
            "Fair-lending law (the Equality Act 2010 in the UK, the Equal Credit Opportunity Act in the US) restricts deciding on these. Keep one only with a documented, lawful reason and compare the model's outcomes across its groups; otherwise name it in idColumns or excludeColumns.",
            found.Select(f => f.Column).ToArray());
    }

    private static IEnumerable<ReadinessCheck> ConstantChecks(List<ReadinessColumn> columns)
    {
        foreach (var c in columns)
        {
            if (c.Distinct <= 1)
                // Amber, not red: it cannot mislead a model, and PrepareFor leaves it out; it may still mean the extract is wrong.
                yield return Make(ReadinessArea.Columns, ConstantCheck, Light.Amber,
                    c.Distinct == 0 ? $"'{c.Name}' is missing in every row." : $"'{c.Name}' holds one value ('{c.Counts.Keys.First()}') in every row that has one ({c.Missing:N0} missing).",
                    "It carries no information: PrepareFor leaves it out. Ask whether the extract filtered or emptied it by mistake.", c.Name);
            else if (c.Present > 0 && (double)c.TopCount / c.Present >= 0.99)
            {
                var top = c.Counts.OrderByDescending(kv => kv.Value).First();
                yield return Make(ReadinessArea.Columns, "Near-constant column", Light.Amber,
                    $"'{c.Name}' is '{top.Key}' in {Pct((double)top.Value / c.Present)} of rows; only {c.Present - top.Value:N0} rows differ.",
                    "Keep it only if the rare values matter to the business (a rare flag can be important); otherwise drop it.", c.Name);
            }
        }
    }

    /// <summary>The name of the check for a code such as 98 or 365243 written into a number column.</summary>
    public const string SentinelCheck = "Code-like value in a number column";

    /// <summary>
    /// A number column where one value recurs far outside the others: a code for "not applicable" or "unknown" written
    /// as a number (Give Me Some Credit's 96 and 98 late payments, Home Credit's 365243 days employed, 999 or -1 in many
    /// bank systems). Read as a number it stretches the scale and tells a model something else; as an empty value beside a
    /// yes/no flag it keeps its meaning. The rule is <see cref="NumberCodes.Find"/>.
    /// </summary>
    private static IEnumerable<ReadinessCheck> SentinelChecks(List<ReadinessColumn> columns)
    {
        foreach (var c in columns)
        {
            if (c.Numbers is null || c.Type is not (ColumnType.Int32 or ColumnType.Int64 or ColumnType.Double)) continue;
            var found = NumberCodes.Find(c.Numbers);
            if (found.Count == 0) continue;
            string values = string.Join(", ", found.Select(f => $"{f.Value.ToString("G", CultureInfo.InvariantCulture)} in {f.Rows:N0} rows ({Pct((double)f.Rows / c.Rows)})"));
            var first = found[0];
            yield return Make(ReadinessArea.Columns, SentinelCheck, Light.Amber,
                $"'{c.Name}' holds {values}, far outside its other values (1st to 99th percentile {F(first.Low)} to {F(first.High)}): it looks like a code for 'not applicable' or 'unknown' rather than an amount.",
                "Ask what the value means. If it is a code, read it as one: PrepareFor does (the number left empty for the models to fill, and a yes/no column saying the code was there), as does Wrangle's ReadAsMissing(column, codes). Read as an amount, it stretches the scale and misleads the models.", c.Name);
        }
    }

    /// <summary>
    /// A person's age (by the column's name, in years) below 0 or above 120 is an entry error, not a customer: credit
    /// files carry a few (Kaggle's credit-risk file has applicants of 123 and 144). Read as an age it stretches the scale
    /// the models learn on; read as missing it becomes a gap with a flag. A code the sentinel check already names is left to it.
    /// </summary>
    private static IEnumerable<ReadinessCheck> ImpossibleAgeChecks(List<ReadinessColumn> columns)
    {
        foreach (var c in columns)
        {
            if (c.Numbers is null || c.Distinct <= 1 || !NamesAgeInYears(c.Name)) continue;
            var outside = ImpossibleAges(c.Numbers);
            if (outside.Count == 0) continue;
            long rows = outside.Sum(o => o.Rows);
            string values = string.Join(", ", outside.Take(8).Select(o => $"{F(o.Value)} ({o.Rows:N0} row{(o.Rows == 1 ? "" : "s")})")) + (outside.Count > 8 ? $" and {outside.Count - 8} more values" : "");
            string listed = string.Join(", ", outside.Take(8).Select(o => F(o.Value)));
            bool many = rows * 100 > c.Present;
            yield return Make(ReadinessArea.Columns, ImpossibleAgeCheck, Light.Amber,
                $"'{c.Name}' is a person's age by its name, but {rows:N0} of {c.Present:N0} rows ({(rows * 1000 < c.Present ? "under 0.1%" : Pct((double)rows / c.Present))}) lie outside 0 to {OldestAge} years: {values}.",
                many
                    ? "So many rows lie outside that the column may not be in years (months, or a date written as a number): check its unit before a model reads it."
                    : $"Entry errors, not customers: correct them at the source. PrepareFor reads ages outside 0 to {OldestAge} as missing (the median fills them), in training and in every file the model scores; in a recipe of your own, Wrangle.From(frame).ReadAsMissingOutside(\"{c.Name}\", 0, {OldestAge}). Read as ages they stretch the scale the models learn on.",
                c.Name);
        }
    }

    /// <summary>
    /// Whether a column's name says it holds a person's age in years: "age", "person_age", "CustomerAge", but not the age
    /// of an account, a loan or a credit file, an age in months, or a date of birth.
    /// </summary>
    internal static bool NamesAgeInYears(string name)
    {
        var tokens = NameTokens(name).ToList();
        return tokens.Contains("age") && !tokens.Any(ThingsWithAnAge.Contains)
            && !tokens.Any(t => t is "month" or "months" or "mo" or "mths" or "days" or "weeks" or "birth" or "dob");
    }

    /// <summary>
    /// The values of an age column below 0 or above <see cref="OldestAge"/> with their rows, lowest first; a value the
    /// number-code check finds (999 in many rows) is a code, not an age, and left to it.
    /// </summary>
    internal static List<(double Value, int Rows)> ImpossibleAges(IReadOnlyList<double> ages)
    {
        var codes = NumberCodes.Find(ages).Select(f => f.Value).ToHashSet();
        return ages.Where(v => !double.IsNaN(v) && (v < 0 || v > OldestAge) && !codes.Contains(v))
            .GroupBy(v => v).OrderBy(g => g.Key).Select(g => (Value: g.Key, Rows: g.Count())).ToList();
    }

    private static IEnumerable<ReadinessCheck> DuplicateChecks(List<ReadinessColumn> columns)
    {
        var candidates = columns.Where(c => c.Distinct > 1).ToList();
        var duplicated = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < candidates.Count; i++)
            for (int j = i + 1; j < candidates.Count; j++)
            {
                var (a, b) = (candidates[i], candidates[j]);
                if (duplicated.Contains(b.Name)) continue;
                if (a.Distinct == b.Distinct && (a.Keys.SequenceEqual(b.Keys) || OneToOne(a, b)))
                {
                    duplicated.Add(b.Name);
                    yield return Make(ReadinessArea.Columns, "Duplicated column", Light.Amber,
                        a.Keys.SequenceEqual(b.Keys) ? $"'{b.Name}' holds exactly the same values as '{a.Name}'." : $"'{b.Name}' is '{a.Name}' under other names: each value of one always goes with the same value of the other.",
                        $"Keep one of them (drop '{b.Name}'); a duplicate doubles its weight in some models and splits importance in explanations.", a.Name, b.Name);
                }
                else if (a.Numbers is { } x && b.Numbers is { } y && Correlation(x, y) is double r && Math.Abs(r) >= 0.98)
                {
                    duplicated.Add(b.Name);
                    yield return Make(ReadinessArea.Columns, "Near-duplicated column", Light.Amber,
                        $"'{a.Name}' and '{b.Name}' move together: correlation {F(r)} (0.98 or more is flagged).",
                        "Keep the one the business understands best, or their difference or ratio if that is what matters.", a.Name, b.Name);
                }
            }
    }

    // Each value of a maps to one value of b and back, over rows where both are present (a recoding, e.g. region code and name).
    private static bool OneToOne(ReadinessColumn a, ReadinessColumn b)
    {
        // Only few-valued columns: any two columns whose values never repeat would map one to one by chance.
        if (a.Type is ColumnType.Text || b.Type is ColumnType.Text || a.Distinct * 2 > a.Present || b.Distinct * 2 > b.Present) return false;
        var ab = new Dictionary<string, string>(StringComparer.Ordinal);
        var ba = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int r = 0; r < a.Keys.Length; r++)
        {
            var (x, y) = (a.Keys[r], b.Keys[r]);
            if (x is null || y is null) { if (x is null != y is null) return false; continue; }
            if (ab.TryGetValue(x, out var seenY) && seenY != y) return false;
            if (ba.TryGetValue(y, out var seenX) && seenX != x) return false;
            ab[x] = y;
            ba[y] = x;
        }
        return true;
    }

    private static double? Correlation(double[] x, double[] y)
    {
        double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
        long n = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (double.IsNaN(x[i]) || double.IsNaN(y[i])) continue;
            n++; sx += x[i]; sy += y[i]; sxx += x[i] * x[i]; syy += y[i] * y[i]; sxy += x[i] * y[i];
        }
        if (n < 3) return null;
        double vx = sxx - sx * sx / n, vy = syy - sy * sy / n;
        if (vx <= 1e-12 * Math.Max(1, sxx) || vy <= 1e-12 * Math.Max(1, syy)) return null;
        return (sxy - sx * sy / n) / Math.Sqrt(vx * vy);
    }

    private static IEnumerable<ReadinessCheck> CardinalityAndTypeChecks(List<ReadinessColumn> columns, HashSet<string> identifiers)
    {
        foreach (var c in columns)
        {
            if (c.Type == ColumnType.Category && c.Distinct > HighCardinality && !identifiers.Contains(c.Name))
                yield return Make(ReadinessArea.Columns, "High-cardinality category", Light.Amber,
                    $"'{c.Name}' has {c.Distinct:N0} different values (more than {HighCardinality}); the rarest appear in only {c.Counts.Values.Min():N0} row(s).",
                    "Give it an embedding in a deep model, or group rare values into 'other' for one-hot encoding. PrepareFor gives it an embedding only if its values, learned on half of the training customers, predict the outcome of the other half: with this many values some differ by chance alone.", c.Name);
            else if (c.Distinct > HighCardinality && !identifiers.Contains(c.Name) && c.ManyValuedCategory)
            {
                long repeated = c.Counts.Values.Where(n => n >= ColumnTypes.ManyValuedMinCount).Sum();
                yield return Make(ReadinessArea.Columns, "High-cardinality category", Light.Amber,
                    $"'{c.Name}' has {c.Distinct:N0} different values, too many to read as a category at first sight, but labels that repeat: {Pct((double)repeated / c.Present)} of its rows hold values seen {ColumnTypes.ManyValuedMinCount} times or more.",
                    $"PrepareFor keeps it as a category: each value seen {ColumnTypes.ManyValuedMinCount} times or more in training gets its own code (an embedding in the deep model), the rarer ones share one, if its values, learned on half of the training customers, predict the outcome of the other half. Name it in excludeColumns if it is a reference rather than a description.", c.Name);
            }
            if (c.IsText && c.Present > 0)
            {
                var numeric = c.Counts.Where(kv => ReadinessColumn.LooksNumeric(kv.Key)).ToList();
                long numericRows = numeric.Sum(kv => kv.Value);
                if (numericRows > 0 && numericRows < c.Present)
                {
                    var words = c.Counts.Where(kv => !ReadinessColumn.LooksNumeric(kv.Key)).OrderByDescending(kv => kv.Value).Take(3).Select(kv => $"'{kv.Key}'");
                    var numbers = numeric.OrderByDescending(kv => kv.Value).Take(3).Select(kv => $"'{kv.Key}'");
                    yield return Make(ReadinessArea.Columns, "Mixed types in a text column", Light.Amber,
                        $"'{c.Name}' holds numbers in {Pct((double)numericRows / c.Present)} of rows (e.g. {string.Join(", ", numbers)}) and words in the rest (e.g. {string.Join(", ", words)}).",
                        "Decide what it is: if a number, read words such as 'n/a' as missing (counted); if a category, keep it as text on purpose.", c.Name);
                }
            }
        }
    }

    private static IEnumerable<ReadinessCheck> MissingChecks(List<ReadinessColumn> columns, ReadinessTarget labels)
    {
        var small = new List<string>();
        foreach (var c in columns)
        {
            if (c.Missing == 0 || c.Distinct == 0) continue;
            double share = c.MissingShare;
            // Amber, not red: a column missing for most customers does not make a model untrustworthy (the recipe fills it,
            // and public credit files hold dozens such columns, some strong); it needs an explanation.
            if (share >= 0.5)
                yield return Make(ReadinessArea.Columns, "Mostly missing column", Light.Amber,
                    $"'{c.Name}' is missing in {c.Missing:N0} of {c.Rows:N0} rows ({Pct(share)}; half or more is flagged).",
                    "Find out why it is missing: PrepareFor fills a number with the training median and adds a yes/no column '<name>_missing' saying where it was (a category's gaps get a code of their own, the scorecard's a bin), so a gap that follows the outcome reaches every model. Drop it if it is not recorded for the customers you will score.", c.Name);
            else if (share >= 0.05)
                yield return Make(ReadinessArea.Columns, "Missing values", Light.Amber,
                    $"'{c.Name}' is missing in {c.Missing:N0} of {c.Rows:N0} rows ({Pct(share)}; 5% or more is amber).",
                    "Fill it from the training part only (median or 'missing' category) and add a missing flag.", c.Name);
            else small.Add($"'{c.Name}' {Pct(share)}");

            if (!labels.CanRank || c.Missing < 5) continue;
            var scores = new List<double>();
            var ys = new List<int>();
            for (int r = 0; r < c.Keys.Length; r++)
            {
                if (labels.Labels[r] < 0) continue;
                scores.Add(c.Keys[r] is null ? 1 : 0);
                ys.Add(labels.Labels[r]);
            }
            if (ys.Distinct().Count() < 2) continue;
            double strength = Strength(BinaryMetrics.Auc(scores, ys));
            if (strength < MissingSignalAuc) continue;
            double rateMissing = Rate(scores, ys, 1), ratePresent = Rate(scores, ys, 0);
            yield return Make(ReadinessArea.Columns, "Missingness predicts the target",
                strength >= MissingLeakAuc ? Light.Red : Light.Amber,
                $"Where '{c.Name}' is missing, '{labels.PositiveDisplay}' is {Pct(rateMissing)} of rows, against {Pct(ratePresent)} where it is present (AUC of the missing flag alone {F(strength)}; {F(MissingSignalAuc)} is amber, {F(MissingLeakAuc)} red).",
                strength >= MissingLeakAuc
                    ? "Find out when and why the value goes missing: if it is blanked when the outcome happens, it leaks the answer and must go."
                    : "Keep a missing flag as an input, and ask why it is missing: the reason may be recorded after the outcome.",
                c.Name);
        }
        if (small.Count > 0)
            yield return Make(ReadinessArea.Columns, "Missing values", Light.Green,
                $"A few missing values: {string.Join(", ", small)} (under 5%).",
                "Fill them from the training part only (median or 'missing' category).", small.Select(s => s[1..s.IndexOf('\'', 1)]).ToArray());
    }

    private static double Rate(List<double> flags, List<int> labels, double flag)
    {
        long n = 0, pos = 0;
        for (int i = 0; i < flags.Count; i++) if (flags[i] == flag) { n++; pos += labels[i]; }
        return n == 0 ? 0 : (double)pos / n;
    }

    // An AUC far from one half either way means the column ranks the target: report max(AUC, 1 - AUC).
    internal static double Strength(double auc) => Math.Max(auc, 1 - auc);
}
