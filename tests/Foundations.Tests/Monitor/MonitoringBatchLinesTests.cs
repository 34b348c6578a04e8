using Foundations.Data;
using Foundations.Monitor;
using Foundations.Tests.Deployment;
using Foundations.Tests.Runner;

namespace Foundations.Tests.Monitor;

/// <summary>A batch's rows set aside by the nightly check are named by the lines the file gives them, as scoring names them.</summary>
[Collection(SharedModels.SmallChurnModel)]
public class MonitoringBatchLinesTests(SmallChurnModel churn)
{
    [Fact]
    public void A_row_the_model_cannot_score_is_named_by_its_true_line_after_a_name_written_over_two_lines()
    {
        var (development, _) = Csv.FromText(string.Join("\n", churn.Lines.Take(1).Concat(churn.Lines.Skip(1001).Take(400))), "development.csv");
        var reference = Monitoring.Fit(churn.Model, development);

        // Thirty customers: the second's name quoted over two lines, the fourth's age blank (the model has no fill-in
        // for age, so that row cannot be scored). The fourth customer starts on line 6 of the file.
        var header = churn.Lines[0].Split(',');
        int name = Array.IndexOf(header, "name"), age = Array.IndexOf(header, "age");
        var rows = churn.Lines.Skip(1401).Take(30).Select(l => l.Split(',')).ToList();
        rows[1][name] = "\"Amelia\nSmith\"";
        rows[3][age] = "";
        string batch = Path.Combine(RunnerProcess.TempFolder(), "batch.csv");
        File.WriteAllText(batch, churn.Lines[0] + "\n" + string.Join("\n", rows.Select(r => string.Join(",", r))) + "\n");

        var check = MonitoringCheck.Of(churn.Model, reference, batch);
        Assert.Equal(29, check.RowsCompared);
        var aside = Assert.Single(check.SetAside);
        Assert.Equal(6, aside.Line);
        Assert.Contains("age", aside.Reason);
    }
}
