namespace Foundations.Patterns;

/// <summary>
/// What the monitor knows about one transaction, computed only from the account's own earlier activity and the
/// transaction itself (never from the planted labels).
/// </summary>
public readonly record struct ActivityFeatures(
    double Amount,
    double AmountVsUsual,
    double AmountZScore,
    int TransactionsLastHour,
    int TransactionsLastDay,
    double OutflowLastTwoHoursVsUsual,
    bool NewCountry,
    bool AwayFromUsualCountry,
    bool NewChannel,
    bool NewMerchantCategory,
    double HoursSinceLastActivity,
    double ShareOfBalance,
    bool IsCredit,
    int HistoryLength)
{
    /// <summary>Plain-words names of the network inputs, in the order <see cref="AlertState.WriteInputs"/> writes them (budget and watch last).</summary>
    public static readonly IReadOnlyList<string> InputNames = new[]
    {
        "amount vs usual (log ratio)", "amount z-score", "transactions in last hour", "transactions in last day",
        "money out in last 2 h vs usual", "new country", "away from usual country", "new channel", "new merchant category",
        "hours since last activity", "share of balance moved", "money in (credit)", "history length",
        "account on watch", "alert budget left",
    };

    /// <summary>
    /// The facts of a transaction as a table shows them (<see cref="TransactionStream.Facts"/>, the nightly review's
    /// <see cref="AlertReviewReport.Facts"/>): the amount, then the network's inputs before the watch flag and budget,
    /// in their own units (yes/no as 1/0). Monitoring compares them between the days an agent learned from and later days.
    /// </summary>
    public static readonly IReadOnlyList<string> FactNames = InputNames.Take(13).Prepend("amount").ToArray();

    /// <summary>The facts of many transactions as a frame, one column per <see cref="FactNames"/> entry.</summary>
    internal static Microsoft.Data.Analysis.DataFrame Frame(IReadOnlyCollection<ActivityFeatures> facts)
    {
        var values = new Func<ActivityFeatures, double>[]
        {
            f => f.Amount, f => f.AmountVsUsual, f => f.AmountZScore, f => f.TransactionsLastHour, f => f.TransactionsLastDay,
            f => f.OutflowLastTwoHoursVsUsual, f => f.NewCountry ? 1 : 0, f => f.AwayFromUsualCountry ? 1 : 0, f => f.NewChannel ? 1 : 0,
            f => f.NewMerchantCategory ? 1 : 0, f => f.HoursSinceLastActivity, f => f.ShareOfBalance, f => f.IsCredit ? 1 : 0, f => f.HistoryLength,
        };
        // A value that is not a finite number (no history to compare with) is missing to the monitoring, not infinite.
        return new Microsoft.Data.Analysis.DataFrame(values.Select((value, c) => (Microsoft.Data.Analysis.DataFrameColumn)
            new Microsoft.Data.Analysis.DoubleDataFrameColumn(FactNames[c], facts.Select(f => value(f) is var v && double.IsFinite(v) ? v : double.NaN))));
    }

    /// <summary>How many numbers the network sees per decision: the features plus the watch flag and the alert budget left.</summary>
    public const int InputCount = 15;

    /// <summary>Writes the scaled network inputs (roughly within −2..3 so no fitted scaling is needed).</summary>
    internal void WriteInputs(Span<float> inputs, bool onWatch, double budgetLeft)
    {
        inputs[0] = (float)(Math.Clamp(AmountVsUsual, -3, 5) / 2);
        inputs[1] = (float)(Math.Clamp(AmountZScore, -3, 12) / 4);
        inputs[2] = (float)Math.Log(1 + TransactionsLastHour);
        inputs[3] = (float)(Math.Log(1 + TransactionsLastDay) / 2);
        inputs[4] = (float)(Math.Log(1 + Math.Max(0, OutflowLastTwoHoursVsUsual)) / 2);
        inputs[5] = NewCountry ? 1 : 0;
        inputs[6] = AwayFromUsualCountry ? 1 : 0;
        inputs[7] = NewChannel ? 1 : 0;
        inputs[8] = NewMerchantCategory ? 1 : 0;
        inputs[9] = (float)(Math.Log(1 + HoursSinceLastActivity) / Math.Log(1 + 24 * 30));
        inputs[10] = (float)(Math.Clamp(ShareOfBalance, -5, 5) / 2);
        inputs[11] = IsCredit ? 1 : 0;
        inputs[12] = (float)(Math.Log(1 + HistoryLength) / 5);
        inputs[13] = onWatch ? 1 : 0;
        inputs[14] = (float)Math.Clamp(budgetLeft, 0, 1);
    }
}

/// <summary>
/// Keeps each account's recent history and turns the next transaction into <see cref="ActivityFeatures"/>.
/// Transactions must arrive in time order per account.
/// </summary>
public sealed class ActivityTracker
{
    /// <summary>A country, channel or merchant category first used within this window still counts as new.</summary>
    public static readonly TimeSpan NewWithin = TimeSpan.FromHours(24);

    private const int MinimumHistoryForScores = 5;
    private readonly Dictionary<string, AccountHistory> _accounts = new(StringComparer.Ordinal);

    /// <summary>How many accounts the tracker has seen.</summary>
    public int Accounts => _accounts.Count;

    /// <summary>The features of <paramref name="t"/> given the history so far, then adds <paramref name="t"/> to that history.</summary>
    public ActivityFeatures Observe(AccountTransaction t)
    {
        ArgumentNullException.ThrowIfNull(t);
        if (!_accounts.TryGetValue(t.CustomerId, out var h)) _accounts[t.CustomerId] = h = new AccountHistory();
        if (h.Count > 0 && t.Timestamp < h.LastTime)
            throw new ArgumentException($"Transaction {t.TransactionId} of account {t.CustomerId} at {t.Timestamp:O} is earlier than that account's previous one at {h.LastTime:O}; transactions must arrive in time order.", nameof(t));
        var features = h.Features(t);
        h.Add(t);
        return features;
    }

    /// <summary>The features of every transaction of an ordered list, each from the history before it.</summary>
    internal static ActivityFeatures[] Replay(IReadOnlyList<AccountTransaction> transactions)
    {
        var tracker = new ActivityTracker();
        var features = new ActivityFeatures[transactions.Count];
        for (int i = 0; i < features.Length; i++) features[i] = tracker.Observe(transactions[i]);
        return features;
    }

    private sealed class AccountHistory
    {
        private readonly Queue<(DateTime Time, double Amount, bool Debit)> _lastDay = new();
        private readonly Dictionary<string, DateTime> _countryFirstSeen = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _countryUses = new(StringComparer.Ordinal);
        private readonly Dictionary<string, DateTime> _channelFirstSeen = new(StringComparer.Ordinal);
        private readonly Dictionary<string, DateTime> _categoryFirstSeen = new(StringComparer.Ordinal);
        private string _usualCountry = "";
        private int _debits;
        private double _logMean, _mean, _m2; // running mean of log debit amounts; Welford moments of raw debit amounts

        public int Count { get; private set; }
        public DateTime LastTime { get; private set; }

        public ActivityFeatures Features(AccountTransaction t)
        {
            DateTime now = t.Timestamp;
            while (_lastDay.Count > 0 && now - _lastDay.Peek().Time > TimeSpan.FromHours(24)) _lastDay.Dequeue();
            int lastHour = 0;
            double outflow = t.IsDebit ? t.Amount : 0;
            foreach (var (time, amount, debit) in _lastDay)
            {
                if (now - time <= TimeSpan.FromHours(1)) lastHour++;
                if (debit && now - time <= TimeSpan.FromHours(2)) outflow += amount;
            }

            bool scored = _debits >= MinimumHistoryForScores;
            double usual = _debits > 0 ? Math.Exp(_logMean) : t.Amount;
            double std = _debits > 1 ? Math.Sqrt(_m2 / (_debits - 1)) : 0;
            double z = scored && t.IsDebit ? (t.Amount - _mean) / Math.Max(std, 0.1 * Math.Max(_mean, 1)) : 0;
            double balanceBefore = t.BalanceBefore;

            return new ActivityFeatures(
                Amount: t.Amount,
                AmountVsUsual: _debits >= 3 && t.IsDebit ? Math.Log(t.Amount / usual) : 0,
                AmountZScore: z,
                TransactionsLastHour: lastHour,
                TransactionsLastDay: _lastDay.Count,
                OutflowLastTwoHoursVsUsual: _debits > 0 ? outflow / usual : 0,
                NewCountry: Count > 0 && IsNew(_countryFirstSeen, t.Country, now),
                AwayFromUsualCountry: Count > 0 && !string.Equals(t.Country, _usualCountry, StringComparison.Ordinal),
                NewChannel: Count > 0 && IsNew(_channelFirstSeen, t.Channel, now),
                NewMerchantCategory: Count > 0 && IsNew(_categoryFirstSeen, t.MerchantCategory, now),
                HoursSinceLastActivity: Count > 0 ? (now - LastTime).TotalHours : 0,
                // A file without balances (card files) leaves the share at 0 for every transaction: no signal, no noise.
                ShareOfBalance: double.IsNaN(balanceBefore) ? 0 : (t.IsDebit ? t.Amount : -t.Amount) / Math.Max(Math.Abs(balanceBefore), 100),
                IsCredit: !t.IsDebit,
                HistoryLength: Count);
        }

        public void Add(AccountTransaction t)
        {
            _lastDay.Enqueue((t.Timestamp, t.Amount, t.IsDebit));
            // What the account's very first transaction used is its baseline, never "new".
            var firstSeen = Count == 0 ? DateTime.MinValue : t.Timestamp;
            _countryFirstSeen.TryAdd(t.Country, firstSeen);
            _channelFirstSeen.TryAdd(t.Channel, firstSeen);
            _categoryFirstSeen.TryAdd(t.MerchantCategory, firstSeen);
            int uses = _countryUses[t.Country] = _countryUses.GetValueOrDefault(t.Country) + 1;
            if (_usualCountry.Length == 0 || uses > _countryUses[_usualCountry]) _usualCountry = t.Country;
            if (t.IsDebit)
            {
                _debits++;
                _logMean += (Math.Log(t.Amount) - _logMean) / _debits;
                double r = t.Amount - _mean;
                _mean += r / _debits;
                _m2 += r * (t.Amount - _mean);
            }
            Count++;
            LastTime = t.Timestamp;
        }

        private static bool IsNew(Dictionary<string, DateTime> firstSeen, string key, DateTime now) =>
            !firstSeen.TryGetValue(key, out var first) || now - first <= NewWithin;
    }
}
