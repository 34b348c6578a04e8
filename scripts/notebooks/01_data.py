import os, sys
sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from new_notebook import write, SETUP

write(os.path.join(os.path.dirname(__file__), "../../notebooks/01-data.ipynb"), [
("md", """# 01 · From raw CSV to tensors

This notebook shows the first step of every analysis in the kit: **getting the bank's data in, checking it, and
preparing it for a deep-learning model** — without losing a row and without letting the test data leak into what
the model learns.

You will see, in order:
1. loading a CSV and reading its **load report** (what was read, what was set aside and why);
2. a **profile** of every column (types, missing values, ranges, top categories);
3. what happens to **bad rows**;
4. **transaction features** per customer;
5. a **recipe** of preparation steps, fitted on the training customers only;
6. the **tensors** a network trains on."""),
("md", "## Setup\nThe first cell loads the kit (built by `dotnet build`, see the README). The next cell holds the parameters: change them to run this notebook on your own files."),
("code", SETUP),
("code", """// Parameters (tagged "parameters": `foundations run -p dataPath=...` overrides them)
string dataPath = "../data-samples/customers.csv";
string transactionsPath = "../data-samples/transactions.csv";
string target = "churned_next_90d";
int seed = 42;""", ["parameters"]),
("md", """## 1. Load the customers
`Csv.Load` detects the delimiter (many bank exports use `;`), infers each column's type and never drops a row
silently: the **load report** counts every row read, loaded and set aside."""),
("code", """Kit.UseSeed(seed);
Run.Current.Param("seed", seed).Param("dataPath", dataPath);
var (customers, report) = Csv.Load(dataPath);
Run.Current.Metric("rows_loaded", report.RowsLoaded).Metric("rows_quarantined", report.RowsQuarantined);
report"""),
("md", "The first rows. Identifier columns (customer id, name) are **masked** in every rendered table; a reviewer sees the data's shape without personal details."),
("code", "customers"),
("md", "## 2. Profile every column\nType, share missing, distinct values, range, quantiles, the most common categories and a histogram."),
("code", "customers.Profile()"),
("md", """## 3. Bad rows are set aside, never lost
Here is a small file with two problems: a row with too few fields and an age that is not a number. With
`BadRows.Quarantine` the good rows load and the bad ones are kept aside with their line and reason (the default,
`BadRows.Fail`, stops with an error naming the file, line and column)."""),
("code", """var messy = "customer_id;age;income\\nC1;34;52000\\nC2;41\\nC3;forty;61000\\nC4;29;38000\\n";
var (clean, messyReport) = Csv.FromText(messy, "messy.csv", new CsvOptions { OnBadRow = BadRows.Quarantine, Schema = null });
messyReport"""),
("md", """## 4. Transaction features per customer
Counts, sums, averages, recency and channel shares over the last 30 days of each customer's transactions, joined
to the customer table."""),
("code", """var (transactions, txReport) = Csv.Load(transactionsPath);
var activity = TransactionFeatures.PerCustomer(transactions, TimeSpan.FromDays(30));
var joined = TransactionFeatures.JoinTo(customers, activity);
activity"""),
("md", """## 5. A recipe, fitted on the training customers only
Each step reads like the analysis. Steps that learn something (the median income, each column's mean and spread,
the list of regions) learn it **on the training part only** and apply it unchanged to the test part and to new
customers later: the test customers never influence the preparation."""),
("code", """var split = Wrangle.From(customers)
    .Drop("customer_id", "name", "defaulted_next_12m")
    .Impute("income", Impute.Median)
    .Derive("balance_to_income", "checking_balance / max(income, 1)")
    .Categorize("region", "occupation", "preferred_channel", "credit_score_band")
    .Standardize()
    .SplitTrainTest(0.2, stratifyBy: target, seed: seed);
split"""),
("md", "## 6. Tensors for the network\nNumbers become a float matrix, categories become integer codes for learned embeddings, and the label becomes 0/1."),
("code", """var train = split.TrainFeatures();
var test = split.TestFeatures();
Run.Current.Metric("train_rows", train.Rows).Metric("test_rows", test.Rows).Metric("features", train.NumericColumns.Count + train.CategoricalColumns.Count);
var numeric = train.NumericTensor();
var codes = train.CategoricalTensor();
var shapes = $"numeric {string.Join(" × ", numeric.shape)}, category codes {string.Join(" × ", codes.shape)}, churn rate in training {train.Label!.Average():P1}, in test {test.Label!.Average():P1}";
numeric.Dispose(); codes.Dispose(); // tensors hold native memory: release it explicitly
shapes"""),
("md", """## What to take away
- Every row is accounted for: loaded or set aside with a reason.
- Preparation is a **fitted recipe**: learned on training data, saved with the model, applied identically later.
- The same steps run on your own file: change `dataPath` and `target` in the parameters cell."""),
])
