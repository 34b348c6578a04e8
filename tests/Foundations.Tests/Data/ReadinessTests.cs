using Foundations.Data;
using Foundations.Experiments;
using Foundations.Interactive;
using Microsoft.Data.Analysis;
using Xunit.Abstractions;

namespace Foundations.Tests.Data;

public class ReadinessTests(ITestOutputHelper output)
{
    // A frame with no planted defect: two informative numbers, a category, a flag and a 0/1 label drawn from them with noise.
    private static DataFrame Clean(int rows = 1000, int seed = 7, double ageShift = 0)
    {
        var random = new Random(seed);
        var age = new int?[rows];
        var income = new double?[rows];
        var region = new string?[rows];
        var online = new bool?[rows];
        var label = new int?[rows];
        string[] regions = { "North", "South", "East", "West" };
        for (int r = 0; r < rows; r++)
        {
            age[r] = 18 + random.Next(60) + (int)ageShift;
            income[r] = Math.Round(20000 + 60000 * random.NextDouble(), 2);
            region[r] = regions[random.Next(regions.Length)];
            online[r] = random.NextDouble() < 0.6;
            double logit = -0.03 * (age[r]!.Value - 48) - (income[r]!.Value - 50000) / 40000 + (online[r]!.Value ? 0.3 : -0.3) + 2 * (random.NextDouble() - 0.5);
            label[r] = random.NextDouble() < 1 / (1 + Math.Exp(-2 * logit)) ? 1 : 0;
        }
        return new DataFrame(
            new Int32DataFrameColumn("age", age),
            new DoubleDataFrameColumn("income", income),
            new StringDataFrameColumn("region", region),
            new BooleanDataFrameColumn("online", online),
            new Int32DataFrameColumn("churned", label));
    }

    private static int[] Labels(DataFrame frame) => Enumerable.Range(0, (int)frame.Rows.Count).Select(r => (int)frame["churned"][r]!).ToArray();

    private static DataFrame With(DataFrame frame, DataFrameColumn column)
    {
        var copy = new DataFrame(frame.Columns.ToList());
        copy.Columns.Insert(0, column);
        return copy;
    }

    [Fact]
    public void Clean_frame_gets_no_red_light_and_the_summary_says_so()
    {
        var report = Readiness.Check(Clean(), target: "churned");
        output.WriteLine(report.ToString());
        Assert.Equal(0, report.Red);
        Assert.Contains(report.Checks, c => c.Name == Readiness.LeakyColumnCheck && c.Light == Light.Green);
        Assert.Contains(report.Checks, c => c.Name == Readiness.LabelSpellingCheck && c.Light == Light.Green);
        Assert.Empty(report.Identifiers);
        Assert.Equal("1", report.PositiveLabel);
        Assert.Contains("1,000 rows", report.Summary);
        Assert.DoesNotContain("fixing before", report.Summary);
    }

    [Fact]
    public void Leaky_column_that_separates_the_target_alone_is_red()
    {
        var frame = Clean();
        var random = new Random(3);
        var leak = Labels(frame).Select(y => (double?)(y * 10 + random.NextDouble())).ToArray();
        var report = Readiness.Check(With(frame, new DoubleDataFrameColumn("settlement_amount", leak)), target: "churned");
        var check = Assert.Single(report.Named(Readiness.LeakyColumnCheck));
        Assert.Equal(Light.Red, check.Light);
        Assert.Equal(new[] { "settlement_amount" }, check.Columns);
        Assert.Contains("AUC 1", check.Evidence);
        Assert.Contains("fixing before", report.Summary);
    }

    [Fact]
    public void A_column_that_separates_the_target_exactly_is_red_even_beside_another_strong_column()
    {
        // HMDA's denial reason is filled only for denials; the interest rate, blank for them, is nearly as strong.
        var frame = Clean();
        var random = new Random(5);
        var labels = Labels(frame);
        var reason = labels.Select(y => (int?)(y == 1 ? 1 + random.Next(9) : 10)).ToArray();
        var rate = labels.Select(y => (double?)(y == 1 && random.NextDouble() < 0.97 ? 0 : 3 + random.NextDouble())).ToArray();
        frame = With(With(frame, new Int32DataFrameColumn("denial_reason", reason)), new DoubleDataFrameColumn("rate_paid", rate));
        var report = Readiness.Check(frame, target: "churned");
        output.WriteLine(report.ToString());
        var exact = Assert.Single(report.Named(Readiness.LeakyColumnCheck), c => c.Concerns("denial_reason"));
        Assert.Equal(Light.Red, exact.Light);
        Assert.Contains("separates the outcome exactly", exact.Evidence);
        var strong = Assert.Single(report.Named(Readiness.LeakyColumnCheck), c => c.Concerns("rate_paid"));
        Assert.Equal(Light.Amber, strong.Light);   // 0.98: strong, not exact, and not far ahead of the first
    }

    [Fact]
    public void An_empty_column_is_said_once_as_constant_not_as_an_identifier_nor_a_protected_input()
    {
        // A register's unused race-3 to race-5 columns: empty in every row.
        int rows = 1000;
        var frame = With(Clean(rows), new StringDataFrameColumn("applicant_race_3", Enumerable.Repeat<string?>(null, rows)));
        var report = Readiness.Check(frame, target: "churned");
        Assert.Single(report.Checks, c => c.Concerns("applicant_race_3"));
        Assert.Equal(Readiness.ConstantCheck, report.Checks.Single(c => c.Concerns("applicant_race_3")).Name);
        Assert.DoesNotContain("applicant_race_3", Assert.Single(report.Named(Readiness.ProtectedCheck)).Columns);
    }

    [Fact]
    public void Columns_left_out_are_listed_with_their_strength_not_checked_as_inputs_nor_counted_against_the_data()
    {
        // A loan book's charge-off date: known only after the outcome, so the user excludes it as PrepareFor is told to.
        var frame = Clean();
        var random = new Random(3);
        var leak = Labels(frame).Select(y => (double?)(y * 10 + random.NextDouble())).ToArray();
        var ids = Enumerable.Range(0, (int)frame.Rows.Count).Select(i => $"L-{i:00000}").ToArray();
        var withBoth = With(With(frame, new DoubleDataFrameColumn("charge_off_amount", leak)), new StringDataFrameColumn("loan_id", ids));

        var report = Readiness.Check(withBoth, target: "churned", exclude: new[] { "loan_id", "charge_off_amount" });
        output.WriteLine(report.ToString());
        Assert.Equal(0, report.Red);
        Assert.Equal(4, report.Features);
        var leftOut = Assert.Single(report.Named(Readiness.LeftOutCheck));
        Assert.Equal(Light.Green, leftOut.Light);
        Assert.Equal(new[] { "loan_id", "charge_off_amount" }, leftOut.Columns);
        Assert.Contains("'charge_off_amount' (alone it ranks 'churned' with AUC 1", leftOut.Evidence);
        Assert.Equal(new[] { leftOut }, report.For("charge_off_amount"));
        Assert.Equal(new[] { leftOut }, report.For("loan_id"));
        Assert.Empty(report.Identifiers);
        Assert.DoesNotContain("fixing before", report.Summary);

        // The same frame without the exclusions: the leak is red and the identifier amber, as before.
        var withoutExclusions = Readiness.Check(withBoth, target: "churned");
        Assert.Equal(Light.Red, withoutExclusions.For("charge_off_amount").Max(c => c.Light));
        Assert.Equal(new[] { "loan_id" }, withoutExclusions.Identifiers);
        Assert.Empty(withoutExclusions.Named(Readiness.LeftOutCheck));
    }

    [Fact]
    public void Inputs_named_like_a_protected_characteristic_or_a_stand_in_for_one_are_one_amber_line_and_an_accounts_age_is_not()
    {
        var frame = Clean();
        int rows = (int)frame.Rows.Count;
        var random = new Random(11);
        string[] postcodes = { "SW1A 1AA", "M1 1AE", "B33 8TH", "CR2 6XH", "LS1 4AP" };
        frame = With(frame, new StringDataFrameColumn("CODE_GENDER", Enumerable.Range(0, rows).Select(_ => random.NextDouble() < 0.5 ? "M" : "F")));
        frame = With(frame, new Int32DataFrameColumn("zip_code", Enumerable.Range(0, rows).Select(_ => (int?)random.Next(10000, 99999))));
        frame = With(frame, new StringDataFrameColumn("home_area", Enumerable.Range(0, rows).Select(_ => postcodes[random.Next(postcodes.Length)])));
        frame = With(frame, new Int32DataFrameColumn("account_age_months", Enumerable.Range(0, rows).Select(_ => (int?)random.Next(1, 240))));
        frame = With(frame, new Int32DataFrameColumn("tract_median_age_of_housing_units", Enumerable.Range(0, rows).Select(_ => (int?)random.Next(5, 80))));

        var report = Readiness.Check(frame, target: "churned");
        output.WriteLine(report.ToString());
        var check = Assert.Single(report.Named(Readiness.ProtectedCheck));
        Assert.Equal(Light.Amber, check.Light);
        Assert.Equal(new[] { "CODE_GENDER", "age", "home_area", "zip_code" }, check.Columns.Order(StringComparer.Ordinal));
        Assert.Contains("'age' (age)", check.Evidence);
        Assert.Contains("'CODE_GENDER' (sex)", check.Evidence);
        Assert.Contains("'home_area' (where a person lives)", check.Evidence);
        Assert.DoesNotContain("account_age_months", check.Evidence);
        Assert.DoesNotContain("tract_median_age_of_housing_units", check.Evidence);   // HMDA: the age of a tract's homes

        // Left out as the user says, they are not inputs: the line turns green, and another names them so that the
        // outcomes can still be compared by them (a person's name groups nobody, so it is not among them).
        frame = With(frame, new StringDataFrameColumn("name", Enumerable.Range(0, rows).Select(i => $"Customer {i}")));
        var leftOut = Readiness.Check(frame, target: "churned", exclude: new[] { "age", "CODE_GENDER", "zip_code", "home_area", "name" });
        Assert.Equal(Light.Green, Assert.Single(leftOut.Named(Readiness.ProtectedCheck)).Light);
        var compare = Assert.Single(leftOut.Named(Readiness.ProtectedLeftOutCheck));
        Assert.Equal(Light.Green, compare.Light);
        Assert.Equal(new[] { "CODE_GENDER", "age", "home_area", "zip_code" }, compare.Columns.Order(StringComparer.Ordinal));
        Assert.Contains("Explain.OutcomesBy", compare.WhatToDo);
        Assert.Empty(Readiness.Check(frame, target: "churned", exclude: new[] { "name" }).Named(Readiness.ProtectedLeftOutCheck));
    }

    [Fact]
    public void A_column_to_exclude_that_is_not_in_the_data_or_is_the_target_is_refused_naming_it()
    {
        var frame = Clean(rows: 50);
        var unknown = Assert.Throws<ArgumentException>(() => Readiness.Check(frame, target: "churned", exclude: new[] { "incme" }));
        Assert.Equal("exclude", unknown.ParamName);
        Assert.Contains("'incme'", unknown.Message);
        Assert.Contains("income", unknown.Message);
        var target = Assert.Throws<ArgumentException>(() => Readiness.Check(frame, target: "churned", exclude: new[] { "churned" }));
        Assert.Contains("'churned' is the target", target.Message);
    }

    [Fact]
    public void An_identifier_left_out_of_the_inputs_is_still_checked_for_customers_in_both_parts()
    {
        var frame = With(Clean(), new StringDataFrameColumn("customer_id", Enumerable.Range(0, 1000).Select(i => $"C{i % 950:0000}")));
        var report = Readiness.Check(frame.Head(700), frame.Tail(300), target: "churned", exclude: new[] { "customer_id" });
        output.WriteLine(report.ToString());
        var both = Assert.Single(report.Checks, c => c.Name == "Same identifier in both parts");
        Assert.Equal(new[] { "customer_id" }, both.Columns);
        Assert.Contains("50 test rows", both.Evidence);
        Assert.DoesNotContain(report.Named(Readiness.ShiftCheck), c => c.Concerns("customer_id"));
    }

    [Fact]
    public void Identifier_columns_unique_text_and_row_numbers_are_amber_and_not_ranked_as_leaks()
    {
        var frame = Clean();
        int n = (int)frame.Rows.Count;
        frame = With(frame, new StringDataFrameColumn("account_ref", Enumerable.Range(0, n).Select(i => $"A{i:00000}")));
        frame = With(frame, new Int64DataFrameColumn("row_number", Enumerable.Range(0, n).Select(i => (long?)(1000 + i))));
        var report = Readiness.Check(frame, target: "churned");
        output.WriteLine(report.ToString());
        Assert.Equal(new[] { "row_number", "account_ref" }.Order(), report.Identifiers.Order());
        Assert.All(report.Named(Readiness.IdentifierCheck), c => Assert.Equal(Light.Amber, c.Light));
        Assert.Contains("only ever rises", report.For("row_number").Single(c => c.Name == Readiness.IdentifierCheck).Evidence);
        Assert.Equal(0, report.Red);
    }

    [Fact]
    public void Constant_and_near_constant_columns_are_amber()
    {
        var frame = Clean();
        int n = (int)frame.Rows.Count;
        frame = With(frame, new StringDataFrameColumn("country", Enumerable.Repeat("GB", n)));
        frame = With(frame, new Int32DataFrameColumn("vip", Enumerable.Range(0, n).Select(i => (int?)(i == 5 ? 1 : 0))));
        var report = Readiness.Check(frame, target: "churned");
        var constant = Assert.Single(report.Named(Readiness.ConstantCheck));
        Assert.Equal((Light.Amber, "country"), (constant.Light, constant.Columns.Single()));
        Assert.Equal(0, report.Red);
        Assert.Equal(Light.Amber, report.For("vip").Single(c => c.Name == "Near-constant column").Light);
    }

    [Fact]
    public void Typo_label_spellings_are_red_and_grouped_into_one_class()
    {
        var frame = Clean();
        var spellings = new[] { "Yes", "yes ", "Y", "Yes" };
        var text = Labels(frame).Select((y, i) => y == 1 ? spellings[i % 4] : (i % 7 == 0 ? "no" : "No")).ToArray();
        var typo = new DataFrame(frame.Columns.Where(c => c.Name != "churned").Append(new StringDataFrameColumn("churned", text)).ToList());
        var report = Readiness.Check(typo, target: "churned");
        var check = Assert.Single(report.Named(Readiness.LabelSpellingCheck));
        Assert.Equal(Light.Red, check.Light);
        Assert.Contains("'yes '", check.Evidence);
        Assert.Contains("'Y'", check.Evidence);
        Assert.Contains("'no'", check.Evidence);
        // The spellings are grouped, so the yes class is the positive one and the balance reads two classes.
        Assert.Equal("Yes", report.PositiveLabel);
        Assert.Contains("2 classes", report.Named("Class balance").Single().Evidence);
    }

    [Fact]
    public void Post_outcome_names_are_amber_and_red_when_the_column_also_separates_the_target()
    {
        var frame = Clean();
        var random = new Random(5);
        var labels = Labels(frame);
        frame = With(frame, new DoubleDataFrameColumn("call_duration", labels.Select(_ => (double?)random.Next(30, 900))));
        frame = With(frame, new StringDataFrameColumn("accountStatus", labels.Select(y => y == 1 ? (random.NextDouble() < 0.9 ? "closed" : "open") : "open")));
        var report = Readiness.Check(frame, target: "churned");
        output.WriteLine(report.ToString());
        Assert.Equal(Light.Amber, report.For("call_duration").Single(c => c.Name == Readiness.PostOutcomeCheck).Light);
        var status = report.For("accountStatus").Single(c => c.Name == Readiness.PostOutcomeCheck);
        Assert.Equal(Light.Red, status.Light);
        Assert.Contains("'status'", status.Evidence);
    }

    [Theory]
    [InlineData("EmploymentStatus", null)]           // Prosper: known when applying
    [InlineData("EmploymentStatusDuration", null)]
    [InlineData("checking_status", null)]            // German credit (OpenML's credit-g)
    [InlineData("personal_status", null)]
    [InlineData("MaritalStatus", null)]
    [InlineData("loan_status", "status")]            // a loan book's outcome
    [InlineData("accountStatus", "status")]
    [InlineData("duration", "duration")]             // bank marketing's call duration
    [InlineData("ClosedDate", "closed")]
    [InlineData("defaulted_next_12m", "defaulted")]
    public void Status_and_duration_after_a_word_about_the_applicant_are_not_post_outcome_names(string column, string? word) =>
        Assert.Equal(word, Readiness.PostOutcomeWord(column));

    [Fact]
    public void Target_written_into_an_identifier_is_red()
    {
        var frame = Clean();
        var ids = Labels(frame).Select((y, i) => (y == 1 ? "CH-" : "AC-") + i.ToString("00000")).ToArray();
        var report = Readiness.Check(With(frame, new StringDataFrameColumn("case_id", ids)), target: "churned");
        var check = Assert.Single(report.Named(Readiness.TargetInIdentifierCheck));
        Assert.Equal((Light.Red, "case_id"), (check.Light, check.Columns.Single()));
        Assert.Contains("'ch'", check.Evidence);
        Assert.Contains("case_id", report.Identifiers);
    }

    [Fact]
    public void Missingness_that_predicts_the_target_is_flagged_with_the_rates()
    {
        var frame = Clean();
        var labels = Labels(frame);
        var random = new Random(11);
        var income = (DoubleDataFrameColumn)frame["income"].Clone();
        for (int r = 0; r < labels.Length; r++)
            if (random.NextDouble() < (labels[r] == 1 ? 0.3 : 0.02)) income[r] = null;
        var report = Readiness.Check(new DataFrame(frame.Columns.Select(c => c.Name == "income" ? income : c).ToList()), target: "churned");
        var check = report.For("income").Single(c => c.Name == "Missingness predicts the target");
        Assert.Equal(Light.Amber, check.Light);
        Assert.Contains("where it is present", check.Evidence);
        Assert.Contains(report.For("income"), c => c.Name == "Missing values");
    }

    [Fact]
    public void Duplicated_columns_mixed_types_and_high_cardinality_are_amber()
    {
        var frame = Clean();
        int n = (int)frame.Rows.Count;
        var regionCode = frame["region"].Cast<string>().Select(r => "R-" + r.ToUpperInvariant()).ToArray();
        var random = new Random(2);
        frame = With(frame, new StringDataFrameColumn("region_code", regionCode));
        frame = With(frame, new DoubleDataFrameColumn("income_k", frame["income"].Cast<double?>().Select(v => v / 1000)));
        frame = With(frame, new StringDataFrameColumn("years_at_address", Enumerable.Range(0, n).Select(i => i % 10 == 0 ? "unknown" : random.Next(1, 30).ToString())));
        frame = With(frame, new StringDataFrameColumn("branch", Enumerable.Range(0, n).Select(i => "B" + (i % 80))));
        var report = Readiness.Check(frame, target: "churned");
        output.WriteLine(report.ToString());
        Assert.Contains(report.Named("Duplicated column"), c => c.Concerns("region_code") && c.Concerns("region") && c.Light == Light.Amber);
        Assert.Contains(report.Named("Near-duplicated column"), c => c.Concerns("income_k") && c.Concerns("income") && c.Light == Light.Amber);
        Assert.Equal(Light.Amber, report.For("years_at_address").Single(c => c.Name == "Mixed types in a text column").Light);
        Assert.Equal(Light.Amber, report.For("branch").Single(c => c.Name == "High-cardinality category").Light);
    }

    [Fact]
    public void A_code_written_as_a_number_far_outside_the_other_values_is_amber_but_a_pile_of_zeros_is_not()
    {
        // Months past due with 98 for "not applicable" (Give Me Some Credit's convention) in 2% of rows; a balance that is 0
        // for a third of customers is a real amount at the edge of the others, not a code.
        var random = new Random(11);
        var pastDue = new int?[1000];
        var balance = new double?[1000];
        for (int r = 0; r < 1000; r++)
        {
            pastDue[r] = r % 50 == 0 ? 98 : random.NextDouble() < 0.8 ? 0 : 1 + random.Next(4);
            balance[r] = r % 3 == 0 ? 0 : Math.Round(30_000 + 100_000 * random.NextDouble(), 2);
        }
        var frame = With(With(Clean(), new Int32DataFrameColumn("months_past_due", pastDue)), new DoubleDataFrameColumn("balance", balance));
        var report = Readiness.Check(frame, target: "churned");
        var code = report.Named(Readiness.SentinelCheck).Single();
        Assert.Equal(Light.Amber, code.Light);
        Assert.Equal(new[] { "months_past_due" }, code.Columns);
        Assert.Contains("98 in 20 rows (2%)", code.Evidence);
        Assert.Empty(Readiness.Check(Clean(), target: "churned").Named(Readiness.SentinelCheck));
    }

    [Fact]
    public void A_persons_age_over_120_is_amber_with_the_values_but_an_accounts_age_and_an_age_in_months_are_not()
    {
        // Kaggle's credit-risk file: a handful of applicants aged 123 and 144 among thousands of 20 to 70.
        var frame = Clean();
        var ages = Enumerable.Range(0, 1000).Select(r => (int?)(r == 10 ? 144 : r % 400 == 7 ? 123 : (int)frame["age"][r]!)).ToArray();
        frame.Columns.Remove("age");
        frame = With(frame, new Int32DataFrameColumn("person_age", ages));
        frame = With(frame, new Int32DataFrameColumn("account_age", Enumerable.Range(0, 1000).Select(r => (int?)(r == 3 ? 300 : r % 40)).ToArray()));
        frame = With(frame, new Int32DataFrameColumn("age_months", Enumerable.Range(0, 1000).Select(r => (int?)(240 + r % 600)).ToArray()));
        var report = Readiness.Check(frame, target: "churned");
        var check = report.Named(Readiness.ImpossibleAgeCheck).Single();
        Assert.Equal(Light.Amber, check.Light);
        Assert.Equal(new[] { "person_age" }, check.Columns);
        Assert.Contains("4 of 1,000 rows (0.4%) lie outside 0 to 120 years: 123 (3 rows), 144 (1 row)", check.Evidence);
        Assert.Contains("PrepareFor reads ages outside 0 to 120 as missing", check.WhatToDo);
        Assert.Contains("ReadAsMissingOutside(\"person_age\", 0, 120)", check.WhatToDo);
        Assert.Empty(Readiness.Check(Clean(), target: "churned").Named(Readiness.ImpossibleAgeCheck));

        // What the advice says to do works, and the check then passes.
        var fixedFrame = Wrangle.From(frame).ReadAsMissingOutside("person_age", 0, 120).Fit(frame).Apply(frame);
        Assert.Empty(Readiness.Check(fixedFrame, target: "churned").Named(Readiness.ImpossibleAgeCheck));
    }

    [Fact]
    public void An_age_column_mostly_above_120_is_said_to_need_its_unit_checked()
    {
        var frame = With(Clean(), new Int32DataFrameColumn("customer_age", Enumerable.Range(0, 1000).Select(r => (int?)(216 + r % 700)).ToArray()));
        var check = Readiness.Check(frame, target: "churned").Named(Readiness.ImpossibleAgeCheck).Single();
        Assert.Contains("may not be in years", check.WhatToDo);
    }

    [Fact]
    public void Rows_repeated_across_train_and_test_are_red_and_a_clean_split_is_green()
    {
        var frame = Clean();
        var train = frame.Head(700);
        var test = frame.Tail(300);
        var clean = Readiness.Check(train, test, target: "churned");
        output.WriteLine(clean.ToString());
        Assert.Equal(Light.Green, clean.Named(Readiness.DuplicatedAcrossPartsCheck).Single().Light);
        Assert.Equal(Light.Green, clean.Named(Readiness.ShiftCheck).Single().Light);
        Assert.Equal(0, clean.Red);

        // The test part plus 20 copies of train rows.
        var rows = new Int64DataFrameColumn("row", Enumerable.Range(700, 300).Concat(Enumerable.Range(0, 20)).Select(i => (long?)i));
        var leakyTest = new DataFrame(frame.Columns.Select(c => c.Clone(rows)).ToList());
        var report = Readiness.Check(train, leakyTest, target: "churned");
        var check = report.Named(Readiness.DuplicatedAcrossPartsCheck).Single();
        Assert.Equal(Light.Red, check.Light);
        Assert.Contains("20 of 320 test rows", check.Evidence);
    }

    [Fact]
    public void A_shifted_test_part_is_flagged_column_by_column()
    {
        var train = Clean(rows: 800, seed: 1);
        var test = Clean(rows: 400, seed: 2, ageShift: 25);
        var report = Readiness.Check(train, test, target: "churned");
        var shift = report.Named(Readiness.ShiftCheck).Single(c => c.Concerns("age"));
        Assert.Equal(Light.Red, shift.Light);
        Assert.Contains("KS statistic", shift.Evidence);
        Assert.DoesNotContain(report.Named(Readiness.ShiftCheck), c => c.Concerns("region") || c.Concerns("income"));
    }

    [Fact]
    public void Every_check_logs_red_and_amber_counts_and_renders_escaped_html()
    {
        // A leak (red) under a name that is markup: the name must come out escaped wherever the report shows it.
        var clean = Clean();
        var frame = With(clean, new DoubleDataFrameColumn("<b>note</b>", Labels(clean).Select(y => (double?)(y * 10))));
        var report = Readiness.Check(frame, target: "churned");
        Assert.Equal(report.Red, Run.Current.Metrics["readiness_red"]);
        Assert.Equal(report.Amber, Run.Current.Metrics["readiness_amber"]);
        var html = Reports.Html(report);
        Assert.Contains("&lt;b&gt;note&lt;/b&gt;", html);
        Assert.DoesNotContain("<b>note</b>", html);
        Assert.Contains("fn-light fn-red", html);
    }

    [Fact]
    public void Bad_target_or_positive_label_is_a_clear_error_naming_it()
    {
        var frame = Clean(rows: 50);
        var missing = Assert.Throws<ArgumentException>(() => Readiness.Check(frame, target: "churn"));
        Assert.Contains("'churn'", missing.Message);
        Assert.Contains("churned", missing.Message);
        var label = Assert.Throws<ArgumentException>(() => Readiness.Check(frame, target: "churned", positiveLabel: "yes"));
        Assert.Contains("positiveLabel 'yes'", label.Message);
    }

    [Fact]
    public void Sample_customers_run_and_customer_id_and_name_are_flagged_as_identifiers()
    {
        var (customers, _) = Csv.Load(Path.Combine(RepoPaths.DataSamples, "customers.csv"));
        Readiness.Check(customers, target: "churned_next_90d", positiveLabel: "1");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var report = Readiness.Check(customers, target: "churned_next_90d", positiveLabel: "1");
        output.WriteLine($"Checked in {clock.ElapsedMilliseconds} ms.");
        output.WriteLine(report.ToString());
        Assert.Contains("customer_id", report.Identifiers);
        Assert.Contains("name", report.Identifiers);
        Assert.Equal(customers.Columns.Count - 1, report.Features);
        // The other outcome in the file is named like one and must be questioned.
        Assert.Contains(report.For("defaulted_next_12m"), c => c.Name == Readiness.PostOutcomeCheck);
    }

    [Fact]
    public void A_differently_shaped_csv_with_a_text_label_runs_and_its_reference_is_an_identifier()
    {
        var (loans, _) = Csv.Load(Path.Combine(RepoPaths.Root, "tests", "data", "loan-applications.csv"));
        var report = Readiness.Check(loans, target: "defaulted", positiveLabel: "");
        output.WriteLine(report.ToString());
        Assert.Equal("yes", report.PositiveLabel);
        Assert.Contains("application_ref", report.Identifiers);
        Assert.Equal(loans.Columns.Count - 1, report.Features);
    }

    [Fact]
    public void Parts_with_different_columns_or_shared_identifiers_are_red_and_a_mostly_missing_column_is_amber()
    {
        var frame = Clean();
        var ids = new StringDataFrameColumn("customer_id", Enumerable.Range(0, 1000).Select(i => $"C{i:0000}"));
        var notes = new DoubleDataFrameColumn("bonus", Enumerable.Range(0, 1000).Select(i => i % 3 == 0 ? (double?)i : null));
        var train = With(With(frame, ids), notes).Head(700);
        // The test part reuses 50 train customers' ids on new rows and lacks the 'bonus' column.
        var testIds = new StringDataFrameColumn("customer_id", Enumerable.Range(650, 300).Select(i => $"C{i:0000}"));
        var test = With(frame.Tail(300), testIds);
        var report = Readiness.Check(train, test, target: "churned");
        output.WriteLine(report.ToString());
        Assert.Equal(Light.Red, report.Named("Columns differ between parts").Single().Light);
        var shared = report.Named("Same identifier in both parts").Single();
        Assert.Equal(Light.Red, shared.Light);
        Assert.Contains("50 test rows", shared.Evidence);
        // Missing for two customers in three: worth explaining, not a reason to stop.
        Assert.Equal(Light.Amber, report.For("bonus").Single(c => c.Name == "Mostly missing column").Light);
    }
}
