import os, sys
sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from new_notebook import write, SETUP, setup

write(os.path.join(os.path.dirname(__file__), "../../notebooks/05-monitoring.ipynb"), [
("md", """# 05 · Monitoring: is the model still looking at the customers it learned from?

A model is trained on one period (the **reference**). Months later the bank scores new customers (the **current
batch**). If those customers look different, the scores may no longer mean what they meant. This notebook trains a
churn model, then compares the development test customers with two later quarters of the synthetic bank: one where
nothing changed (**Later**) and one where incomes rose, a new channel appeared and the churn mechanism changed
(**DriftedLater**)."""),
("code", setup("Foundations.Patterns.Prediction", "Foundations.Monitor")),
("code", """// Parameters
string dataPath = "../data-samples/customers.csv";
string target = "churned_next_90d";
int seed = 42;
int epochs = 10;
int laterCustomers = 4000;""", ["parameters"]),
("md", "## 1. Train the churn model on the development period\nA quick deep model (few passes): monitoring is about the data, not about squeezing the last point of AUC."),
("code", """Kit.UseSeed(seed);
var (customers, _) = Csv.Load(dataPath);
string[] notFeatures = { "customer_id", "name", target, "defaulted_next_12m" };
var split = Wrangle.From(customers)
    .PrepareFor(target, "customer_id", "name", "defaulted_next_12m")
    .SplitTrainTest(0.2, stratifyBy: target, seed: seed);
var result = Prediction.Of(split, target).WithDeepModel(hidden: new[] { 64, 32 }, epochs: epochs).Train();
var model = result.Deep;
var reference = split.RawTest;
double[] referenceScores = model.Score(reference);
double auc = result["deep"].Auc;
$"Deep model test AUC {auc:0.000} on {reference.Rows.Count:N0} development customers\""""),
("md", "## 2. A later quarter in which nothing changed\nFresh customers from the same bank. Every light should be green (or at worst amber by chance)."),
("code", """var later = SampleBank.Generate(laterCustomers, seed, SamplePeriod.Later, transactionAccounts: 0).Customers;
var undrifted = Monitoring.Compare(reference, later, referenceScores, model.Score(later), notFeatures);
Run.Current.Metric("psi_score_undrifted", undrifted.ScorePsi!.Value);
undrifted"""),
("md", "## 3. A drifted quarter\nIncomes rose by about a third, a new `open_banking` channel appeared, a rival app pulled more customers away from ours\n(fewer logins), a service outage doubled complaints, and what drives churn changed."),
("code", """var drifted = SampleBank.Generate(laterCustomers, seed, SamplePeriod.DriftedLater, transactionAccounts: 0).Customers;
var driftedReport = Monitoring.Compare(reference, drifted, referenceScores, model.Score(drifted), notFeatures);
Run.Current.Metric("psi_score_drifted", driftedReport.ScorePsi!.Value);
Run.Current.Metric("features_stable", driftedReport.CountIn(StabilityBand.Stable));
Run.Current.Metric("features_watch", driftedReport.CountIn(StabilityBand.Watch));
Run.Current.Metric("features_act", driftedReport.CountIn(StabilityBand.Act));
driftedReport"""),
("md", """## 4. When the outcomes arrive: performance over time
Ninety days after each quarter was scored, the bank knows who actually left. Stability indexes warn early, from the
inputs alone; these figures say whether the model still **ranks** customers well (AUC, Gini, KS, each period against
its development value, with a 95% interval) and whether it is still **calibrated** (the share of customers it
expected to leave against the share who did). Here the second later quarter is another ordinary one, so the line
shows what normal wobble looks like before the drifted quarter."""),
("code", """var ordinary = SampleBank.Generate(laterCustomers, seed + 1, SamplePeriod.Later, transactionAccounts: 0).Customers;
var performance = PerformanceOverTime
    .From("2026-Q1", referenceScores, reference.Columns[target])
    .Then("2026-Q2", model.Score(later), later.Columns[target])
    .Then("2026-Q3", model.Score(ordinary), ordinary.Columns[target])
    .Then("2026-Q4 (drifted)", model.Score(drifted), drifted.Columns[target]);
Run.Current.Metric("gini_development", performance.Development.Gini);
Run.Current.Metric("gini_undrifted", performance["2026-Q2"].Gini);
Run.Current.Metric("gini_drifted", performance["2026-Q4 (drifted)"].Gini);
performance"""),
("md", """**How to read it.** The solid line is the Gini of each quarter, the dotted lines its 95% interval (a quarter
of 4,000 customers has only a few hundred leavers, so a few points of wobble are normal). Above the orange line the
model ranks as well as it did at development; between orange and red (10–20% lower) it is on watch; below red
(more than 20% lower) it is no longer fit to rank customers and a retrain is due. The second chart puts the churn
rate the model expected beside the rate that happened: in the drifted quarter far more customers left than the model
predicted, because complaints now drive churn in a way the model never saw."""),
("md", """## 5. What each light means and what it triggers
- **Green, stable (index below 0.10)**: the customers look like those the model learned from. Keep scoring and
  review at the next routine check.
- **Amber, watch (0.10 to 0.25)**: a noticeable shift. The model stays in use, but someone finds out why the feature
  moved (a campaign, a new product, a change in the data feed) and the check is repeated sooner. When outcomes
  arrive, compare the model's AUC/Gini with its development value.
- **Red, act (above 0.25)**: the population changed a lot. First rule out a broken data feed (it looks exactly
  like drift); if the change is real, validate the model on recent outcomes and plan a retrain or recalibration
  before relying on its scores.

**How the index is computed.** The reference values are cut at their deciles (ten bins of equal size; repeated
values give fewer bins), and the index adds up (current share − reference share) × ln(current share / reference
share) over the bins. A bin empty on one side counts as a share of 0.0001 so the index stays finite: that is why a
brand-new category such as `open_banking` turns red at once. The **p-values** (Kolmogorov–Smirnov for numbers,
chi-squared for categories) say whether a shift is real rather than chance; with thousands of customers even tiny,
harmless shifts are "significant", so act on the index and use the p-value as a second opinion. **Out of range** is
the share of current values outside the reference's minimum–maximum: the model never saw such values."""),
])
