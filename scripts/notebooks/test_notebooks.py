import os, sys
sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from new_notebook import write, SETUP

here = os.path.join(os.path.dirname(__file__), "../../tests/notebooks")
setup = SETUP.replace("../artifacts", "../../artifacts")

# A small notebook the runner tests execute: markdown, parameters, a metric, a chart, a frame with hostile text.
write(os.path.join(here, "runner-check.ipynb"), [
("md", "# Runner check\nThis notebook is executed by the runner's tests.\n\n## Markdown renders\nA list:\n- *emphasis*\n- `code`"),
("code", setup),
("code", 'int rows = 3;\nstring label = "default";\ndouble rate = 0.5;', ["parameters"]),
("code", 'Run.Current.Param("label", label).Metric("rows_metric", rows).Metric("rate_metric", rate);\nConsole.WriteLine($"label={label} rows={rows}");'),
("code", 'var frame = new Microsoft.Data.Analysis.DataFrame(\n    new Microsoft.Data.Analysis.StringDataFrameColumn("customer_id", new[] { "C1", "C2" }),\n    new Microsoft.Data.Analysis.StringDataFrameColumn("note", new[] { "<script>window.injected = 1;</script>", "plain" }));\nframe'),
("code", 'Plotly.NET.CSharp.Chart.Line<int, int, string>(new[] { 1, 2, 3 }, new[] { 3, 1, 2 }, Name: "check")'),
])

# Canaries: the runner must fail and name the right cell.
write(os.path.join(here, "canary-compile-error.ipynb"), [
("md", "# Canary: a compile error in cell 3"),
("code", 'var fine = 1;'),
("code", 'int broken = "not a number";'),
("code", 'var never = 2;'),
])
write(os.path.join(here, "canary-throws.ipynb"), [
("md", "# Canary: an exception in cell 3"),
("code", 'var fine = 1;'),
("code", 'throw new InvalidOperationException("canary exception");'),
("code", 'var never = 2;'),
])
