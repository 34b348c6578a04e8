using System.Text.RegularExpressions;
using Microsoft.Data.Analysis;

namespace Foundations.Data;

/// <summary>
/// Recognises personal data by a column's name (ids, names, e-mail, phone, card and account numbers, dates of birth,
/// postcodes, national insurance numbers) and by its values (e-mail addresses, phone numbers, card numbers that pass
/// the Luhn check, UK postcodes, NI numbers), so rendered output can mask it.
/// </summary>
public static partial class PersonalData
{
    // Words that make a column personal on their own, wherever they stand in the name (CustomerID → customer, id).
    private static readonly HashSet<string> Words = new(StringComparer.Ordinal)
    {
        "id", "uuid", "guid", "name", "surname", "forename", "firstname", "lastname", "fullname", "email", "mail", "phone",
        "mobile", "telephone", "tel", "iban", "bic", "ssn", "nino", "passport", "postcode", "zipcode", "zip", "postal",
        "dob", "birth", "birthdate", "birthday", "address", "msisdn", "cvv", "username",
    };

    // Pairs of adjacent words that together name personal data (card_number, national_insurance_number, sort_code).
    private static readonly (string, string)[] Pairs =
    {
        ("account", "number"), ("account", "no"), ("account", "num"), ("card", "number"), ("card", "no"), ("card", "num"),
        ("national", "insurance"), ("sort", "code"), ("tax", "number"), ("licence", "number"), ("license", "number"),
    };

    // Names that end in a personal word but describe the analysis, not a person.
    private static readonly HashSet<string> NotPersonal = new(StringComparer.Ordinal) { "segment_name", "segment_id", "cluster_name", "feature_name", "model_name", "step_name" };

    /// <summary>Whether a column called <paramref name="column"/> holds personal data, judged by its name alone.</summary>
    public static bool IsPersonalName(string column)
    {
        var words = Words_(column);
        if (words.Count == 0 || NotPersonal.Contains(string.Join('_', words))) return false;
        if (words.Any(Words.Contains)) return true;
        for (int i = 0; i + 1 < words.Count; i++)
            if (Pairs.Contains((words[i], words[i + 1]))) return true;
        return false;
    }

    /// <summary>Whether <paramref name="column"/> holds personal data, by its name or (for text and long integers) by most of its first values.</summary>
    public static bool IsPersonal(DataFrameColumn column)
    {
        if (IsPersonalName(column.Name)) return true;
        if (column.DataType != typeof(string) && column.DataType != typeof(long)) return false;
        int seen = 0, personal = 0;
        for (long r = 0; r < column.Length && seen < 200; r++)
        {
            if (column[r] is not { } value) continue;
            string text = value as string ?? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
            if (text.Length == 0) continue;
            seen++;
            if (LooksPersonal(text)) personal++;
        }
        // Most values, not one: a free-text column with a single e-mail in it is masked value by value instead.
        return seen > 0 && personal * 5 >= seen * 4;
    }

    /// <summary>Whether one value looks like an e-mail address, phone number, card number, UK postcode or NI number.</summary>
    public static bool LooksPersonal(string value)
    {
        var v = value.Trim();
        if (v.Length is < 5 or > 100) return false;
        return Email().IsMatch(v) || Postcode().IsMatch(v) || NiNumber().IsMatch(v) || IsCardNumber(v) || IsPhoneNumber(v);
    }

    /// <summary>Whether one value looks like a UK postcode ("SW1A 1AA", "m1 1ae").</summary>
    public static bool IsPostcode(string value) => Postcode().IsMatch(value.Trim());

    /// <summary>Masks the personal-looking values inside free text (e-mails, phone and card numbers, postcodes, NI numbers).</summary>
    public static string MaskWithin(string text) =>
        EmailWithin().Replace(CardOrPhone().Replace(NiNumberWithin().Replace(PostcodeWithin().Replace(text, m => Disclosure.Mask(m.Value)), m => Disclosure.Mask(m.Value)),
            m => IsCardNumber(m.Value) || IsPhoneNumber(m.Value) ? Disclosure.Mask(m.Value) : m.Value), m => Disclosure.Mask(m.Value));

    private static bool IsCardNumber(string v)
    {
        int digits = 0, sum = 0;
        for (int i = v.Length - 1; i >= 0; i--)
        {
            char c = v[i];
            if (c is ' ' or '-') continue;
            if (!char.IsAsciiDigit(c)) return false;
            int d = c - '0';
            if (digits % 2 == 1) { d *= 2; if (d > 9) d -= 9; }
            sum += d;
            digits++;
        }
        return digits is >= 13 and <= 19 && sum % 10 == 0;
    }

    private static bool IsPhoneNumber(string v)
    {
        // +44 20 7946 0958, 07700 900123, (020) 7946-0958: 10 to 15 digits with only phone punctuation between.
        if (!(v[0] == '+' || v[0] == '(' || v[0] == '0')) return false;
        int digits = 0;
        foreach (char c in v)
        {
            if (char.IsAsciiDigit(c)) digits++;
            else if (c is not (' ' or '-' or '(' or ')' or '+' or '.')) return false;
        }
        return digits is >= 10 and <= 15;
    }

    private static List<string> Words_(string name)
    {
        // Split on anything not a letter or digit and at lower→upper and letter→digit changes; CustomerID → customer, id.
        var words = new List<string>();
        var current = new System.Text.StringBuilder();
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (!char.IsLetterOrDigit(c)) { Flush(); continue; }
            if (current.Length > 0 && char.IsUpper(c) && char.IsLower(name[i - 1])) Flush();
            current.Append(char.ToLowerInvariant(c));
        }
        Flush();
        return words;

        void Flush()
        {
            if (current.Length > 0) words.Add(current.ToString());
            current.Clear();
        }
    }

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")]
    private static partial Regex Email();

    [GeneratedRegex(@"^[A-Za-z]{1,2}\d[A-Za-z\d]?\s*\d[A-Za-z]{2}$")]
    private static partial Regex Postcode();

    [GeneratedRegex(@"^[A-Za-z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-Da-d]$")]
    private static partial Regex NiNumber();

    [GeneratedRegex(@"\b[A-Za-z]{1,2}\d[A-Za-z\d]? ?\d[A-Za-z]{2}\b")]
    private static partial Regex PostcodeWithin();

    [GeneratedRegex(@"\b[A-Za-z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-Da-d]\b")]
    private static partial Regex NiNumberWithin();

    [GeneratedRegex(@"[^@\s,;""']+@[^@\s,;""']+\.[A-Za-z]{2,}")]
    private static partial Regex EmailWithin();

    [GeneratedRegex(@"\+?[\d(][\d ()\-.]{8,}\d")]
    private static partial Regex CardOrPhone();
}
