using Foundations.Data;
using Foundations.Training;
using Microsoft.Data.Analysis;

namespace Foundations.Tests.Training;

public class ScorecardTests
{
    /// <summary>Customers whose risk falls with income and rises with missed payments, a noise column, a copy of income, and gaps in income.</summary>
    private static (DataFrame Frame, int[] Labels) Bank(int rows, int seed, double missingIncome = 0.1)
    {
        var rng = new Random(seed);
        var income = new DoubleDataFrameColumn("income", rows);
        var incomeCopy = new DoubleDataFrameColumn("income_k", rows);
        var missed = new Int32DataFrameColumn("missed_payments", rows);
        var noise = new DoubleDataFrameColumn("shoe_size", rows);
        var channel = new StringDataFrameColumn("channel", rows);
        var labels = new int[rows];
        string[] channels = { "branch", "web", "mobile", "phone" };
        for (int r = 0; r < rows; r++)
        {
            double inc = 20_000 + 80_000 * rng.NextDouble();
            int m = rng.NextDouble() < 0.6 ? 0 : rng.Next(1, 5);
            string ch = channels[rng.Next(channels.Length)];
            double z = -1.0 - (inc - 60_000) / 20_000 + 0.6 * m + (ch == "phone" ? 0.8 : 0);
            labels[r] = rng.NextDouble() < 1 / (1 + Math.Exp(-z)) ? 1 : 0;
            bool gap = rng.NextDouble() < missingIncome;
            income[r] = gap ? null : inc;
            incomeCopy[r] = gap ? null : Math.Round(inc / 1000 + rng.NextDouble() * 0.5, 1);
            missed[r] = m;
            noise[r] = 36 + 10 * rng.NextDouble();
            channel[r] = ch;
        }
        return (new DataFrame(income, incomeCopy, missed, noise, channel), labels);
    }

    [Fact]
    public void Numeric_bins_follow_a_monotone_event_rate_in_the_direction_the_data_shows()
    {
        var (frame, labels) = Bank(4000, 1);
        var card = Scorecard.Fit(frame, labels);
        var income = card.Characteristics.Single(c => c.Name == "income");
        var rates = income.Bins.Where(b => !b.IsMissing).Select(b => b.EventRate).ToArray();
        Assert.Equal("falling", income.Trend);
        Assert.True(rates.Length >= 3, $"{rates.Length} bins");
        for (int i = 1; i < rates.Length; i++) Assert.True(rates[i] < rates[i - 1], string.Join(", ", rates));
        var missed = card.Characteristics.Single(c => c.Name == "missed_payments");
        Assert.Equal("rising", missed.Trend);
        // Every bin but the missing one holds at least the minimum share of customers.
        Assert.All(card.Characteristics.SelectMany(c => c.Bins).Where(b => !b.IsMissing && !b.IsOther), b => Assert.True(b.Count >= 0.05 * 4000, $"{b.Label}: {b.Count}"));
    }

    [Fact]
    public void Missing_values_get_their_own_bin_and_score_there()
    {
        var (frame, labels) = Bank(3000, 2, missingIncome: 0.1);
        frame.Columns.Remove("income_k"); // so that income, not its copy, is in the scorecard
        var card = Scorecard.Fit(frame, labels);
        var income = card.Characteristics.Single(c => c.Name == "income");
        var missingBin = income.Bins.Single(b => b.IsMissing);
        Assert.Equal(frame.Columns["income"].NullCount, missingBin.Count);
        int gapRow = Enumerable.Range(0, 3000).First(r => frame.Columns["income"][r] is null);
        var score = card.Score(frame)[gapRow];
        Assert.Equal("Missing", score.Points.Single(p => p.Characteristic == "income").Bin);
        // A characteristic with no gaps in training still has a missing bin, scored as an average customer (WoE 0).
        var missed = card.Characteristics.Single(c => c.Name == "missed_payments");
        Assert.Equal(0, missed.Bins.Single(b => b.IsMissing).Woe);
    }

    [Fact]
    public void Information_value_matches_a_hand_computation()
    {
        // Category A: 20 customers, 4 events; B: 20 customers, 12 events. So 24 non-events and 16 events, two bins.
        var keys = new StringDataFrameColumn("segment", 40);
        var labels = new int[40];
        for (int r = 0; r < 40; r++) { keys[r] = r < 20 ? "A" : "B"; labels[r] = r < 20 ? (r < 4 ? 1 : 0) : (r < 32 ? 1 : 0); }
        var card = Scorecard.Fit(new DataFrame(keys), labels);
        var segment = card.Characteristics.Single();
        // WoE = ln((non-events + 0.5)/(24 + 0.5·2) ÷ (events + 0.5)/(16 + 0.5·2)).
        double woeA = Math.Log((16.5 / 25) / (4.5 / 17)), woeB = Math.Log((8.5 / 25) / (12.5 / 17));
        double iv = (16.5 / 25 - 4.5 / 17) * woeA + (8.5 / 25 - 12.5 / 17) * woeB;
        Assert.Equal(woeA, segment.Bins.Single(b => b.Label == "A").Woe, 12);
        Assert.Equal(woeB, segment.Bins.Single(b => b.Label == "B").Woe, 12);
        Assert.Equal(iv, segment.InformationValue, 12);
        Assert.Equal(0.6660490308477583, segment.InformationValue, 12);
    }

    [Fact]
    public void Every_pdo_points_double_the_odds_and_the_base_score_stands_for_the_base_odds()
    {
        var (frame, labels) = Bank(3000, 3);
        var card = Scorecard.Fit(frame, labels, settings: new ScorecardSettings { PointsToDoubleOdds = 20, BaseScore = 600, BaseOdds = 50 });
        var probabilities = card.Predict(frame);
        var scores = card.Score(frame);
        for (int r = 0; r < 3000; r += 97)
        {
            // The score from the points table and the probability from the regression agree: score = 600 + 20·log2(odds / 50).
            double odds = (1 - probabilities[r]) / probabilities[r];
            Assert.Equal(600 + 20 * Math.Log2(odds / 50), scores[r].Score, 8);
            Assert.Equal(probabilities[r], scores[r].Probability, 10);
        }
        var (min, max) = card.ScoreRange;
        Assert.True(max - min > 60, $"scores {min:0} to {max:0}");
    }

    [Fact]
    public void Reasons_name_the_characteristics_where_most_points_were_lost()
    {
        var (frame, labels) = Bank(3000, 4);
        var card = Scorecard.Fit(frame, labels);
        var scores = card.Score(frame, reasons: 2);
        foreach (var s in scores.Take(200))
        {
            Assert.True(s.Reasons.Count <= 2);
            var expected = s.Points.Where(p => p.PointsLost > 0.5).OrderByDescending(p => p.PointsLost).Take(2).Select(p => p.Characteristic);
            Assert.Equal(expected, s.Reasons.Select(r => r.Characteristic));
            foreach (var p in s.Points)
            {
                var bins = card.Selected.Single(c => c.Name == p.Characteristic).Bins;
                Assert.Equal(bins.Max(b => b.Points) - p.Points, p.PointsLost, 9);
            }
        }
        // The riskiest customer by score loses points on income or missed payments, the two strong drivers.
        var worst = scores.OrderBy(s => s.Score).First();
        Assert.Contains(worst.Reasons[0].Characteristic, new[] { "income", "missed_payments" });
    }

    [Fact]
    public void Weak_and_duplicate_characteristics_are_left_out_with_the_reason()
    {
        var (frame, labels) = Bank(4000, 5);
        var card = Scorecard.Fit(frame, labels);
        var noise = card.Characteristics.Single(c => c.Name == "shoe_size");
        Assert.False(noise.Selected);
        Assert.Contains("information value", noise.LeftOutBecause);
        var copy = card.Characteristics.Single(c => c.Name is "income_k" or "income" && !c.Selected);
        Assert.Contains("correlate", copy.LeftOutBecause);
        Assert.Contains(card.Selected, c => c.Name == "missed_payments");
        Assert.DoesNotContain(card.Table(), row => row.Characteristic == "shoe_size");
    }

    [Fact]
    public void Save_and_load_give_the_same_scores()
    {
        var (frame, labels) = Bank(2000, 6);
        var card = Scorecard.Fit(frame, labels);
        string path = Path.Combine(Path.GetTempPath(), $"scorecard-{Guid.NewGuid():N}.fnd");
        try
        {
            card.Save(path);
            var loaded = Scorecard.Load(path);
            Assert.Equal(card.Predict(frame), loaded.Predict(frame));
            Assert.Equal(card.Table(), loaded.Table());
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Scoring_a_frame_without_a_characteristic_names_it()
    {
        var (frame, labels) = Bank(1000, 8);
        var card = Scorecard.Fit(frame, labels);
        frame.Columns.Remove("missed_payments");
        var e = Assert.Throws<ArgumentException>(() => card.Predict(frame));
        Assert.Contains("'missed_payments'", e.Message);
    }

    [Fact]
    public void Scorecard_on_a_csv_with_no_classic_names_leaves_out_the_identifier_and_ranks_well_above_a_coin()
    {
        var (loans, _) = Csv.Load(Path.Combine(RepoPaths.Root, "tests", "data", "loan-applications.csv"));
        var split = Wrangle.From(loans).PrepareFor("defaulted", "application_ref").SplitTrainTest(0.25, stratifyBy: "defaulted", seed: 1);
        var card = Scorecard.Fit(split.RawTrain, "defaulted", positiveLabel: "yes");
        Assert.DoesNotContain(card.Characteristics, c => c.Name == "application_ref");
        Assert.Contains(card.Notes, n => n.Contains("'application_ref'"));
        var outcome = (StringDataFrameColumn)split.RawTest.Columns["defaulted"];
        var labels = outcome.Select(v => v == "yes" ? 1 : 0).ToArray();
        double auc = BinaryMetrics.Auc(card.Predict(split.RawTest), labels);
        Assert.True(auc > 0.65, $"scorecard AUC {auc:0.000}");
    }
}
