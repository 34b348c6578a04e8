using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Foundations.Data;

/// <summary>How a field fits the decimal-comma convention.</summary>
/// <summary>How a field fits a way of writing numbers: not at all, as one of several readings, or only that way.</summary>
internal enum DecimalComma { No, Fits, Clearly }

/// <summary>
/// Strict parsers over the UTF-8 bytes of one CSV field. Strict on purpose: an account number "00123" is not the
/// integer 123, and "01/02/2024" is not a date (day-month or month-day is a guess), so inference never loses data.
/// </summary>
internal static class FieldParsers
{
    /// <summary>Optional '-', then 1 to 19 digits, no leading zero (except "0" itself), no spaces.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryInt64(ReadOnlySpan<byte> s, out long value)
    {
        value = 0;
        int i = 0;
        bool negative = false;
        if (s.Length > 0 && s[0] == (byte)'-') { negative = true; i = 1; }
        int digits = s.Length - i;
        if (digits <= 0 || digits > 19) return false;
        if (s[i] == (byte)'0' && digits > 1) return false;
        ulong acc = 0;
        for (; i < s.Length; i++)
        {
            uint d = (uint)(s[i] - (byte)'0');
            if (d > 9) return false;
            acc = acc * 10 + d;
        }
        // 19 digits fit in ulong; the signed range is checked once here.
        if (negative)
        {
            if (acc > 9_223_372_036_854_775_808UL) return false;
            value = (long)(0UL - acc);
        }
        else
        {
            if (acc > long.MaxValue) return false;
            value = (long)acc;
        }
        return true;
    }

    private static readonly double[] PowersOf10 =
    {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    };

    /// <summary>
    /// A number in the given culture: "12.5", "-3", "1e-4", "NaN", "Infinity". Plain decimals take an exact fast path
    /// (mantissa below 2^53 divided by an exact power of ten is correctly rounded); anything else goes to the BCL.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryDouble(ReadOnlySpan<byte> s, NumberFormatInfo culture, bool invariantDecimal, out double value)
    {
        if (invariantDecimal && s.Length > 0 && s.Length <= 17)
        {
            int i = 0;
            bool negative = false;
            if (s[0] == (byte)'-') { negative = true; i = 1; }
            long mantissa = 0;
            int digits = 0, scale = -1;
            for (; i < s.Length; i++)
            {
                byte b = s[i];
                uint d = (uint)(b - (byte)'0');
                if (d <= 9) { mantissa = mantissa * 10 + d; digits++; if (scale >= 0) scale++; }
                else if (b == (byte)'.' && scale < 0) scale = 0;
                else { digits = -1; break; }
            }
            if (digits > 0 && digits <= 15 && scale != 0)
            {
                double v = mantissa;
                if (scale > 0) v /= PowersOf10[scale];
                value = negative ? -v : v;
                return true;
            }
        }
        return double.TryParse(s, NumberStyles.Float, culture, out value);
    }

    /// <summary>true/false in any case (inference); with <paramref name="lenient"/> also yes/no, y/n, t/f, 1/0 (schema-typed columns).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryBoolean(ReadOnlySpan<byte> s, bool lenient, out bool value)
    {
        value = false;
        if (Ascii.EqualsIgnoreCase(s, "true"u8)) { value = true; return true; }
        if (Ascii.EqualsIgnoreCase(s, "false"u8)) return true;
        if (!lenient) return false;
        if (Ascii.EqualsIgnoreCase(s, "yes"u8) || Ascii.EqualsIgnoreCase(s, "y"u8) || Ascii.EqualsIgnoreCase(s, "t"u8) || s.SequenceEqual("1"u8)) { value = true; return true; }
        return Ascii.EqualsIgnoreCase(s, "no"u8) || Ascii.EqualsIgnoreCase(s, "n"u8) || Ascii.EqualsIgnoreCase(s, "f"u8) || s.SequenceEqual("0"u8);
    }

    /// <summary>
    /// ISO 8601: yyyy-MM-dd, optionally [T or space]HH:mm[:ss[.fffffff]] and Z or ±HH[:]mm. A time with a zone is
    /// converted to UTC (Kind Utc); without one it is kept as written (Kind Unspecified).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryIsoDateTime(ReadOnlySpan<byte> s, out DateTime value)
    {
        value = default;
        if (s.Length < 10 || s[4] != (byte)'-' || s[7] != (byte)'-') return false;
        if (!Digits(s, 0, 4, out int year) || !Digits(s, 5, 2, out int month) || !Digits(s, 8, 2, out int day)) return false;
        if (year < 1 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
        int hour = 0, minute = 0, second = 0;
        long ticks = 0;
        int i = 10;
        if (s.Length > 10)
        {
            if (s[10] != (byte)'T' && s[10] != (byte)' ') return false;
            if (s.Length < 16 || s[13] != (byte)':') return false;
            if (!Digits(s, 11, 2, out hour) || !Digits(s, 14, 2, out minute)) return false;
            i = 16;
            if (i < s.Length && s[i] == (byte)':')
            {
                if (!Digits(s, i + 1, 2, out second)) return false;
                i += 3;
                if (i < s.Length && s[i] == (byte)'.')
                {
                    int start = ++i;
                    long frac = 0;
                    while (i < s.Length && (uint)(s[i] - '0') <= 9)
                    {
                        if (i - start < 7) frac = frac * 10 + (s[i] - '0');
                        i++;
                    }
                    int n = i - start;
                    if (n == 0) return false;
                    for (int k = Math.Min(n, 7); k < 7; k++) frac *= 10;
                    ticks = frac;
                }
            }
            if (hour > 23 || minute > 59 || second > 59) return false;
        }
        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(ticks);
        if (i == s.Length) { value = local; return true; }
        if (s[i] == (byte)'Z' && i + 1 == s.Length) { value = DateTime.SpecifyKind(local, DateTimeKind.Utc); return true; }
        if (s[i] != (byte)'+' && s[i] != (byte)'-') return false;
        int sign = s[i] == (byte)'+' ? 1 : -1;
        var zone = s[(i + 1)..];
        int oh, om;
        if (zone.Length == 5 && zone[2] == (byte)':') { if (!Digits(zone, 0, 2, out oh) || !Digits(zone, 3, 2, out om)) return false; }
        else if (zone.Length == 4) { if (!Digits(zone, 0, 2, out oh) || !Digits(zone, 2, 2, out om)) return false; }
        else if (zone.Length == 2) { if (!Digits(zone, 0, 2, out oh)) return false; om = 0; }
        else return false;
        if (oh > 14 || om > 59) return false;
        value = DateTime.SpecifyKind(local.AddMinutes(-sign * (oh * 60 + om)), DateTimeKind.Utc);
        return true;
    }

    private static readonly string[] MonthNames =
        { "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december" };

    /// <summary>
    /// A month without a day, as loan books write it: "Dec-2011", "Dec 2011", "December 2011" (English month names,
    /// any case) or "2011-12"; read as the first of the month. With <paramref name="twoDigitYears"/>, also Excel's
    /// "mmm-yy" ("Dec-11", hyphen only: "Dec 11" may be the 11th of December), its year read by <see cref="YearOf"/>.
    /// </summary>
    public static bool TryMonthYear(ReadOnlySpan<byte> s, bool twoDigitYears, out DateTime value)
    {
        value = default;
        if (s.Length == 7 && s[4] == (byte)'-')
        {
            if (!Digits(s, 0, 4, out int y) || !Digits(s, 5, 2, out int m) || y < 1 || m is < 1 or > 12) return false;
            value = new DateTime(y, m, 1);
            return true;
        }
        if (s.Length < 6 || s.Length > 14) return false;
        int cut, year;
        if (s.Length >= 8 && s[^5] is (byte)'-' or (byte)' ' && Digits(s, s.Length - 4, 4, out year) && year >= 1) cut = s.Length - 5;
        else if (twoDigitYears && s[^3] == (byte)'-' && Digits(s, s.Length - 2, 2, out int yy)) (cut, year) = (s.Length - 3, YearOf(yy));
        else return false;
        if (!TryMonthName(s[..cut], out int month)) return false;
        value = new DateTime(year, month, 1);
        return true;
    }

    /// <summary>
    /// A date with the month's name between the day and the year, as SAS (DATE9 "16NOV1964", DATETIME "16NOV1964:10:30:00"),
    /// Oracle ("16-NOV-64") and Excel's "d-mmm-yy" write it: "16NOV1964", "16-Nov-1964", "16 November 1964", optionally a
    /// time (":HH:mm:ss" after SAS's, " HH:mm[:ss]" after the others). A two-digit year only with <paramref name="twoDigitYears"/>.
    /// </summary>
    public static bool TryDayMonthNameYear(ReadOnlySpan<byte> s, bool twoDigitYears, out DateTime value)
    {
        value = default;
        int i = 0, day = 0;
        while (i < s.Length && i < 2 && (uint)(s[i] - '0') <= 9) day = day * 10 + (s[i++] - '0');
        if (i == 0 || i >= s.Length) return false;
        byte separator = s[i] is (byte)'-' or (byte)' ' ? s[i++] : (byte)0;
        int nameStart = i;
        while (i < s.Length && (uint)((s[i] | 0x20) - 'a') <= 25) i++;
        if (!TryMonthName(s[nameStart..i], out int month)) return false;
        if (separator != 0 && (i >= s.Length || s[i++] != separator)) return false;
        int yearStart = i;
        while (i < s.Length && (uint)(s[i] - '0') <= 9) i++;
        int digits = i - yearStart;
        if (!(digits == 4 || (digits == 2 && twoDigitYears)) || !Digits(s, yearStart, digits, out int year)) return false;
        if (digits == 2) year = YearOf(year);
        if (year < 1 || day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
        int hour = 0, minute = 0, second = 0;
        if (i < s.Length)
        {
            // SAS joins its time with ':' and no separator before it; the others with a space.
            byte before = separator == 0 ? (byte)':' : (byte)' ';
            var time = s[i..];
            if (time[0] != before || !(time.Length == 6 || time.Length == 9) || time[3] != (byte)':') return false;
            if (!Digits(time, 1, 2, out hour) || !Digits(time, 4, 2, out minute) || hour > 23 || minute > 59) return false;
            if (time.Length == 9 && (time[6] != (byte)':' || !Digits(time, 7, 2, out second) || second > 59)) return false;
        }
        value = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified);
        return true;
    }

    /// <summary>
    /// The year a two-digit year means, as Excel reads it: 00–29 are 2000–2029, 30–99 are 1930–1999. A fixed rule, so a
    /// file reads the same whatever the year it is loaded in (a model scoring in 2031 reads what it was trained on).
    /// </summary>
    public static int YearOf(int twoDigitYear) => twoDigitYear < 30 ? 2000 + twoDigitYear : 1900 + twoDigitYear;

    /// <summary>An English month's name, any case: its three-letter abbreviation or in full.</summary>
    private static bool TryMonthName(ReadOnlySpan<byte> name, out int month)
    {
        for (month = 1; month <= 12; month++)
        {
            string full = MonthNames[month - 1];
            if (name.Length != 3 && name.Length != full.Length) continue;
            bool match = true;
            for (int k = 0; k < name.Length && match; k++) match = (name[k] | 0x20) == full[k];
            if (match) return true;
        }
        month = 0;
        return false;
    }

    /// <summary>
    /// The parts of a date written with the year last, "28/07/2019", "7/28/2019", "28.07.2019" or "28-07-2019" (one or
    /// two digits, the same separator twice, four-digit year), optionally followed by " HH:mm" or " HH:mm:ss". Which of
    /// the two leading numbers is the day is the column's convention: <see cref="TryYearLastDate(ReadOnlySpan{byte}, bool, out DateTime)"/> reads it.
    /// </summary>
    public static bool TryYearLastParts(ReadOnlySpan<byte> s, out int first, out int second, out byte separator) =>
        TryYearLastParts(s, twoDigitYears: false, out first, out second, out separator);

    /// <summary>As the other overload; with <paramref name="twoDigitYears"/> the year may also be two digits ("03-10-86", "28/07/19").</summary>
    public static bool TryYearLastParts(ReadOnlySpan<byte> s, bool twoDigitYears, out int first, out int second, out byte separator)
    {
        first = second = 0;
        separator = 0;
        int i = 0;
        if (!LeadingNumber(s, ref i, out first) || i >= s.Length) return false;
        separator = s[i];
        if (separator is not ((byte)'/' or (byte)'.' or (byte)'-')) return false;
        i++;
        if (!LeadingNumber(s, ref i, out second) || i >= s.Length || s[i] != separator) return false;
        if (Digits(s, i + 1, 4, out _)) i += 5;
        else if (twoDigitYears && Digits(s, i + 1, 2, out _) && (s.Length == i + 3 || s[i + 3] == (byte)' ')) i += 3;
        else return false;
        if (i == s.Length) return first >= 1 && second >= 1;
        // An optional time: " HH:mm" or " HH:mm:ss".
        if (s[i] != (byte)' ' || !(s.Length == i + 6 || s.Length == i + 9) || s[i + 3] != (byte)':') return false;
        if (!Digits(s, i + 1, 2, out int hour) || !Digits(s, i + 4, 2, out int minute) || hour > 23 || minute > 59) return false;
        if (s.Length == i + 9 && (s[i + 6] != (byte)':' || !Digits(s, i + 7, 2, out int sec) || sec > 59)) return false;
        return first >= 1 && second >= 1;

        static bool LeadingNumber(ReadOnlySpan<byte> s, ref int i, out int value)
        {
            int start = i;
            value = 0;
            while (i < s.Length && i - start < 3 && (uint)(s[i] - '0') <= 9) value = value * 10 + (s[i++] - '0');
            return i - start is 1 or 2;
        }
    }

    /// <summary>Reads a year-last date (see <see cref="TryYearLastParts(ReadOnlySpan{byte}, out int, out int, out byte)"/>) with the day first or the month first.</summary>
    public static bool TryYearLastDate(ReadOnlySpan<byte> s, bool dayFirst, out DateTime value) => TryYearLastDate(s, dayFirst, twoDigitYears: false, out value);

    /// <summary>As the other overload; with <paramref name="twoDigitYears"/> a two-digit year reads as Excel reads it (<see cref="YearOf"/>).</summary>
    public static bool TryYearLastDate(ReadOnlySpan<byte> s, bool dayFirst, bool twoDigitYears, out DateTime value)
    {
        value = default;
        if (!TryYearLastParts(s, twoDigitYears, out int first, out int second, out byte separator)) return false;
        int day = dayFirst ? first : second, month = dayFirst ? second : first;
        int at = s.IndexOf((byte)' ') is int space and >= 0 ? space : s.Length;
        int year;
        if (s[at - 3] == separator) { Digits(s, at - 2, 2, out int yy); year = YearOf(yy); }
        else Digits(s, at - 4, 4, out year);
        if (year < 1 || month > 12 || day > DateTime.DaysInMonth(year, month)) return false;
        int hour = 0, minute = 0, secondOfMinute = 0;
        if (at < s.Length)
        {
            Digits(s, at + 1, 2, out hour);
            Digits(s, at + 4, 2, out minute);
            if (s.Length == at + 9) Digits(s, at + 7, 2, out secondOfMinute);
        }
        value = new DateTime(year, month, day, hour, minute, secondOfMinute, DateTimeKind.Unspecified);
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> s, int start, int count, out int value)
    {
        value = 0;
        if (start + count > s.Length) return false;
        for (int k = start; k < start + count; k++)
        {
            uint d = (uint)(s[k] - (byte)'0');
            if (d > 9) return false;
            value = value * 10 + (int)d;
        }
        return true;
    }

    /// <summary>"007" or "-0123.5": a code written with leading zeros, which inference keeps as text.</summary>
    public static bool HasLeadingZero(ReadOnlySpan<byte> s)
    {
        int i = s.Length > 0 && s[0] == (byte)'-' ? 1 : 0;
        return s.Length > i + 1 && s[i] == (byte)'0' && (uint)(s[i + 1] - '0') <= 9;
    }

    /// <summary>"NaN" in any case: a number column's missing value, and on its own enough to call a column numeric.</summary>
    public static bool IsNaNText(ReadOnlySpan<byte> s) => Ascii.EqualsIgnoreCase(s, "nan"u8);

    /// <summary>
    /// The texts that public data sets write for "no value" in a number column, in any case: NaN (pandas, Python), NA (R),
    /// N/A and #N/A (spreadsheets), NULL and None (databases, Python) and ? (the UCI repository). Only number columns read
    /// them as missing: in a text column "NA" may be Namibia, and stays a value.
    /// </summary>
    public static bool IsMissingMarker(ReadOnlySpan<byte> s) => s.Length switch
    {
        1 => s[0] == (byte)'?',
        2 => Ascii.EqualsIgnoreCase(s, "na"u8),
        3 => Ascii.EqualsIgnoreCase(s, "nan"u8) || Ascii.EqualsIgnoreCase(s, "n/a"u8),
        4 => Ascii.EqualsIgnoreCase(s, "null"u8) || Ascii.EqualsIgnoreCase(s, "none"u8) || Ascii.EqualsIgnoreCase(s, "#n/a"u8),
        _ => false,
    };

    /// <summary>An optional sign and digits only (any length).</summary>
    public static bool IsWholeNumberText(ReadOnlySpan<byte> s)
    {
        int i = s.Length > 0 && s[0] is (byte)'-' or (byte)'+' ? 1 : 0;
        if (i == s.Length) return false;
        for (; i < s.Length; i++) if ((uint)(s[i] - '0') > 9) return false;
        return true;
    }

    /// <summary>
    /// Whether <paramref name="s"/> fits the decimal-comma convention: [sign] digits (or 1–3 digits then groups of
    /// '.ddd') and optionally ',' and digits. Clearly when only that convention reads it: "7,5", "1.234,56", "0,125";
    /// "1,234" could be an English thousand and "12" either, so those only fit.
    /// </summary>
    public static DecimalComma DecimalCommaShape(ReadOnlySpan<byte> s) => Grouped(s, (byte)'.', (byte)',') switch
    {
        null => DecimalComma.No,
        { Decimals: < 0 } => DecimalComma.Fits,
        { } g => g.Groups > 0 || g.Decimals != 3 || g.LeadingZero && g.Lead == 1 ? DecimalComma.Clearly : DecimalComma.Fits,
    };

    /// <summary>
    /// The parts of a number written [sign] digits, or 1–3 digits then groups of <paramref name="group"/> and three
    /// digits, then optionally <paramref name="mark"/> and digits (Decimals −1 without); null when it is not so written.
    /// </summary>
    private static (int Groups, int Lead, int Decimals, bool LeadingZero)? Grouped(ReadOnlySpan<byte> s, byte group, byte mark)
    {
        int i = s.Length > 0 && s[0] is (byte)'-' or (byte)'+' ? 1 : 0;
        int start = i, groups = 0;
        while (i < s.Length && (uint)(s[i] - '0') <= 9) i++;
        int lead = i - start;
        if (lead == 0) return null;
        while (i < s.Length && s[i] == group)
        {
            int g = ++i;
            while (i < s.Length && (uint)(s[i] - '0') <= 9) i++;
            if (i - g != 3 || lead > 3) return null;
            groups++;
        }
        bool leadingZero = s[start] == (byte)'0';
        if (i == s.Length) return (groups, lead, -1, leadingZero);
        if (s[i] != mark) return null;
        int f = ++i;
        while (i < s.Length && (uint)(s[i] - '0') <= 9) i++;
        if (i != s.Length || i == f) return null;
        return (groups, lead, i - f, leadingZero);
    }

    /// <summary>Reads "1.234,56" as 1234.56 (the caller has checked the column is in that convention).</summary>
    public static bool TryDecimalComma(ReadOnlySpan<byte> s, out double value)
    {
        value = 0;
        return s.Length <= 64 && DecimalCommaShape(s) != DecimalComma.No && ReadGrouped(s, (byte)'.', (byte)',', out value);
    }

    /// <summary>Reads grouped digits: the <paramref name="group"/> marks dropped, the decimal <paramref name="mark"/> read as '.'.</summary>
    private static bool ReadGrouped(ReadOnlySpan<byte> s, byte group, byte mark, out double value)
    {
        Span<byte> plain = stackalloc byte[s.Length];
        int n = 0;
        foreach (byte b in s)
        {
            if (b == group) continue;
            plain[n++] = b == mark ? (byte)'.' : b;
        }
        return double.TryParse(plain[..n], NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>
    /// Whether <paramref name="s"/> fits the English convention of ',' between thousands: [sign] digits (or 1–3 digits
    /// then groups of ',ddd') and optionally '.' and digits. Clearly when only that convention reads it: "69,549.00",
    /// "1,234,567"; "1,234" could be a decimal comma and "12" either, so those only fit.
    /// </summary>
    public static DecimalComma ThousandsCommaShape(ReadOnlySpan<byte> s) => Grouped(s, (byte)',', (byte)'.') switch
    {
        null => DecimalComma.No,
        { Groups: > 0, LeadingZero: true } => DecimalComma.No,   // "0,123" is no thousand
        { Decimals: < 0 } g => g.Groups > 1 ? DecimalComma.Clearly : DecimalComma.Fits,
        { } g => g.Groups > 0 ? DecimalComma.Clearly : DecimalComma.Fits,
    };

    /// <summary>Reads "69,549.00" as 69549 (the caller has checked the column is in that convention).</summary>
    public static bool TryThousandsComma(ReadOnlySpan<byte> s, out double value)
    {
        value = 0;
        return s.Length <= 64 && ThousandsCommaShape(s) != DecimalComma.No && ReadGrouped(s, (byte)',', (byte)'.', out value);
    }

    /// <summary>
    /// An amount with its currency: "£1,234.56", "-£1,234.56", "£-1,234.56", "$ 1,234", "1.234,56 €", "GBP 1,234.56",
    /// "1,234.56 EUR". Writes the amount with its sign and without the currency into <paramref name="destination"/>;
    /// false when the field carries no currency (the number is then read as written).
    /// </summary>
    public static bool TryStripCurrency(ReadOnlySpan<byte> s, Span<byte> destination, out int length) => TryStripCurrency(s, destination, out length, out _);

    /// <summary>As above, with the currency's ISO code (GBP for £ and GBP alike).</summary>
    public static bool TryStripCurrency(ReadOnlySpan<byte> s, Span<byte> destination, out int length, out string currency)
    {
        length = 0;
        currency = "";
        if (s.Length == 0 || s.Length > destination.Length) return false;
        // Most fields are plain numbers: a digit first (after a minus) and last carries no currency.
        int first = s[0] == (byte)'-' && s.Length > 1 ? 1 : 0;
        if ((uint)(s[first] - '0') <= 9 && (uint)(s[^1] - '0') <= 9) return false;
        int start = 0, end = s.Length;
        bool negative = s[0] == (byte)'-';
        if (negative) start = 1;
        int prefix = CurrencyAt(s, start), suffix = prefix >= 0 ? -1 : CurrencyBefore(s, end);
        if (prefix < 0 && suffix < 0) return false;
        int sign = prefix >= 0 ? prefix : suffix;
        if (prefix >= 0) start += CurrencySigns[sign].Length;
        else end -= CurrencySigns[sign].Length;
        while (start < end && s[start] == (byte)' ') start++;
        while (end > start && s[end - 1] == (byte)' ') end--;
        if (start >= end || (uint)(s[end - 1] - '0') > 9) return false;
        if (negative)
        {
            if (s[start] is (byte)'-' or (byte)'+') return false;
            destination[length++] = (byte)'-';
        }
        s[start..end].CopyTo(destination[length..]);
        length += end - start;
        currency = CurrencyCodes[sign];
        return true;
    }

    /// <summary>
    /// A negative amount as accounts write it: in parentheses, "(1,234.56)", "(£1,234.56)" or "£(1,234.56)", or with the minus after it
    /// as SAP exports do, "1.234,56-". Writes it with a leading minus ("-1,234.56") into <paramref name="destination"/>;
    /// false for any other field (a plain "-12" included).
    /// </summary>
    public static bool TryAccountingNegative(ReadOnlySpan<byte> s, Span<byte> destination, out int length)
    {
        length = 0;
        if (s.Length < 2 || s.Length > destination.Length) return false;
        ReadOnlySpan<byte> inner, currency = default;
        if (s[0] == (byte)'(' && s[^1] == (byte)')') inner = s[1..^1].Trim((byte)' ');
        else if (s[^1] == (byte)'-' && (uint)(s[^2] - '0') <= 9) inner = s[..^1];
        else if (s[^1] == (byte)')' && CurrencyAt(s, 0) is >= 0 and var k && s[CurrencySigns[k].Length..].TrimStart((byte)' ') is [(byte)'(', .. var rest])
        {
            // The currency outside the parentheses: £(5), GBP (1,200.00).
            currency = CurrencySigns[k];
            inner = rest[..^1].Trim((byte)' ');
        }
        else return false;
        // The amount inside carries no sign of its own and holds a digit: "(see note)" and "(-5)" are no amounts.
        if (inner.IsEmpty || inner[0] is (byte)'-' or (byte)'+' || inner.IndexOfAnyInRange((byte)'0', (byte)'9') < 0) return false;
        destination[length++] = (byte)'-';
        currency.CopyTo(destination[length..]);
        length += currency.Length;
        inner.CopyTo(destination[length..]);
        length += inner.Length;
        return true;
    }

    private static readonly byte[][] CurrencySigns = { "£"u8.ToArray(), "€"u8.ToArray(), "$"u8.ToArray(), "¥"u8.ToArray(), "GBP"u8.ToArray(), "EUR"u8.ToArray(), "USD"u8.ToArray() };
    private static readonly string[] CurrencyCodes = { "GBP", "EUR", "USD", "JPY", "GBP", "EUR", "USD" };

    /// <summary>The index of the currency written at <paramref name="at"/>, or -1 (a code must be followed by a space or a digit).</summary>
    private static int CurrencyAt(ReadOnlySpan<byte> s, int at)
    {
        for (int k = 0; k < CurrencySigns.Length; k++)
        {
            var sign = CurrencySigns[k];
            if (s[at..].StartsWith(sign) && (sign.Length < 3 || sign[0] > 127 || at + 3 < s.Length && s[at + 3] is (byte)' ' or >= (byte)'0' and <= (byte)'9'))
                return k;
        }
        return -1;
    }

    /// <summary>The index of the currency written just before <paramref name="end"/>, or -1 (a code must follow a space or a digit).</summary>
    private static int CurrencyBefore(ReadOnlySpan<byte> s, int end)
    {
        for (int k = 0; k < CurrencySigns.Length; k++)
        {
            var sign = CurrencySigns[k];
            if (s[..end].EndsWith(sign) && (sign.Length < 3 || sign[0] > 127 || end - 4 >= 0 && s[end - 4] is (byte)' ' or >= (byte)'0' and <= (byte)'9'))
                return k;
        }
        return -1;
    }

    /// <summary>
    /// Reads a duration written with its units as years: "1yrs 11mon" (an Indian bureau's account age) → 1.917, "2 years
    /// 3 months" → 2.25, " 36 months" (a loan's term) → 3, "10+ years" (Lending Club's emp_length: ten or more) → 10,
    /// "&lt; 1 year" (less than one) → 0, "6 weeks", "90 days". Every number needs its unit; a bare number is no duration.
    /// </summary>
    public static bool TryDurationYears(ReadOnlySpan<byte> s, out double years)
    {
        years = 0;
        s = s.Trim((byte)' ');
        if (s.IsEmpty) return false;
        bool lessThan = s[0] == (byte)'<';
        if (lessThan) s = s[1..].TrimStart((byte)' ');
        int parts = 0;
        double total = 0;
        while (!s.IsEmpty)
        {
            int i = 0;
            while (i < s.Length && ((uint)(s[i] - '0') <= 9 || s[i] == (byte)'.')) i++;
            if (i == 0 || i > 9 || !double.TryParse(s[..i], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double amount)) return false;
            s = s[i..];
            if (!s.IsEmpty && s[0] == (byte)'+') s = s[1..];          // "10+ years": at least ten
            s = s.TrimStart((byte)' ');
            int u = 0;
            while (u < s.Length && (uint)((s[u] | 0x20) - 'a') <= 'z' - 'a') u++;
            double perYear = UnitsPerYear(s[..u]);
            if (perYear == 0) return false;
            total += amount / perYear;
            parts++;
            s = s[u..].TrimStart((byte)' ');
            if (!s.IsEmpty && s[0] == (byte)',') s = s[1..].TrimStart((byte)' ');
            // "22 Years and 1 Months", as a public credit-score file writes a credit history's age; "and" must join two parts.
            if (s.Length > 4 && (s[0] | 0x20) == 'a' && (s[1] | 0x20) == 'n' && (s[2] | 0x20) == 'd' && s[3] == (byte)' ') s = s[4..].TrimStart((byte)' ');
        }
        if (parts == 0 || parts > 3 || lessThan && parts != 1) return false;
        years = lessThan ? 0 : total;
        return true;

        // A single letter ("m": months or minutes?) says too little to be read. Compared as bytes: this runs for every
        // value of a duration column, when loading and when scoring.
        static double UnitsPerYear(ReadOnlySpan<byte> unit)
        {
            if (unit.Length is < 2 or > 6) return 0;
            Span<byte> lower = stackalloc byte[6];
            for (int k = 0; k < unit.Length; k++) lower[k] = (byte)(unit[k] | 0x20);
            ReadOnlySpan<byte> u = lower[..unit.Length];
            if (u.SequenceEqual("yrs"u8) || u.SequenceEqual("yr"u8) || u.SequenceEqual("year"u8) || u.SequenceEqual("years"u8)) return 1;
            if (u.SequenceEqual("mon"u8) || u.SequenceEqual("mons"u8) || u.SequenceEqual("mos"u8) || u.SequenceEqual("mo"u8) || u.SequenceEqual("month"u8)
                || u.SequenceEqual("months"u8) || u.SequenceEqual("mths"u8) || u.SequenceEqual("mth"u8)) return 12;
            if (u.SequenceEqual("wk"u8) || u.SequenceEqual("wks"u8) || u.SequenceEqual("week"u8) || u.SequenceEqual("weeks"u8)) return 365.25 / 7;
            if (u.SequenceEqual("day"u8) || u.SequenceEqual("days"u8)) return 365.25;
            return 0;
        }
    }

    /// <summary>
    /// Joins digits grouped by threes with a space between thousands, as French, Swiss, Nordic and Polish exports write
    /// amounts ("1 234,56", with a space, a no-break space U+00A0, a narrow one U+202F, a thin or a figure space; Swiss
    /// "1'234.50" with an apostrophe): [sign] 1–3 digits, then one or more groups of a separator and three digits, then optionally ',' or
    /// '.' and digits. False (nothing written) when <paramref name="s"/> has no such separator or is not so grouped.
    /// </summary>
    public static bool TryJoinDigitGroups(ReadOnlySpan<byte> s, Span<byte> destination, out int length)
    {
        length = 0;
        int i = 0, groups = 0;
        if (s.Length > 0 && s[0] is (byte)'-' or (byte)'+') destination[length++] = s[i++];
        int lead = 0;
        while (i < s.Length && (uint)(s[i] - '0') <= 9 && lead < 4) { if (length >= destination.Length) return false; destination[length++] = s[i++]; lead++; }
        if (lead is 0 or > 3) return false;
        int separator = -1;
        while (i < s.Length)
        {
            int width = GroupSeparatorWidth(s[i..]);
            if (width == 0) break;
            int kind = s[i];
            if (separator >= 0 && kind != separator) return false;   // one separator in one value
            separator = kind;
            i += width;
            for (int k = 0; k < 3; k++)
            {
                if (i >= s.Length || (uint)(s[i] - '0') > 9 || length >= destination.Length) return false;
                destination[length++] = s[i++];
            }
            groups++;
        }
        if (groups == 0) return false;
        if (i < s.Length)
        {
            // Then only a decimal mark and digits: a fourth digit straight after a group ("1 2345") is no grouping.
            if (s[i] is not ((byte)',' or (byte)'.') || i + 1 >= s.Length) return false;
            if (length >= destination.Length) return false;
            destination[length++] = s[i++];
            for (; i < s.Length; i++)
            {
                if ((uint)(s[i] - '0') > 9 || length >= destination.Length) return false;
                destination[length++] = s[i];
            }
        }
        return true;

        // The separator's length in bytes: a space, an apostrophe, U+00A0 (C2 A0), U+202F (E2 80 AF), U+2019 (E2 80 99).
        // Any space SpaceWidth knows, or a Swiss apostrophe, straight or typeset (U+2019).
        static int GroupSeparatorWidth(ReadOnlySpan<byte> t) =>
            t[0] == (byte)'\'' ? 1 : t.Length > 2 && t[0] == 0xE2 && t[1] == 0x80 && t[2] == 0x99 ? 3 : SpaceWidth(t);
    }

    /// <summary>
    /// <paramref name="s"/> with every no-break space (U+00A0), narrow no-break space (U+202F), thin space (U+2009) and
    /// figure space (U+2007) written as a plain space, as spreadsheets in French, German or Nordic settings put them
    /// around amounts ("5 %", "1 234,56 €"). True when <paramref name="s"/> held one and the result fits.
    /// </summary>
    public static bool TryPlainSpaces(ReadOnlySpan<byte> s, Span<byte> destination, out int length)
    {
        length = 0;
        if (s.IndexOfAny((byte)0xC2, (byte)0xE2) < 0) return false;
        bool any = false;
        for (int i = 0; i < s.Length;)
        {
            if (length >= destination.Length) return false;
            int width = SpaceWidth(s[i..]);
            if (width > 1) { destination[length++] = (byte)' '; i += width; any = true; }
            else destination[length++] = s[i++];
        }
        return any;
    }

    /// <summary>Whether <paramref name="s"/> holds nothing but spaces and tabs, plain or no-break (a field with no value).</summary>
    public static bool IsBlank(ReadOnlySpan<byte> s)
    {
        for (int i = 0; i < s.Length;)
        {
            int width = s[i] == (byte)'\t' ? 1 : SpaceWidth(s[i..]);
            if (width == 0) return false;
            i += width;
        }
        return true;
    }

    /// <summary>The bytes of the space <paramref name="s"/> starts with: 1 for ' ', 2 or 3 for a no-break, narrow, thin or figure space; 0 for anything else.</summary>
    private static int SpaceWidth(ReadOnlySpan<byte> s) => s[0] switch
    {
        (byte)' ' => 1,
        0xC2 when s.Length > 1 && s[1] == 0xA0 => 2,
        0xE2 when s.Length > 2 && s[1] == 0x80 && s[2] is 0xAF or 0x89 or 0x87 => 3,
        _ => 0,
    };

    /// <summary>
    /// <paramref name="s"/> without the underscores before and after it ("34847.84_", "__10000__", "_-500" give 34847.84,
    /// 10000 and -500), when it has some and what they surround holds a digit and no underscore of its own ("1_000" is
    /// a programmer's digit grouping, "_______" a placeholder word: neither is stripped).
    /// </summary>
    public static bool TryStripUnderscores(ReadOnlySpan<byte> s, out ReadOnlySpan<byte> inner)
    {
        inner = s.Trim((byte)'_');
        if (inner.Length == s.Length || inner.IsEmpty || inner.Contains((byte)'_') || inner.IndexOfAnyInRange((byte)'0', (byte)'9') < 0)
        {
            inner = s;
            return false;
        }
        return true;
    }

    /// <summary>Reads "13.56%" (or "13.56 %", or a plain "13.56") as 13.56; at most one trailing % sign.</summary>
    public static bool TryPercent(ReadOnlySpan<byte> s, out double value) => TryPercent(s, decimalComma: false, out value);

    /// <summary>Reads a percentage as <see cref="TryPercent(ReadOnlySpan{byte}, out double)"/>, with a decimal comma when <paramref name="decimalComma"/> ("5,5 %" as 5.5).</summary>
    public static bool TryPercent(ReadOnlySpan<byte> s, bool decimalComma, out double value)
    {
        value = 0;
        var number = PercentNumber(s);
        if (number.IsEmpty || number.Length > 64) return false;
        return (decimalComma ? TryDecimalComma(number, out value) : double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out value)) && double.IsFinite(value);
    }

    /// <summary>The number a percentage writes: <paramref name="s"/> without its one trailing % sign and the spaces before it.</summary>
    public static ReadOnlySpan<byte> PercentNumber(ReadOnlySpan<byte> s)
    {
        int end = s.Length;
        if (end > 0 && s[end - 1] == (byte)'%') end--;
        while (end > 0 && s[end - 1] == (byte)' ') end--;
        return s[..end];
    }
}
