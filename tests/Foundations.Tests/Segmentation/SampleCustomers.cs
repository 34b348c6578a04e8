using Foundations.Data;
using Microsoft.Data.Analysis;

namespace Foundations.Tests.Segmentation;

/// <summary>The bundled sample bank: customers.csv and the planted segments, loaded once for the segmentation tests.</summary>
internal static class SampleCustomers
{
    private static readonly Lazy<(DataFrame Customers, string[] Planted)> Loaded = new(() =>
    {
        var customers = Csv.Load(Path.Combine(RepoPaths.DataSamples, "customers.csv")).Frame;
        var planted = Csv.Load(Path.Combine(RepoPaths.DataSamples, "planted_segments.csv")).Frame;
        var ids = customers.Columns["customer_id"].Cast<string>().ToArray();
        var plantedIds = planted.Columns["customer_id"].Cast<string>().ToArray();
        if (!ids.SequenceEqual(plantedIds)) throw new InvalidOperationException("customers.csv and planted_segments.csv list different customers.");
        return (customers, planted.Columns["planted_segment"].Cast<string>().ToArray());
    });

    public static DataFrame Customers => Loaded.Value.Customers;
    public static IReadOnlyList<string> Planted => Loaded.Value.Planted;

    public static readonly string[] IdColumns = { "customer_id", "name" };
    public static readonly string[] Labels = { "churned_next_90d", "defaulted_next_12m" };
}
