#!/usr/bin/env python3
"""Writes a .ipynb (nbformat 4, .NET C# kernel, no outputs) from a simple cell list: used to author the notebooks."""
import json, sys

USINGS = """#r "../artifacts/notebook-lib/Foundations.dll"
#r "../artifacts/notebook-lib/Microsoft.Data.Analysis.dll"
#r "../artifacts/notebook-lib/Plotly.NET.dll"
#r "../artifacts/notebook-lib/Plotly.NET.CSharp.dll"
#r "../artifacts/notebook-lib/TorchSharp.dll"
using Foundations;
using Foundations.Data;
using Foundations.Experiments;
using Foundations.Interactive;"""
REGISTER = "NotebookFormatters.Register(); // tables, reports and charts render as HTML, identifiers masked"

def setup(*usings):
    """The standard first cell: references, usings (plus any extra namespaces), then the formatter registration."""
    return "\n".join([USINGS] + [f"using {u};" for u in usings] + [REGISTER])

SETUP = setup()

def notebook(cells):
    out = []
    for kind, src, *tags in cells:
        src = src.strip("\n")
        lines = [l + "\n" for l in src.split("\n")]
        lines[-1] = lines[-1].rstrip("\n")
        if kind == "md":
            out.append({"cell_type": "markdown", "metadata": {}, "source": lines})
        else:
            meta = {"dotnet_interactive": {"language": "csharp"}, "polyglot_notebook": {"kernelName": "csharp"}}
            if tags: meta["tags"] = tags[0]
            out.append({"cell_type": "code", "execution_count": None, "metadata": meta, "outputs": [], "source": lines})
    return {"cells": out, "metadata": {
        "kernelspec": {"display_name": ".NET (C#)", "language": "C#", "name": ".net-csharp"},
        "language_info": {"file_extension": ".cs", "mimetype": "text/x-csharp", "name": "C#", "pygments_lexer": "csharp", "version": "13.0"},
        "polyglot_notebook": {"kernelInfo": {"defaultKernelName": "csharp", "items": [{"aliases": [], "name": "csharp"}]}}},
        "nbformat": 4, "nbformat_minor": 5}

def write(path, cells):
    with open(path, "w") as f:
        json.dump(notebook(cells), f, indent=1, ensure_ascii=False)
        f.write("\n")
