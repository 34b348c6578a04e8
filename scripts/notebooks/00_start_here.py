import os, sys
sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from new_notebook import write, setup

# Every code cell is tagged hide-input: the report folds the code away, so the tutorial reads as prose and charts.
H = ["hide-input"]
P = ["parameters", "hide-input"]

write(os.path.join(os.path.dirname(__file__), "../../notebooks/00-start-here.ipynb"), [
("md", """# 00 · Start here: machine learning on our bank's data, in plain words

This tutorial is for colleagues who will **use** the models, not build them: relationship managers, risk and
compliance reviewers, product owners. No code knowledge is needed. Every step runs on the sample bank that ships
with the kit (4,000 made-up customers), and every chart has one sentence under it that says how to read it.

In the exported report the code is folded away: click a grey **cell** bar to see it. In VS Code, collapse the code
cells and read the text and charts.

**What you will see:** what machine learning is and is not · a tiny model learning live · what a prediction is ·
what "the model is wrong 1 time in N" really means · what a customer segment is · how to read each chart in the
other notebooks."""),
("code", setup("Foundations.Charts", "Foundations.Patterns.Prediction", "Foundations.Patterns.Segmentation", "Foundations.Monitor", "Foundations.Tutorial", "Foundations.Training"), H),
("code", """// Parameters: the runner can change these (foundations run notebooks/00-start-here.ipynb -p seed=7)
string dataPath = "../data-samples/customers.csv";
int seed = 42;""", P),
("md", """## 1. What machine learning is, and what it is not

**It is** a way of finding patterns in many past examples and using them to estimate what is likely to happen next.
We show the computer thousands of customers and, for each one, whether they left the bank in the following 90 days.
It works out which combinations of facts (logins, complaints, products held) went with leaving, and uses them to
give each current customer a **chance** of leaving.

**It is not**
- **certain**: it gives chances, not verdicts. A customer with a 30% chance of leaving will most likely stay.
- **an explanation of causes**: it finds what went *together* with leaving, not what *made* people leave.
- **wiser than its data**: it repeats the past. If customers change (a new app, a new product, a crisis), its
  patterns can go stale; that is why we monitor it (notebook 05).
- **a replacement for judgement**: it ranks customers so that people can spend their time where it matters most."""),
("md", """## 2. The data: one row per customer
The bank's file has one row per customer: age, how long they have banked with us, balances, how often they log in,
complaints, and two **outcomes** we later learned: whether they left within 90 days (`churned_next_90d`, 1 = left)
and whether they defaulted on credit within a year. Names and customer numbers are masked on screen."""),
("code", """var (customers, loadReport) = Csv.Load(dataPath);
Kit.UseSeed(seed);
loadReport""", H),
("code", """customers.Head(5)""", H),
("md", """## 3. Watching a model learn
To see what "learning" means, we give a tiny model (a neural network with 16 units) just **one** fact about each
customer, their **age**, and ask it to estimate the chance of leaving. Before it has learned anything it says 50%
for everyone. Then it takes small steps: after each
step it checks how surprised it was by what really happened and adjusts itself to be less surprised next time.
In an open notebook the chart updates as it learns; here you see the curve at six moments."""),
("code", """var lesson = OneSignalLesson.Learn(customers, signal: "age", outcome: "churned_next_90d", seed: seed);
Run.Current.Metric("lesson_log_loss_start", lesson.Snapshots[0].LogLoss);
Run.Current.Metric("lesson_log_loss_end", lesson.Snapshots[^1].LogLoss);
lesson""", H),
("md", """Young customers and the oldest leave more often than those in mid-life: a curve, not a straight line, and the model
found it from examples alone. That is all learning is: many small adjustments that make the model's guesses match past examples better.
The real models in notebooks 02–04 do the same with all of a customer's facts at once and with more units, which
lets them find combinations (for example *logging in much less than before **and** holding few products*) that no
single fact shows."""),
("md", """## 4. What a prediction is
Now we train a real churn model on all the facts, on 80% of the customers, and keep 20% aside that it never sees:
the **test** customers. We judge the model only on them, because a model can memorise the customers it learned from.

A prediction is a **chance** for one customer, with the facts that pushed it up or down."""),
("code", """var split = Wrangle.From(customers)
    .PrepareFor("churned_next_90d", "customer_id", "name", "defaulted_next_12m")
    .SplitTrainTest(0.2, stratifyBy: "churned_next_90d", seed: seed);
var churn = Prediction.Of(split, "churned_next_90d").WithDeepModel(hidden: new[] { 64, 32 }, epochs: 15).WithScorecard().Train();
var deep = churn["deep"];
Run.Current.Metric("test_auc_deep", deep.Auc);
var scored = churn.Deep.ScoreWithReasons(split.RawTest, top: 3);
var riskiest = scored.OrderByDescending(s => s.Probability).First();
var calmest = scored.OrderBy(s => s.Probability).First();
string Reasons(ScoredRow s) => s.Reasons.Count == 0 ? "none: every fact lowered it" : string.Join(", ", s.Reasons.Select(r => r.Feature));
Html.TableOf(new[] { "test customer", "chance of leaving", "facts that pushed the chance up most" }, new[]
{
    new object[] { "most likely to leave", riskiest.Probability.ToString("0%"), Reasons(riskiest) },
    new object[] { "least likely to leave", calmest.Probability.ToString("0%"), Reasons(calmest) },
}, "Two predictions, with the facts that raised each one most compared with an average customer")""", H),
("md", """**How to read a chance.** "62% chance of leaving" means: of 100 customers who look like this one, the model
expects about 62 to leave within 90 days, and 38 to stay. It does not say which ones. A good model is
**calibrated**: among customers it gives about 20%, about 20 in 100 really leave (section 7 shows how to check)."""),
("md", """## 5. "The model is wrong 1 time in N": what it means and why it is not enough
A bank cannot call every customer. Say the retention team calls the **10%** of test customers with the highest
chance of leaving. Below, every sentence is computed from the test customers."""),
("code", """var mistakes = MistakesInWords.Of(deep.Probabilities, deep.Labels, flagShare: 0.10, eventName: "leave");
Run.Current.Metric("wrong_one_time_in", mistakes.WrongOneTimeIn);
Run.Current.Metric("lift_top_tenth", mistakes.Lift);
mistakes""", H),
("md", """The lesson: when only about one customer in eight leaves, *any* model looks right most of the time. Ask
instead **how many of those it flags really leave** (precision), **how many leavers it catches** (recall) and **how
much better it does than picking at random** (lift). The other notebooks report all three."""),
("md", """## 6. What a customer segment is
A **segment** is a group of customers who look alike across many facts at once. Nobody tells the computer what the
groups are: it places similar customers close together and draws the groups itself (notebook 03). People then
name and describe each group from its numbers. Segments help decide *what to offer whom*; they do not predict."""),
("code", """var segments = Segmentation.Of(customers, idColumns: new[] { "customer_id", "name" }, excludeColumns: new[] { "churned_next_90d", "defaulted_next_12m" })
    .OnStandardizedFeatures()
    .Cluster(k: Segments.Exactly(5))
    .Describe(outcome: "churned_next_90d")
    .WithSeed(seed)
    .Run();
Run.Current.Metric("segments", segments.K);
segments.MapChart().WithCaption("Each dot is a customer, placed so that customers who look alike sit close together; the colours are the five segments the computer drew.")""", H),
("code", """Html.TableOf(new[] { "segment", "customers", "share", "left within 90 days", "in plain words" },
    segments.Profiles.Select(p => new object?[] { p.Name, p.Size, p.Share.ToString("0%"), p.OutcomeRate?.ToString("0%"), p.Description }),
    "The five segments, named and described from their own numbers")""", H),
("md", """## 7. How to read the charts in the other notebooks
The prediction notebook (02) draws the charts below for every model side by side: the deep model and the bank's
conventional **scorecard** (a simple points-based model). Here they are on the test customers, with how to read each."""),
("code", """PredictionCharts.Roc(churn.Evaluations).WithCaption(
    "The further a curve bows toward the top-left corner, the better the model tells leavers from stayers; the diagonal is a coin toss, and the area under the curve (AUC) sums it up from 0.5 (coin) to 1 (perfect).")""", H),
("code", """PredictionCharts.Gains(churn.Evaluations).WithCaption(
    "Read along the bottom how many customers the bank contacts, highest chance first, and up the side what share of all leavers that reaches: the steeper the early rise, the fewer calls it takes to reach most leavers.")""", H),
("code", """PredictionCharts.Calibration(churn.Evaluations).WithCaption(
    "Each point compares the chance a model gave a tenth of the customers with the share of them who really left: on the diagonal, the model's chances can be taken at face value.")""", H),
("code", """PredictionCharts.ScoreDistributions(deep, "churn").WithCaption(
    "The two humps are the chances given to customers who stayed and to those who left: the less they overlap, the better the model separates them.")""", H),
("md", """The monitoring notebook (05) compares the customers scored today with those the model learned from. Here we
compare the test customers with a later, deliberately **changed** quarter of the sample bank."""),
("code", """var drifted = SampleBank.Generate(2000, seed, SamplePeriod.DriftedLater, transactionAccounts: 0).Customers;
var monitoring = Monitoring.Compare(split.RawTest, drifted, churn.Deep.Score(split.RawTest), churn.Deep.Score(drifted),
    "customer_id", "name", "churned_next_90d", "defaulted_next_12m");
Run.Current.Metric("features_act", monitoring.CountIn(StabilityBand.Act));
monitoring.PsiByFeatureChart().WithCaption(
    "Each bar says how much one fact about customers has shifted since the model was built: below 0.10 is normal wobble, 0.10 to 0.25 means watch, above 0.25 means act.")""", H),
("code", """var performance = PerformanceOverTime
    .From("development", deep.Probabilities, deep.Labels)
    .Then("changed quarter", churn.Deep.Score(drifted), drifted.Columns["churned_next_90d"]);
performance.GiniChart().WithCaption(
    "Once we know who really left, the Gini (ranking power, 0 = none, 1 = perfect) of each period is compared with its value at development: a fall below the red line means the model no longer ranks customers well enough and needs rebuilding.")""", H),
("md", """## 8. Where to go next
| notebook | what it shows |
|---|---|
| `01-data` | loading a file, what was set aside and why, a profile of every column |
| `02-prediction` | churn (or default) with a deep model beside the scorecard, explained |
| `03-segmentation` | customer segments and what sets each apart |
| `04-reinforcement` | an agent that watches account activity and learns when to raise an alert |
| `05-monitoring` | is the model still looking at the customers it learned from? |

Each ends with a report a reviewer can read on its own (`reports/<notebook>.html`)."""),
])
