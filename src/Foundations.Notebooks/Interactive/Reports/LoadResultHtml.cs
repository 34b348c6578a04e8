using Foundations.Charts;
using Foundations.Data;
using Foundations.Interactive;
using Microsoft.Data.Analysis;

namespace Foundations.Interactive;

/// <summary>The notebook HTML of a <see cref="LoadResult"/>.</summary>
internal static class LoadResultHtml
{
    public static string Render(LoadResult v) => LoadReportHtml.Render(v.Report);
}
