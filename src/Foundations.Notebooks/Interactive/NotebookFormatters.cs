using Foundations.Training;
using System.Runtime.CompilerServices;
using Foundations.Charts;
using Foundations.Data;
using Foundations.Experiments;
using Foundations.Explanation;
using Foundations.Monitor;
using Foundations.Patterns;
using Foundations.Tutorial;
using Microsoft.Data.Analysis;
using Microsoft.DotNet.Interactive.Formatting;
using Plotly.NET;

namespace Foundations.Interactive;

/// <summary>
/// Registers the kit's notebook formatters: every result type of the core (through its renderer in
/// <c>Interactive/Reports</c>), every <see cref="IHtmlReport"/>, DataFrames and Plotly.NET charts render as HTML with no
/// extra call. Runs once, when the library loads.
/// </summary>
public static class NotebookFormatters
{
    private static int _registered;

#pragma warning disable CA2255 // A library module initializer is the point: formatters must exist before the first result is displayed.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void OnLoad()
    {
        HostAssemblies.Install();
        NotebookHooks.Install();
        try { Register(); }
        catch (FileNotFoundException) { } // outside a kernel the formatting assembly may be trimmed away: nothing to register
    }

    /// <summary>Registers the formatters (idempotent).</summary>
    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1) return;
        RegisterFormatters();
    }

    /// <summary>Registers the formatters, even if done before: the latest registration for a type wins.</summary>
    internal static void RegisterFormatters()
    {
        Formatter.Register<IHtmlReport>((report, writer) => writer.Write(Html.Style + report.ToHtml()), "text/html");
        Formatter.Register<DataFrame>((frame, writer) => writer.Write(DataFrameHtml.Render(frame)), "text/html");
        // A single column or row is masked too: personal data must not leak through a narrower view of the frame.
        Formatter.Register<DataFrameColumn>((column, writer) => writer.Write(DataFrameHtml.Render(column)), "text/html");
        Formatter.Register<DataFrameRow>((row, writer) => writer.Write(DataFrameHtml.Render(row)), "text/html");
        Formatter.Register<GenericChart>((chart, writer) => writer.Write(ChartHtml.Embed(chart)), "text/html");
        Formatter.SetPreferredMimeTypesFor(typeof(IHtmlReport), "text/html");
        Formatter.SetPreferredMimeTypesFor(typeof(DataFrame), "text/html");
        Formatter.SetPreferredMimeTypesFor(typeof(DataFrameColumn), "text/html");
        Formatter.SetPreferredMimeTypesFor(typeof(DataFrameRow), "text/html");
        Formatter.SetPreferredMimeTypesFor(typeof(GenericChart), "text/html");
        // One line pair per result type: the core's results are plain data, their HTML lives in Interactive/Reports/<Type>Html.cs.
        Formatter.Register<Scorecard>((v, w) => w.Write(Html.Style + ScorecardHtml.Render(v)), "text/html");
        Formatter.SetPreferredMimeTypesFor(typeof(Scorecard), "text/html");
        Formatter.Register<ScorecardScore>((v, w) => w.Write(Html.Style + ScorecardHtml.Render(v)), "text/html");
        Formatter.SetPreferredMimeTypesFor(typeof(ScorecardScore), "text/html");
        Formatter.Register<ModelComparison>((v, w) => w.Write(Html.Style + ModelComparisonHtml.Render(v)), "text/html");
        Formatter.SetPreferredMimeTypesFor(typeof(ModelComparison), "text/html");
        Formatter.Register<LearningCurve>((v, w) => w.Write(Html.Style + LearningCurveHtml.Render(v)), "text/html");
        Formatter.SetPreferredMimeTypesFor(typeof(LearningCurve), "text/html");
        Formatter.Register<AlertComparison>((v, w) => w.Write(Html.Style + AlertComparisonHtml.Render(v)), "text/html");
        Formatter.SetPreferredMimeTypesFor(typeof(AlertComparison), "text/html");
        Formatter.Register<AlertDecision>((v, w) => w.Write(Html.Style + AlertDecisionHtml.Render(v)), "text/html");
        Formatter.SetPreferredMimeTypesFor(typeof(AlertDecision), "text/html");
        Formatter.Register<AlertReviewReport>((v, w) => w.Write(Html.Style + AlertReviewReportHtml.Render(v)), "text/html");
        Formatter.SetPreferredMimeTypesFor(typeof(AlertReviewReport), "text/html");
        Formatter.Register<DataProfile>((v, w) => w.Write(Html.Style + DataProfileHtml.Render(v)), "text/html");
        Formatter.SetPreferredMimeTypesFor(typeof(DataProfile), "text/html");
        Formatter.Register<DayReplay>((v, w) => w.Write(Html.Style + DayReplayHtml.Render(v)), "text/html");
        Formatter.SetPreferredMimeTypesFor(typeof(DayReplay), "text/html");
        Formatter.Register<DaySplit>((v, w) => w.Write(Html.Style + DaySplitHtml.Render(v)), "text/html");
        Formatter.SetPreferredMimeTypesFor(typeof(DaySplit), "text/html");
        Formatter.Register<DriverSegments>((v, w) => w.Write(Html.Style + DriverSegmentsHtml.Render(v)), "text/html");
        Formatter.SetPreferredMimeTypesFor(typeof(DriverSegments), "text/html");
        Formatter.Register<GroupOutcomes>((v, w) => w.Write(Html.Style + GroupOutcomesHtml.Render(v)), "text/html");
        Formatter.SetPreferredMimeTypesFor(typeof(GroupOutcomes), "text/html");
        Formatter.Register<FittedRecipe>((v, w) => w.Write(Html.Style + FittedRecipeHtml.Render(v)), "text/html");
        Formatter.SetPreferredMimeTypesFor(typeof(FittedRecipe), "text/html");
        Formatter.Register<KnownOutcomes>((v, w) => w.Write(Html.Style + KnownOutcomesHtml.Render(v)), "text/html");
        Formatter.SetPreferredMimeTypesFor(typeof(KnownOutcomes), "text/html");
        Formatter.Register<LoadReport>((v, w) => w.Write(Html.Style + LoadReportHtml.Render(v)), "text/html");
        Formatter.SetPreferredMimeTypesFor(typeof(LoadReport), "text/html");
        Formatter.Register<LoadResult>((v, w) => w.Write(Html.Style + LoadResultHtml.Render(v)), "text/html");
        Formatter.SetPreferredMimeTypesFor(typeof(LoadResult), "text/html");
        Formatter.Register<MistakesInWords>((v, w) => w.Write(Html.Style + MistakesInWordsHtml.Render(v)), "text/html");
        Formatter.SetPreferredMimeTypesFor(typeof(MistakesInWords), "text/html");
        Formatter.Register<ModelExplanation>((v, w) => w.Write(Html.Style + ModelExplanationHtml.Render(v)), "text/html");
        Formatter.SetPreferredMimeTypesFor(typeof(ModelExplanation), "text/html");
        Formatter.Register<MonitoringCheck>((v, w) => w.Write(Html.Style + MonitoringCheckHtml.Render(v)), "text/html");
        Formatter.SetPreferredMimeTypesFor(typeof(MonitoringCheck), "text/html");
        Formatter.Register<MonitoringReference>((v, w) => w.Write(Html.Style + MonitoringReferenceHtml.Render(v)), "text/html");
        Formatter.SetPreferredMimeTypesFor(typeof(MonitoringReference), "text/html");
        Formatter.Register<MonitoringReport>((v, w) => w.Write(Html.Style + MonitoringReportHtml.Render(v)), "text/html");
        Formatter.SetPreferredMimeTypesFor(typeof(MonitoringReport), "text/html");
        Formatter.Register<OneSignalLesson>((v, w) => w.Write(Html.Style + OneSignalLessonHtml.Render(v)), "text/html");
        Formatter.SetPreferredMimeTypesFor(typeof(OneSignalLesson), "text/html");
        Formatter.Register<PerformanceOverTime>((v, w) => w.Write(Html.Style + PerformanceOverTimeHtml.Render(v)), "text/html");
        Formatter.SetPreferredMimeTypesFor(typeof(PerformanceOverTime), "text/html");
        Formatter.Register<PolicyOutcome>((v, w) => w.Write(Html.Style + PolicyOutcomeHtml.Render(v)), "text/html");
        Formatter.SetPreferredMimeTypesFor(typeof(PolicyOutcome), "text/html");
        Formatter.Register<PredictionResult>((v, w) => w.Write(Html.Style + PredictionResultHtml.Render(v)), "text/html");
        Formatter.SetPreferredMimeTypesFor(typeof(PredictionResult), "text/html");
        Formatter.Register<ReadinessReport>((v, w) => w.Write(Html.Style + ReadinessReportHtml.Render(v)), "text/html");
        Formatter.SetPreferredMimeTypesFor(typeof(ReadinessReport), "text/html");
        Formatter.Register<Recipe>((v, w) => w.Write(Html.Style + RecipeHtml.Render(v)), "text/html");
        Formatter.SetPreferredMimeTypesFor(typeof(Recipe), "text/html");
        Formatter.Register<RewardTable>((v, w) => w.Write(Html.Style + RewardTableHtml.Render(v)), "text/html");
        Formatter.SetPreferredMimeTypesFor(typeof(RewardTable), "text/html");
        Formatter.Register<RunComparison>((v, w) => w.Write(Html.Style + RunComparisonHtml.Render(v)), "text/html");
        Formatter.SetPreferredMimeTypesFor(typeof(RunComparison), "text/html");
        Formatter.Register<RunHistory>((v, w) => w.Write(Html.Style + RunHistoryHtml.Render(v)), "text/html");
        Formatter.SetPreferredMimeTypesFor(typeof(RunHistory), "text/html");
        Formatter.Register<ScoringReport>((v, w) => w.Write(Html.Style + ScoringReportHtml.Render(v)), "text/html");
        Formatter.SetPreferredMimeTypesFor(typeof(ScoringReport), "text/html");
        Formatter.Register<SegmentationResult>((v, w) => w.Write(Html.Style + SegmentationResultHtml.Render(v)), "text/html");
        Formatter.SetPreferredMimeTypesFor(typeof(SegmentationResult), "text/html");
        Formatter.Register<TrainTestSplit>((v, w) => w.Write(Html.Style + TrainTestSplitHtml.Render(v)), "text/html");
        Formatter.SetPreferredMimeTypesFor(typeof(TrainTestSplit), "text/html");
        Formatter.Register<TrainedAlertAgent>((v, w) => w.Write(Html.Style + TrainedAlertAgentHtml.Render(v)), "text/html");
        Formatter.SetPreferredMimeTypesFor(typeof(TrainedAlertAgent), "text/html");
        Formatter.Register<TrainingHistory>((v, w) => w.Write(Html.Style + TrainingHistoryHtml.Render(v)), "text/html");
        Formatter.SetPreferredMimeTypesFor(typeof(TrainingHistory), "text/html");
        Formatter.Register<TransactionStream>((v, w) => w.Write(Html.Style + TransactionStreamHtml.Render(v)), "text/html");
        Formatter.SetPreferredMimeTypesFor(typeof(TransactionStream), "text/html");
    }
}
