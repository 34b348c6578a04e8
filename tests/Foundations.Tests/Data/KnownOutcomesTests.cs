using Foundations.Data;
using Foundations.Interactive;
using Foundations.Patterns;
using Microsoft.Data.Analysis;
using Microsoft.DotNet.Interactive.Formatting;

namespace Foundations.Tests.Data;

public class KnownOutcomesTests
{
    /// <summary>A loan book: paid off, charged off, still running, late, and one status nobody recorded.</summary>
    private static DataFrame Loans()
    {
        var status = new List<string?>();
        var amount = new List<double?>();
        var rng = new Random(3);
        for (int i = 0; i < 400; i++)
        {
            double a = 1000 + rng.Next(20_000);
            amount.Add(a);
            status.Add(i == 7 ? null : i % 10 == 0 ? "Current" : i % 25 == 1 ? "Late (31-120 days)" : rng.NextDouble() < a / 40_000 ? "Charged Off" : "Fully Paid");
        }
        return new DataFrame(new StringDataFrameColumn("loan_status", status), new DoubleDataFrameColumn("loan_amnt", amount));
    }

    [Fact]
    public void As_flags_keeps_every_customer_with_the_event_as_1_a_non_event_as_0_and_no_outcome_yet_as_missing()
    {
        var frame = new DataFrame(
            new StringDataFrameColumn("id", new[] { "a", "b", "c", "d", "e" }),
            new StringDataFrameColumn("status", new[] { "Charged Off", "Fully Paid", "Current", null, "Fully Paid" }));

        var flags = KnownOutcomes.AsFlags(frame, "status", "Charged Off", "Fully Paid");
        Assert.Equal(5, flags.Rows.Count);
        Assert.Equal(new[] { 1.0, 0, double.NaN, double.NaN, 0 }, ((DoubleDataFrameColumn)flags.Columns["status"]).Select(v => v!.Value));
        Assert.Equal("Current", frame.Columns["status"][2]);   // the frame given is left as it was
        // With no negatives named, every other value is the non-event.
        Assert.Equal(new[] { 1.0, 0, 0, double.NaN, 0 }, ((DoubleDataFrameColumn)KnownOutcomes.AsFlags(frame, "status", "Charged Off").Columns["status"]).Select(v => v!.Value));
        Assert.Contains("positiveLabel 'Default' never occurs in 'status'", Assert.Throws<ArgumentException>(() => KnownOutcomes.AsFlags(frame, "status", "Default")).Message);
    }

    [Fact]
    public void Several_values_for_yes_are_one_outcome_in_the_rows_kept_in_flags_and_in_the_table()
    {
        var frame = new DataFrame(
            new StringDataFrameColumn("id", new[] { "a", "b", "c", "d", "e", "f" }),
            new StringDataFrameColumn("status", new[] { "Chargedoff", "Completed", "Current", "Defaulted", "Completed", "Defaulted" }));

        var known = KnownOutcomes.Of(frame, "status", new[] { "Chargedoff", "Defaulted" }, new[] { "Completed" });
        Assert.Equal("Chargedoff", known.PositiveLabel);
        Assert.Equal(new[] { "Chargedoff", "Completed", "Chargedoff", "Completed", "Chargedoff" }, known.Rows.Columns["status"].Cast<string>());
        Assert.Equal("Defaulted", frame.Columns["status"][3]);   // the frame given is left as it was
        Assert.Equal(1, known.RowsSetAside);
        Assert.Equal(new[] { 1.0, 0, double.NaN, 1, 0, 1 },
            ((DoubleDataFrameColumn)KnownOutcomes.AsFlags(frame, "status", new[] { "Chargedoff", "Defaulted" }, new[] { "Completed" }).Columns["status"]).Select(v => v!.Value));
        Assert.Contains("'Defaulted' is named both as positiveLabel and in negativeLabels",
            Assert.Throws<ArgumentException>(() => KnownOutcomes.Of(frame, "status", new[] { "Chargedoff", "Defaulted" }, new[] { "Defaulted" })).Message);
        Assert.Contains("positiveLabel 'Written off' never occurs in 'status'",
            Assert.Throws<ArgumentException>(() => KnownOutcomes.Of(frame, "status", new[] { "Chargedoff", "Written off" }, Array.Empty<string>())).Message);

        NotebookFormatters.Register();
        string html = Formatter.ToDisplayString(known, "text/html");
        Assert.Contains("<td>Defaulted</td><td>2</td><td>yes (1), written 'Chargedoff' in the rows kept</td>", html);
        Assert.Contains("<td>Chargedoff</td><td>1</td><td>yes (1)</td>", html);
    }

    [Fact]
    public void Rows_with_another_outcome_or_none_are_set_aside_and_counted_by_value_so_no_row_is_lost()
    {
        var loans = Loans();
        var known = KnownOutcomes.Of(loans, "loan_status", "Charged Off", "Fully Paid");

        Assert.Equal(400, known.RowsRead);
        Assert.Equal(known.RowsRead, known.RowsKept + known.RowsSetAside);
        Assert.Equal(40, known.SetAside.Single(s => s.Value == "Current").Rows);
        Assert.Equal(16, known.SetAside.Single(s => s.Value == "Late (31-120 days)").Rows);
        Assert.Equal(1L, known.SetAside.Single(s => s.Value is null).Rows);
        Assert.Equal(known.RowsKept, known.Rows.Rows.Count);
        var kept = (StringDataFrameColumn)known.Rows.Columns["loan_status"];
        Assert.All(Enumerable.Range(0, (int)kept.Length), r => Assert.Contains(kept[r], new[] { "Charged Off", "Fully Paid" }));
        Assert.Equal(400, loans.Rows.Count); // the frame given is not changed
        Assert.Contains("57 set aside", known.ToString());
    }

    [Fact]
    public void Without_negative_labels_only_rows_with_no_recorded_outcome_are_set_aside()
    {
        var loans = Loans();
        var twoStatuses = loans.Filter(new PrimitiveDataFrameColumn<bool>("kept", Enumerable.Range(0, 400).Select(r => loans.Columns["loan_status"][r] is not ("Current" or "Late (31-120 days)"))));
        var known = KnownOutcomes.Of(twoStatuses, "loan_status", "Charged Off");
        Assert.Equal(twoStatuses.Rows.Count - 1, known.RowsKept);
        Assert.Equal(new OutcomeCount(null, 1), known.SetAside.Single());
    }

    [Theory]
    [InlineData("Charged off", "Fully Paid", "positiveLabel 'Charged off' never occurs")]
    [InlineData("Charged Off", "Fully paid", "negativeLabels: 'Fully paid' never occurs")]
    [InlineData("Charged Off", "Charged Off", "both as positiveLabel and in negativeLabels")]
    [InlineData(null, "Fully Paid", "negativeLabels need positiveLabel")]
    public void A_label_that_does_not_fit_the_column_is_refused_naming_the_parameter(string? positive, string negative, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => KnownOutcomes.Of(Loans(), "loan_status", positive, negative));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void A_text_outcome_without_a_positive_label_is_refused_at_once_listing_its_values_and_suggesting_the_rarer()
    {
        var frame = Csv.FromText("id,default\n1,No\n2,No\n3,Yes\n4,No\n5,\n", "loans.csv").Frame;
        var error = Assert.Throws<ArgumentException>(() => KnownOutcomes.Of(frame, "default"));
        Assert.Equal("positiveLabel", error.ParamName);
        Assert.StartsWith("'default' holds text ('No' 3, 'Yes' 1): pass positiveLabel to say which value means the event happened (for example positiveLabel: \"Yes\")", error.Message);
        // Numbers and true/false need none.
        Assert.Equal(2, KnownOutcomes.Of(Csv.FromText("id,bad\n1,0\n2,1\n", "n.csv").Frame, "bad").RowsKept);
        Assert.Equal(2, KnownOutcomes.Of(Csv.FromText("id,bad\n1,true\n2,false\n", "b.csv").Frame, "bad").RowsKept);
    }

    [Fact]
    public void A_multi_valued_outcome_is_refused_at_once_listing_its_values_and_trains_once_the_values_meaning_no_are_named()
    {
        var loans = Loans();
        // Before, the rows were kept with four values and training stopped on them, cells later.
        var error = Assert.Throws<ArgumentException>(() => KnownOutcomes.Of(loans, "loan_status", "Charged Off"));
        Assert.Equal("negativeLabels", error.ParamName);
        Assert.StartsWith("'loan_status' holds 3 values besides 'Charged Off' ('Fully Paid' ", error.Message);
        Assert.Contains("'Current' 40, 'Late (31-120 days)' 16", error.Message);
        Assert.Contains("foundations run: -p \"negativeLabels=Fully Paid,Current,Late (31-120 days)\"", error.Message);

        var known = KnownOutcomes.Of(loans, "loan_status", "Charged Off", "Fully Paid");
        var split = Wrangle.From(known.Rows).PrepareFor("loan_status").SplitTrainTest(0.25, stratifyBy: "loan_status", seed: 1);
        var result = Patterns.Prediction.Of(split, "loan_status", "Charged Off").WithLogisticRegression().Train();
        Assert.True(result["logistic"].Auc > 0.6, $"AUC {result["logistic"].Auc}: the loan amount drives charge-offs in this book");
        // A frame kept without KnownOutcomes still meets the recipe's own check when training.
        var unfiltered = Wrangle.From(loans.DropNulls()).PrepareFor("loan_status").SplitTrainTest(0.25, stratifyBy: "loan_status", seed: 1);
        Assert.Contains("negativeLabels", Assert.Throws<ArgumentException>(() => Patterns.Prediction.Of(unfiltered, "loan_status", "Charged Off").WithLogisticRegression().Train()).Message);
    }

    [Fact]
    public void The_notebook_shows_each_value_with_what_it_counts_as()
    {
        NotebookFormatters.Register();
        string html = Formatter.ToDisplayString(KnownOutcomes.Of(Loans(), "loan_status", "Charged Off", "Fully Paid"), "text/html");
        Assert.Contains("Known outcomes: loan_status", html);
        Assert.Contains("<b>57 set aside</b>", html);
        Assert.Contains("<td>Current</td><td>40</td><td>set aside</td>", html);
        Assert.Contains("<td>Charged Off</td>", html);
        Assert.Contains("yes (1)", html);
        Assert.Contains("<i>no value</i>", html);
    }

    /// <summary>UCI's German credit codes its outcome 1 (good) and 2 (bad); the duration of the loan drives it here.</summary>
    private static DataFrame GermanNumeric(bool third = false)
    {
        var rng = new Random(5);
        var duration = new int?[600];
        var outcome = new int?[600];
        for (int i = 0; i < 600; i++)
        {
            duration[i] = 6 + rng.Next(55);
            outcome[i] = third && i == 3 ? 3 : rng.NextDouble() < 1 / (1 + Math.Exp(-(duration[i]!.Value - 30) / 10.0)) ? 2 : 1;
        }
        return new DataFrame(new Int32DataFrameColumn("duration", duration), new Int32DataFrameColumn("class", outcome));
    }

    [Fact]
    public void A_number_outcome_coded_1_and_2_trains_once_positiveLabel_names_the_event()
    {
        var split = Wrangle.From(GermanNumeric()).PrepareFor("class").SplitTrainTest(0.25, stratifyBy: "class", seed: 2);
        var result = Patterns.Prediction.Of(split, "class", "2").WithLogisticRegression().WithScorecard().Train();
        Assert.True(result["logistic"].Auc > 0.7, $"AUC {result["logistic"].Auc}: a longer loan is riskier in this book");
        Assert.True(result["scorecard"].Auc > 0.7, $"AUC {result["scorecard"].Auc}");
        // Without it the error says what to pass; a label that does not fit is named.
        var none = Assert.Throws<ArgumentException>(() => Patterns.Prediction.Of(split, "class").WithLogisticRegression().Train());
        Assert.Contains("pass positiveLabel (for example positiveLabel: \"2\")", none.Message);
        Assert.Contains("never equals positiveLabel '3'", Assert.Throws<ArgumentException>(() => Patterns.Prediction.Of(split, "class", "3").WithLogisticRegression().Train()).Message);
        Assert.Contains("is not a number", Assert.Throws<ArgumentException>(() => Patterns.Prediction.Of(split, "class", "bad").WithLogisticRegression().Train()).Message);
        var three = Wrangle.From(GermanNumeric(third: true)).PrepareFor("class").SplitTrainTest(0.25, seed: 2);
        Assert.Contains("has 3 values (1, 2, 3)", Assert.Throws<ArgumentException>(() => Patterns.Prediction.Of(three, "class", "2").WithLogisticRegression().Train()).Message);
    }

    /// <summary>
    /// A mortgage register coded as HMDA codes its action taken: 1 originated, 2 approved but not accepted, 3 denied,
    /// 4 withdrawn (no decision). The debt-to-income ratio drives denials.
    /// </summary>
    private static DataFrame Applications()
    {
        var rng = new Random(11);
        var dti = new double?[800];
        var action = new int?[800];
        for (int i = 0; i < 800; i++)
        {
            dti[i] = 10 + rng.Next(50);
            action[i] = i % 20 == 0 ? 4 : rng.NextDouble() < 1 / (1 + Math.Exp(-(dti[i]!.Value - 40) / 6.0)) ? 3 : rng.NextDouble() < 0.85 ? 1 : 2;
        }
        return new DataFrame(new DoubleDataFrameColumn("debt_to_income", dti), new Int32DataFrameColumn("action_taken", action));
    }

    [Fact]
    public void Several_values_that_mean_no_are_written_as_the_first_so_the_models_train_on_two_outcomes()
    {
        var applications = Applications();
        var known = KnownOutcomes.Of(applications, "action_taken", "3", "1", "2");

        var kept = (Int32DataFrameColumn)known.Rows.Columns["action_taken"];
        Assert.Equal(new int?[] { 1, 3 }, kept.Distinct().Order().ToArray());
        Assert.Equal(40, known.RowsSetAside);                                          // the withdrawn applications, counted
        long originated = known.Kept.Single(k => k.Value == "1").Rows, notAccepted = known.Kept.Single(k => k.Value == "2").Rows;
        Assert.True(notAccepted > 0);
        Assert.Equal(originated + notAccepted, kept.Count(v => v == 1));              // every no is kept, none turned into yes
        Assert.Equal(known.Kept.Single(k => k.Value == "3").Rows, kept.Count(v => v == 3));
        Assert.Contains(2, ((Int32DataFrameColumn)applications.Columns["action_taken"]).Select(v => v ?? 0));   // the frame given is unchanged
        Assert.Contains("'1', '2' all mean no and are written '1' in the rows kept", known.ToString());

        var split = Wrangle.From(known.Rows).PrepareFor("action_taken").SplitTrainTest(0.25, stratifyBy: "action_taken", seed: 3);
        var result = Patterns.Prediction.Of(split, "action_taken", "3").WithLogisticRegression().WithScorecard().Train();
        Assert.True(result["logistic"].Auc > 0.7, $"AUC {result["logistic"].Auc}: a higher debt-to-income ratio is denied more often");

        // Text outcomes the same way (a loan book's two kinds of paid-off loan).
        var text = new DataFrame(new StringDataFrameColumn("status", new[] { "Charged Off", "Fully Paid", "Paid (policy)", "Current", "Fully Paid" }));
        var statuses = (StringDataFrameColumn)KnownOutcomes.Of(text, "status", "Charged Off", "Fully Paid", "Paid (policy)").Rows.Columns["status"];
        Assert.Equal(new[] { "Charged Off", "Fully Paid", "Fully Paid", "Fully Paid" }, statuses.ToArray());
        Assert.Equal("Paid (policy)", text.Columns["status"][2]);

        NotebookFormatters.Register();
        string html = Formatter.ToDisplayString(known, "text/html");
        Assert.Contains("<td>2</td><td>" + notAccepted.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + "</td><td>no (0), written '1' in the rows kept</td>", html);
    }

    [Fact]
    public void A_label_written_with_a_space_after_the_comma_is_found_by_the_name_without_it()
    {
        // Kaggle's loan-approval file writes ", Approved" and ", Rejected": the loader reads them without the space.
        var frame = Csv.FromText("loan_id, cibil_score, loan_status\n1, 700, Approved\n2, 350, Rejected\n3, 420, Rejected\n", "loan_approval_dataset.csv").Frame;

        var known = KnownOutcomes.Of(frame, "loan_status", new[] { "Rejected" }, new[] { "Approved" });

        Assert.Equal("Rejected", known.PositiveLabel);
        Assert.Equal(new[] { "Approved" }, known.NegativeLabels);
        Assert.Equal(3, known.RowsKept);
        // A frame built otherwise (quoted values keep their spaces): a notebook's parameters are trimmed, and an exact
        // value is taken as written when both spellings occur.
        var quoted = Csv.FromText("id,status\n1,\" Rejected\"\n2,\" Approved\"\n", "quoted.csv").Frame;
        Assert.Equal(" Rejected", KnownOutcomes.Of(quoted, "status", new[] { "Rejected" }, new[] { "Approved" }).PositiveLabel);
        var both = Csv.FromText("id,status\n1,Rejected\n2,\" Rejected\"\n3,Approved\n", "both.csv").Frame;
        Assert.Equal("Rejected", KnownOutcomes.Of(both, "status", new[] { "Rejected" }, new[] { "Approved" }).PositiveLabel);
    }
}
