using System.Text;
using Microsoft.Data.Analysis;

namespace Foundations.Interactive;

/// <summary>Renders a DataFrame as a notebook table: shape, column types and the first rows, identifiers masked.</summary>
public static class DataFrameHtml
{
    /// <summary>The frame's head as escaped HTML; identifier columns masked unless <see cref="NotebookDisplay.ShowIdentifiers"/>.</summary>
    public static string Render(DataFrame frame, int? rows = null)
    {
        int shown = (int)Math.Min(frame.Rows.Count, rows ?? NotebookDisplay.RowsShown);
        var masked = frame.Columns.Select(c => !NotebookDisplay.ShowIdentifiers && NotebookDisplay.IsIdentifier(c.Name)).ToArray();
        var sb = new StringBuilder(Html.Style);
        sb.Append($"<div class=\"fn-frame\"><p class=\"fn-muted\">{frame.Rows.Count:N0} rows × {frame.Columns.Count} columns");
        if (masked.Any(m => m)) sb.Append(" · identifier columns masked (NotebookDisplay.ShowIdentifiers = true to show)");
        sb.Append("</p><table class=\"fn-table\"><thead><tr><th></th>");
        foreach (var c in frame.Columns) sb.Append("<th>").Append(Html.Escape(c.Name)).Append("<br><span class=\"fn-muted\">").Append(Html.Escape(TypeName(c))).Append("</span></th>");
        sb.Append("</tr></thead><tbody>");
        for (int r = 0; r < shown; r++)
        {
            sb.Append("<tr><td class=\"fn-muted\">").Append(r).Append("</td>");
            for (int c = 0; c < frame.Columns.Count; c++)
            {
                object? value = frame.Columns[c][r];
                sb.Append("<td>").Append(masked[c] ? Html.Escape(NotebookDisplay.Mask(value?.ToString())) : Html.Cell(value)).Append("</td>");
            }
            sb.Append("</tr>");
        }
        sb.Append("</tbody></table>");
        if (frame.Rows.Count > shown) sb.Append($"<p class=\"fn-muted\">… {frame.Rows.Count - shown:N0} more rows</p>");
        return sb.Append("</div>").ToString();
    }

    private static string TypeName(DataFrameColumn c) => c.DataType == typeof(string) ? "text" : c.DataType.Name.ToLowerInvariant() switch
    {
        "int32" => "int", "int64" => "long", "double" => "double", "single" => "float", "boolean" => "bool", "datetime" => "date-time", var n => n,
    };
}
