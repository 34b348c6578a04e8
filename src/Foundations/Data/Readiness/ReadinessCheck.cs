
namespace Foundations.Data;

/// <summary>The area of the data a readiness check looks at.</summary>
public enum ReadinessArea
{
    /// <summary>Rows, features and minority-class rows.</summary>
    SizeAndShape,
    /// <summary>The label being predicted.</summary>
    Target,
    /// <summary>One or more feature columns.</summary>
    Columns,
    /// <summary>Columns that may give the answer away.</summary>
    Leakage,
    /// <summary>Whether the train and test parts look alike.</summary>
    TrainTest,
}

/// <summary>One check's verdict: a traffic light, the evidence behind it and what to do about it.</summary>
/// <param name="Area">The area the check belongs to.</param>
/// <param name="Name">The check, in plain words (for example "Identifier-like column").</param>
/// <param name="Light">Green (fine), amber (look before training) or red (act before training).</param>
/// <param name="Evidence">What was measured, with numbers.</param>
/// <param name="WhatToDo">The action a data scientist should take.</param>
/// <param name="Columns">The columns concerned (empty for frame-wide checks).</param>
public sealed record ReadinessCheck(ReadinessArea Area, string Name, Light Light, string Evidence, string WhatToDo, IReadOnlyList<string> Columns)
{
    /// <summary>Whether the check concerns column <paramref name="column"/>.</summary>
    public bool Concerns(string column) => Columns.Contains(column, StringComparer.Ordinal);

    public override string ToString() => $"[{Light}] {Name}{(Columns.Count > 0 ? " (" + string.Join(", ", Columns) + ")" : "")}: {Evidence}";
}
