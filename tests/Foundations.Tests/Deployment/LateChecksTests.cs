using Foundations.Data;
using Foundations.Interactive;
using Foundations.Training;
using Microsoft.Data.Analysis;

namespace Foundations.Tests.Deployment;

[Trait("Speed", "Slow")]
public class LateChecksTests
{
    private static DataFrame Customers(Func<int, string?> outcome, int rows = 120)
    {
        var rng = new Random(3);
        return new DataFrame(
            new StringDataFrameColumn("customer_id", Enumerable.Range(0, rows).Select(i => $"C{i:00000}")),
            new DoubleDataFrameColumn("income", Enumerable.Range(0, rows).Select(_ => 20000 + rng.NextDouble() * 50000)),
            new DoubleDataFrameColumn("tenure", Enumerable.Range(0, rows).Select(_ => rng.NextDouble() * 100)),
            new StringDataFrameColumn("outcome", Enumerable.Range(0, rows).Select(outcome)));
    }

    [Fact]
    public void Readiness_marks_a_three_class_target_red_before_training()
    {
        var report = Readiness.Check(Customers(i => (i % 3) switch { 0 => "stayed", 1 => "left", _ => "moved" }), "outcome", positiveLabel: "left");
        var balance = report.Named("Class balance").Single();
        Assert.Equal(Light.Red, balance.Light);
        Assert.Contains("3 classes", balance.Evidence);
        Assert.Contains("two values", balance.WhatToDo);
    }

    [Fact]
    public void Readiness_marks_a_one_class_target_red()
    {
        var report = Readiness.Check(Customers(_ => "stayed"), "outcome");
        Assert.Equal(Light.Red, report.Named("Class balance").Single().Light);
    }

    [Fact]
    public void Training_refuses_a_three_class_target_before_any_epoch()
    {
        var frame = Customers(i => (i % 3) switch { 0 => "stayed", 1 => "left", _ => "moved" });
        var recipe = Wrangle.From(frame).Drop("customer_id").Label("outcome").Standardize().Fit(frame);
        var e = Assert.Throws<ArgumentException>(() => recipe.ToFeatures(frame, "outcome", positiveLabel: "left"));
        Assert.Contains("has 3 values", e.Message);
    }

    [Fact]
    public void Training_refuses_a_one_class_label_at_once()
    {
        var frame = Customers(_ => "stayed");
        var recipe = Wrangle.From(frame).Drop("customer_id").Label("outcome").Standardize().Fit(frame);
        var features = recipe.ToFeatures(frame, "outcome", positiveLabel: "stayed");
        var e = Assert.Throws<ArgumentException>(() => Trainer.Fit(features, new TrainingSettings { Epochs = 3 }));
        Assert.Contains("only one class", e.Message);
        Assert.Contains("'outcome'", e.Message);
    }

    [Fact]
    public void A_missing_label_names_the_row_by_its_identifier()
    {
        var frame = Customers(i => i == 4 ? null : i % 2 == 0 ? "stayed" : "left");
        var recipe = Wrangle.From(frame).Label("outcome").Drop("customer_id").Standardize().Fit(frame);
        var e = Assert.Throws<ArgumentException>(() => recipe.ToFeatures(frame, "outcome", positiveLabel: "left"));
        Assert.Contains("customer_id C00004", e.Message);
    }
}
