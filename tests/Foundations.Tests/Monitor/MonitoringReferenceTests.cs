using System.IO.Compression;
using Foundations.Data;
using Foundations.Monitor;
using Foundations.Tests.Runner;
using Foundations.Training;
using Microsoft.Data.Analysis;

namespace Foundations.Tests.Monitor;

[Trait("Speed", "Slow")]
[Collection(SharedModels.SamplePeriods)]
public class MonitoringReferenceTests(SamplePeriods periods)
{
    private static readonly string[] Labels = { "churned_next_90d", "defaulted_next_12m" };

    [Fact]
    public void Saved_reference_compares_a_batch_as_the_development_data_itself_does()
    {
        var scores = Enumerable.Range(0, (int)periods.Development.Rows.Count).Select(i => (i * 37 % 100) / 100.0).ToArray();
        var current = Enumerable.Range(0, (int)periods.Drifted.Rows.Count).Select(i => (i * 41 % 100) / 120.0).ToArray();
        var direct = Monitoring.Compare(periods.Development, periods.Drifted, scores, current, SamplePeriods.NotFeatures);

        string path = Path.Combine(RunnerProcess.TempFolder(), "reference.fnd");
        Monitoring.Fit(periods.Development, scores, exclude: Labels).Save(path);
        var reloaded = MonitoringReference.Load(path).Compare(periods.Drifted, current);

        Assert.Equal(direct.ScorePsi!.Value, reloaded.ScorePsi!.Value, 12);
        Assert.Equal(direct.Features.Select(f => f.Name), reloaded.Features.Select(f => f.Name));
        foreach (var f in direct.Features)
        {
            var g = reloaded[f.Name];
            Assert.Equal(f.Csi.Value, g.Csi.Value, 12);
            Assert.Equal(f.Band, g.Band);
            Assert.Equal(f.MissingRateReference, g.MissingRateReference, 12);
            Assert.Equal(f.NewCategories, g.NewCategories);
            // 3,000 development rows are kept as 1,000 quantiles: the KS distance may move by at most 1/1000.
            Assert.InRange(g.Test.Statistic - f.Test.Statistic, -1.0 / MonitoringReference.SampleSize, 1.0 / MonitoringReference.SampleSize);
        }
    }

    [Fact]
    public void Identifier_columns_are_never_compared_nor_stored()
    {
        var reference = Monitoring.Fit(periods.Development, exclude: Labels);
        Assert.Equal(new[] { "customer_id", "name" }, reference.Identifiers);
        Assert.DoesNotContain(reference.Features, f => f.Name is "customer_id" or "name");

        string path = Path.Combine(RunnerProcess.TempFolder(), "reference.fnd");
        reference.Save(path);
        using var zip = ZipFile.OpenRead(path);
        using var reader = new StreamReader(zip.GetEntry("model.json")!.Open());
        string stored = reader.ReadToEnd();
        string firstName = (string)periods.Development.Columns["name"][0];
        string firstId = (string)periods.Development.Columns["customer_id"][0];
        Assert.DoesNotContain(firstName, stored);
        Assert.DoesNotContain(firstId, stored);
        Assert.Contains(MonitoringReference.Format, stored);
    }

    [Fact]
    public void Reference_saved_with_a_model_file_leaves_the_model_readable()
    {
        string model = Path.Combine(RunnerProcess.TempFolder(), "model.fnd");
        ModelFile.Write(model, new ToyManifest("toy/1", "kept"), "{}", null, kind: "toy model", format: "toy/1", schema: []);
        Assert.False(MonitoringReference.IsSavedWith(model));

        var reference = Monitoring.Fit(periods.Development, exclude: Labels);
        reference.SaveWith(model);
        reference.SaveWith(model); // saving again replaces the entry rather than adding a second one

        Assert.True(MonitoringReference.IsSavedWith(model));
        var back = MonitoringReference.Load(model);
        Assert.Equal(reference.Features.Select(f => f.Name), back.Features.Select(f => f.Name));
        Assert.Equal(reference.FittedAt, back.FittedAt);
        var file = ModelFile.Read<ToyManifest>(model, "toy model", "toy/1", m => m.Format);
        Assert.Equal("kept", file.Manifest<ToyManifest>().Note);
        using var zip = ZipFile.OpenRead(model);
        Assert.Single(zip.Entries, e => e.FullName == ModelFile.MonitoringEntry);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(model)!, "*.tmp"));
    }

    [Fact]
    public void Model_file_without_a_reference_is_refused_naming_the_file()
    {
        string model = Path.Combine(RunnerProcess.TempFolder(), "model.fnd");
        ModelFile.Write(model, new ToyManifest("toy/1", "kept"), null, null, kind: "toy model", format: "toy/1", schema: []);
        var e = Assert.Throws<InvalidDataException>(() => MonitoringReference.Load(model));
        Assert.Contains("model.fnd", e.Message);
        Assert.Contains("toy model", e.Message);
    }

    [Fact]
    public void Numeric_column_arriving_as_text_is_an_error_naming_the_column()
    {
        var reference = Monitoring.Fit(periods.Development, exclude: Labels);
        var broken = periods.Later.Clone();
        int at = broken.Columns.IndexOf("income");
        broken.Columns[at] = new StringDataFrameColumn("income", Enumerable.Range(0, (int)broken.Rows.Count).Select(i => i % 2 == 0 ? "n/a" : "12"));
        var e = Assert.Throws<ArgumentException>(() => reference.Compare(broken));
        Assert.Contains("'income'", e.Message);
    }

    [Fact]
    public void Column_gone_from_the_batch_is_listed_and_new_ones_are_named()
    {
        var reference = Monitoring.Fit(periods.Development, exclude: Labels);
        var batch = periods.Later.Clone();
        batch.Columns.Remove("savings_balance");
        batch.Columns.Add(new DoubleDataFrameColumn("loyalty_points", Enumerable.Repeat(1.0, (int)batch.Rows.Count)));
        var report = reference.Compare(batch);
        Assert.Equal(new[] { "savings_balance" }, report.ColumnsMissingInCurrent);
        Assert.Equal(new[] { "loyalty_points" }, report.NewColumns);
    }

    [Fact]
    public void Splitting_by_a_date_column_gives_calendar_quarters_or_months_in_time_order()
    {
        var dates = new PrimitiveDataFrameColumn<DateTime>("opened", new[]
        {
            new DateTime(2026, 11, 3), new DateTime(2025, 12, 31), new DateTime(2026, 1, 1), new DateTime(2026, 3, 31), new DateTime(2026, 4, 1),
        });
        var frame = new DataFrame(dates, new DoubleDataFrameColumn("x", new[] { 1.0, 2, 3, 4, 5 }));
        var split = Monitoring.SplitByPeriod(frame, "opened");
        Assert.Equal(new[] { "2025-Q4", "2026-Q1", "2026-Q2", "2026-Q4" }, split.Select(p => p.Period));
        Assert.Equal(new[] { 3.0, 4.0 }, ColumnTypes.ToDoubles(split[1].Rows.Columns["x"]));

        // A column of months ("2026-01", "Dec-2011" load as the 1st of the month) is split by month, not merged into quarters.
        var (monthly, _) = Csv.FromText("batch,x\n2026-02,1\n2026-01,2\n2026-02,3\nMar-2026,4\n");
        Assert.Equal(new[] { "2026-01", "2026-02", "2026-03" }, Monitoring.SplitByPeriod(monthly, "batch").Select(p => p.Period));

        var one = new DataFrame(new StringDataFrameColumn("month", new[] { "2026-01", "2026-01" }));
        var e = Assert.Throws<ArgumentException>(() => Monitoring.SplitByPeriod(one, "month"));
        Assert.Contains("'month'", e.Message);
    }

    [Fact]
    public void A_period_length_groups_dates_by_month_quarter_or_year_and_is_refused_for_a_column_of_labels()
    {
        var (loans, _) = Csv.FromText("issue_d,x\nJan-2013,1\nFeb-2013,2\nNov-2013,3\nMar-2014,4\nDec-2014,5\n");
        Assert.Equal(new[] { "2013-01", "2013-02", "2013-11", "2014-03", "2014-12" }, Monitoring.SplitByPeriod(loans, "issue_d").Select(p => p.Period));
        Assert.Equal(new[] { "2013-Q1", "2013-Q4", "2014-Q1", "2014-Q4" }, Monitoring.SplitByPeriod(loans, "issue_d", PeriodLength.Quarter).Select(p => p.Period));
        var years = Monitoring.SplitByPeriod(loans, "issue_d", Monitoring.ParsePeriodLength(" Year "));
        Assert.Equal(new[] { "2013", "2014" }, years.Select(p => p.Period));
        Assert.Equal(new[] { 4.0, 5.0 }, ColumnTypes.ToDoubles(years[1].Rows.Columns["x"]));

        var labels = new DataFrame(new StringDataFrameColumn("wave", new[] { "spring", "autumn" }));
        Assert.Contains("'wave' does not hold dates", Assert.Throws<ArgumentException>(() => Monitoring.SplitByPeriod(labels, "wave", PeriodLength.Year)).Message);
        var error = Assert.Throws<ArgumentException>(() => Monitoring.ParsePeriodLength("weeks"));
        Assert.Equal("periodLength", error.ParamName);
        Assert.Equal(PeriodLength.AsWritten, Monitoring.ParsePeriodLength(""));
    }

    [Fact]
    public void Batches_too_small_for_stable_bands_carry_a_caution_with_what_chance_alone_gives()
    {
        var rng = new Random(3);
        DataFrame Draw(int rows) => new(new DoubleDataFrameColumn("income", Enumerable.Range(0, rows).Select(_ => rng.NextDouble())));
        // The same population twice: 22 reference rows against 201 read as drift by chance.
        var small = Monitoring.Compare(Draw(22), Draw(201));
        Assert.Equal(9 * (1.0 / 22 + 1.0 / 201), small.ChanceLevel.Mean, 9);
        Assert.Contains("Caution: with 22 reference rows and 201 current rows, chance alone gives a stability index of 0.45 on average and above 0.85 one time in twenty", small.SmallSampleCaution);
        Assert.Contains("Caution: with 22 reference rows", Foundations.Interactive.Reports.Html(small));
        Assert.Null(Monitoring.Compare(Draw(4000), Draw(4000)).SmallSampleCaution);
    }

    [Fact]
    public void A_date_column_is_monitored_in_decimal_years_and_later_dates_drift()
    {
        // A model reads a date as a decimal year; monitoring compares it in the same units, not as "free text".
        DataFrame Batch(int firstYear, int seed)
        {
            var rng = new Random(seed);
            var opened = new PrimitiveDataFrameColumn<DateTime>("earliest_cr_line", 2000);
            for (int r = 0; r < 2000; r++) opened[r] = new DateTime(firstYear + rng.Next(20), 1 + rng.Next(12), 1);
            return new DataFrame(opened, new DoubleDataFrameColumn("x", Enumerable.Range(0, 2000).Select(i => (double?)(i % 7))));
        }
        var same = Monitoring.Compare(Batch(1980, 1), Batch(1980, 2));
        Assert.Empty(same.SkippedColumns);
        Assert.True(same["earliest_cr_line"].IsNumeric);
        Assert.Equal(StabilityBand.Stable, same["earliest_cr_line"].Band);
        var later = Monitoring.Compare(Batch(1980, 1), Batch(1992, 3));
        Assert.Equal(StabilityBand.Act, later["earliest_cr_line"].Band);
        Assert.Equal(StabilityBand.Stable, later["x"].Band);
    }

    [Fact]
    public void Atomic_write_replaces_the_file_and_leaves_nothing_else_behind()
    {
        string folder = RunnerProcess.TempFolder();
        string path = Path.Combine(folder, "summary.json");
        File.WriteAllText(path, "old");
        AtomicFile.Write(path, s => s.Write("new"u8));
        Assert.Equal("new", File.ReadAllText(path));
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, _ => throw new InvalidOperationException("writer failed")));
        Assert.Equal("new", File.ReadAllText(path)); // a failed write never leaves half a file
        Assert.Equal(new[] { path }, Directory.GetFiles(folder));
    }

    private sealed record ToyManifest(string Format, string Note);
}
