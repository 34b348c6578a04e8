using Microsoft.Data.Analysis;

namespace Foundations.Tests.Segmentation;

/// <summary>
/// A seeded customer file shaped like the public bank-churn data (not the sample bank): row number, customer id and
/// surname as identifiers; credit score, geography, gender, age, tenure, balance, products, has card, active member,
/// salary; exited as the outcome. Yes/no columns are 0/1 numbers, as in the public file; no segments are planted.
/// </summary>
internal static class BankChurnFile
{
    public static readonly string[] IdColumns = { "RowNumber", "CustomerId", "Surname" };
    public static readonly string[] WhoColumns = { "Geography", "Gender", "Age" };
    public static readonly string[] YesNoColumns = { "HasCrCard", "IsActiveMember" };
    private static readonly string[] Surnames =
    {
        "Hargrave", "Hill", "Onio", "Boni", "Mitchell", "Chu", "Bartlett", "Obinna", "He", "H?", "Bearce", "Andrews", "Kay", "Chin", "Scott",
        "Goforth", "Romeo", "Henderson", "Muldrow", "Hao", "McDonald", "Dellucci", "Gerasimov", "Mosman", "Yen", "Maclean", "Young", "Nebechi",
    };

    public static DataFrame Generate(int customers = 3000, int seed = 7)
    {
        var rng = new Random(seed);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        var rowNumber = new int[customers];
        var customerId = new long[customers];
        var surname = new string[customers];
        var creditScore = new int[customers];
        var geography = new string[customers];
        var gender = new string[customers];
        var age = new int[customers];
        var tenure = new int[customers];
        var balance = new double[customers];
        var products = new int[customers];
        var hasCard = new int[customers];
        var active = new int[customers];
        var salary = new double[customers];
        var exited = new int[customers];
        for (int i = 0; i < customers; i++)
        {
            rowNumber[i] = i + 1;
            customerId[i] = 15_565_701 + i * 7L + rng.Next(7);
            surname[i] = Surnames[rng.Next(Surnames.Length)];
            double g = rng.NextDouble();
            geography[i] = g < 0.5 ? "France" : g < 0.75 ? "Germany" : "Spain";
            gender[i] = rng.NextDouble() < 0.546 ? "Male" : "Female";
            age[i] = (int)Math.Clamp(Math.Round(Math.Exp(Math.Log(37) + 0.25 * Normal())), 18, 92);
            creditScore[i] = (int)Math.Clamp(Math.Round(650 + 97 * Normal()), 350, 850);
            tenure[i] = rng.Next(0, 11);
            bool zero = geography[i] != "Germany" && rng.NextDouble() < 0.48;
            balance[i] = zero ? 0 : Math.Round(Math.Max(3_000, 120_000 + 30_000 * Normal()), 2);
            double p = rng.NextDouble();
            products[i] = zero ? (p < 0.28 ? 1 : p < 0.96 ? 2 : p < 0.99 ? 3 : 4) : (p < 0.70 ? 1 : p < 0.95 ? 2 : p < 0.99 ? 3 : 4);
            hasCard[i] = rng.NextDouble() < 0.705 ? 1 : 0;
            active[i] = rng.NextDouble() < (age[i] > 50 ? 0.65 : 0.5) ? 1 : 0;
            salary[i] = Math.Round(11.58 + rng.NextDouble() * 199_980, 2);
            double logit = -2.6 + 0.075 * (age[i] - 38) + (active[i] == 0 ? 0.9 : 0) + (geography[i] == "Germany" ? 0.75 : 0)
                + (gender[i] == "Female" ? 0.5 : 0) + (products[i] >= 3 ? 2.8 : products[i] == 2 ? -1.1 : 0) + (balance[i] > 0 ? 0.3 : 0)
                - 0.0007 * (creditScore[i] - 650);
            exited[i] = rng.NextDouble() < 1 / (1 + Math.Exp(-logit)) ? 1 : 0;
        }
        return new DataFrame(
            new Int32DataFrameColumn("RowNumber", rowNumber), new Int64DataFrameColumn("CustomerId", customerId),
            new StringDataFrameColumn("Surname", surname), new Int32DataFrameColumn("CreditScore", creditScore),
            new StringDataFrameColumn("Geography", geography), new StringDataFrameColumn("Gender", gender),
            new Int32DataFrameColumn("Age", age), new Int32DataFrameColumn("Tenure", tenure),
            new DoubleDataFrameColumn("Balance", balance), new Int32DataFrameColumn("NumOfProducts", products),
            new Int32DataFrameColumn("HasCrCard", hasCard), new Int32DataFrameColumn("IsActiveMember", active),
            new DoubleDataFrameColumn("EstimatedSalary", salary), new Int32DataFrameColumn("Exited", exited));
    }
}
