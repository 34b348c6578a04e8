using System.Text;
using Foundations.Data;
using Microsoft.Data.Analysis;

namespace Foundations.Interactive;

/// <summary>Renders a DataFrame as a notebook table: shape, column types and the first rows, identifiers masked.</summary>
public static class DataFrameHtml
{
    /// <summary>The frame's head as escaped HTML; identifier columns masked unless <see cref="NotebookDisplay.ShowIdentifiers"/>.</summary>
    public static string Render(DataFrame frame, int? rows = null)
    {
        int shown = (int)Math.Min(frame.Rows.Count, rows ?? NotebookDisplay.RowsShown);
        var masked = frame.Columns.Select(NotebookDisplay.Masks).ToArray();
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
                sb.Append("<td>").Append(masked[c] ? Html.Escape(NotebookDisplay.Mask(value?.ToString()))
                    : value is string text && !NotebookDisplay.ShowIdentifiers ? Html.Escape(PersonalData.MaskWithin(text)) : Html.Cell(value)).Append("</td>");
            }
            sb.Append("</tr>");
        }
        sb.Append("</tbody></table>");
        if (frame.Rows.Count > shown) sb.Append($"<p class=\"fn-muted\">… {frame.Rows.Count - shown:N0} more rows</p>");
        return sb.Append("</div>").ToString();
    }

    /// <summary>One column as a one-column table, masked like a frame's column (by its name and its values).</summary>
    public static string Render(DataFrameColumn column, int? rows = null) => Render(new DataFrame(column), rows);

    /// <summary>
    /// One row as a one-row table. A row does not know its column names, so each value is masked by what it looks
    /// like (e-mail, phone or card number, postcode, NI number); render the frame's head to mask by column name too.
    /// </summary>
    public static string Render(DataFrameRow row)
    {
        var values = row.ToList();
        var sb = new StringBuilder(Html.Style);
        sb.Append("<div class=\"fn-frame\"><table class=\"fn-table\"><tbody><tr>");
        foreach (var value in values)
        {
            string? text = value is string s ? s : value is long or int ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) : null;
            bool mask = !NotebookDisplay.ShowIdentifiers && text is not null && PersonalData.LooksPersonal(text);
            sb.Append("<td>").Append(mask ? Html.Escape(NotebookDisplay.Mask(text))
                : value is string t && !NotebookDisplay.ShowIdentifiers ? Html.Escape(PersonalData.MaskWithin(t)) : Html.Cell(value)).Append("</td>");
        }
        return sb.Append("</tr></tbody></table></div>").ToString();
    }

    private static string TypeName(DataFrameColumn c) => c.DataType == typeof(string) ? "text" : c.DataType.Name.ToLowerInvariant() switch
    {
        "int32" => "int", "int64" => "long", "double" => "double", "single" => "float", "boolean" => "bool", "datetime" => "date-time", var n => n,
    };
}
