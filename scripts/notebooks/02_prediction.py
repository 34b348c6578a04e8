import os, sys
sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from new_notebook import write, SETUP, setup

write(os.path.join(os.path.dirname(__file__), "../../notebooks/02-prediction.ipynb"), [
("md", """# 02 · Prediction: who will leave, and why?

The pattern the bank deployed first. A **deep model** that sees every feature is trained beside the bank's
**conventional scorecard** (a logistic regression on a few classic features) and **LightGBM** (the model a .NET
developer would pick instead). All three are judged on the same customers they never saw while learning.

This notebook is also a **template**: point `dataPath` and `target` at any CSV with a yes/no outcome and it runs
unchanged (`foundations run notebooks/02-prediction.ipynb -p dataPath=... -p target=... -p positiveLabel=yes`)."""),
("code", setup("Foundations.Patterns.Prediction", "Foundations.Explain")),
("code", """// Parameters (tagged "parameters"; lists are comma-separated)
string dataPath = "../data-samples/customers.csv";
string target = "churned_next_90d";
string positiveLabel = "";              // for text labels such as yes/no: the value that means "it happened"
string idColumns = "customer_id,name";  // identifiers: never features, masked in reports
string excludeColumns = "defaulted_next_12m";  // other outcomes or columns known only afterwards
int seed = 42;
int epochs = 25;""", ["parameters"]),
("md", "## 1. Load and look\nThe load report accounts for every row; the profile shows each column's type, gaps and range."),
("code", """Kit.UseSeed(seed);
string? positive = string.IsNullOrWhiteSpace(positiveLabel) ? null : positiveLabel;
string[] ids = idColumns.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
string[] excluded = excludeColumns.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
NotebookDisplay.MarkIdentifiers(ids);
var (customers, report) = Csv.Load(dataPath);
report"""),
("code", "customers.Profile()"),
("md", """## 2. Is the data ready?
Before any training, the readiness check gives one traffic light per check (size, target, columns, leakage
suspects), each with its evidence and what to do: **red** means fix before training, **amber** means look first.
Identifiers and columns that may be recorded after the outcome are the usual suspects; they are why `idColumns`
and `excludeColumns` exist above. The red and amber counts go to the experiment log (`readiness_red`, `readiness_amber`)."""),
("code", """using Foundations.Data.Readiness;
var readiness = Readiness.Check(customers, target: target, positiveLabel: positiveLabel);
readiness"""),
("md", """## 3. Prepare the data
`PrepareFor` writes a first recipe from the column types: identifiers and excluded columns are dropped, missing
numbers get the training median, categories become codes the network learns an embedding for, and numbers are
standardized. The split keeps 20% of customers aside for the test, with the same share of leavers in both parts;
every step learns on the training part only."""),
("code", """var split = Wrangle.From(customers)
    .PrepareFor(target, ids.Concat(excluded).ToArray())
    .SplitTrainTest(0.2, stratifyBy: target, seed: seed);
split"""),
("md", """## 4. Train the three models
The deep model trains for up to `epochs` passes over the data and keeps the pass that did best on a validation
slice of the training customers (early stopping). The progress line updates as it learns."""),
("code", """var result = Prediction.Of(split, target, positive)
    .WithDeepModel(hidden: new[] { 128, 64 }, epochs: epochs)
    .WithScorecard()
    .WithLightGbm()
    .Train();
result"""),
("md", """### How to read the comparison
- **AUC**: the chance that a random leaver is scored above a random stayer (0.5 is a coin toss, 1 is perfect).
  **Gini** = 2·AUC − 1, the number credit teams quote. **KS**: the largest gap between the score distributions.
- **Log loss** and **Brier**: how good the probabilities are as probabilities (lower is better).
- The **ROC curve** shows events caught against false alarms at every cut-off; the **gains chart** shows the share
  of leavers found when calling the top x% of customers; on the **calibration chart** a well-calibrated model sits
  on the diagonal."""),
("md", "## 5. Why the deep model decides as it does\nPermutation importance (with 95% intervals), partial dependence, one customer's reasons, and findings in plain words."),
("code", """string eventPhrase = target.Contains("churn") ? "leave" : target.Contains("default") ? "default" : $"have {target} = {positive ?? "1"}";
var explanation = Explain.Prediction(result, eventPhrase: eventPhrase, repeats: 3);
explanation"""),
("md", "## 6. Save the model, load it back, score new customers\nOne `.fnd` file holds the network, the fitted recipe and the schema. Scoring checks the schema and names any missing column."),
("code", """string modelPath = result.Save($"../artifacts/models/{target}.fnd");
var model = TrainedPrediction.Load(modelPath);
var newCustomers = split.RawTest.Clone();
newCustomers.Columns.Remove(target);                    // new customers have no outcome yet
var scored = model.ScoreWithReasons(newCustomers, top: 3);
bool identical = model.Score(split.RawTest).SequenceEqual(result["deep"].Probabilities);
Run.Current.Metric("save_load_identical", identical ? 1 : 0);
Html.Table(new[] { "customer (row)", "probability", "top reasons" },
    scored.OrderByDescending(s => s.Probability).Take(10).Select(s => new object?[] { s.Row, s.Probability, string.Join(", ", s.Reasons.Select(r => r.Feature)) }),
    $"The ten customers most likely to {eventPhrase} (save → load gave identical scores: {identical})")"""),
("md", "The same scoring runs on a whole file, from here or from the command line (`foundations score --model ... --input ... --output ...`); rows that cannot be scored are set aside with their line and reason."),
("code", """var scoring = BatchScoring.ScoreCsv(model, dataPath, $"../artifacts/scores/{target}-scores.csv");
scoring"""),
("md", """## What to take away
- The deep model sees every feature and finds interactions a scorecard cannot express; the comparison table says
  by how much on customers it never saw.
- The readiness check comes first because a model trained on leaked or mislabelled data looks excellent and fails
  live. On the bundled `customers.csv` it flags, all amber: `customer_id` (unique per row) and `name` (free text)
  as identifiers, `defaulted_next_12m` as a possible after-the-outcome column (its name; it is another outcome, so
  it is excluded above), and 4,000 rows as a size where gradient-boosted trees usually match a deep model. On the
  differently shaped `tests/data/loan-applications.csv` (target `defaulted`, label `yes`) it flags `application_ref`
  as an identifier, `home_status` by its name (a person can clear it: home ownership is known at application),
  and only 144 defaults (9.6%): judge by AUC, never accuracy.
- Every number here is in the run log of the exported report, and logged to the experiment log
  (`test_auc_deep`, `test_auc_scorecard`, `test_auc_lightgbm`, Gini, KS, training seconds, the saved model)."""),
])
