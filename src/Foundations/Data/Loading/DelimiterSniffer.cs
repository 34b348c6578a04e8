using System.Text;

namespace Foundations.Data;

/// <summary>
/// Detects a CSV file's delimiter from its first lines: among comma, semicolon, tab and pipe, the one that splits the
/// header into the most fields and every sampled line into the same number of fields wins; a delimiter the header
/// does not contain is never chosen, so a one-column file whose values hold ';' stays one column. A first line that
/// splits unlike every line below it is a report title, and the header is the line after it. A file none of them
/// splits whose lines all hold the same number of words is separated by spaces (R's write.table, the UCI repository's
/// australian.dat), or by runs of spaces when its columns are aligned (german.data-numeric).
/// </summary>
internal static class DelimiterSniffer
{
    private static readonly char[] Candidates = { ',', ';', '\t', '|' };
    private const int SampleBytes = 64 << 10;
    private const int SampleLines = 50;

    /// <summary>What the head of a file says about its fields: the delimiter, and whether fields are aligned with runs of spaces.</summary>
    internal readonly record struct Sniffed(char Delimiter, bool SpaceRuns);

    /// <summary>The delimiter of the file at <paramref name="path"/>, or null when the head cannot tell (non-UTF-8 encodings).</summary>
    public static Sniffed? OfFile(string path, Encoding? encoding)
    {
        if (encoding is not null && encoding.CodePage != Encoding.UTF8.CodePage) return null;
        var buffer = new byte[SampleBytes];
        int n;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1))
            n = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        return Detect(buffer.AsSpan(0, n), complete: n < buffer.Length);
    }

    /// <summary>The delimiter of CSV text, or null when it cannot tell.</summary>
    public static Sniffed? OfText(string text) =>
        Detect(Encoding.UTF8.GetBytes(text.Length > SampleBytes ? text[..SampleBytes] : text), complete: text.Length <= SampleBytes);

    /// <summary>The delimiter by field counts in the first lines of <paramref name="head"/> (quotes respected); null for UTF-16 or no lines.</summary>
    internal static Sniffed? Detect(ReadOnlySpan<byte> head, bool complete)
    {
        if (head.Length >= 2 && (head[0] == 0xFF && head[1] == 0xFE || head[0] == 0xFE && head[1] == 0xFF)) return null;
        if (head.StartsWith(new byte[] { 0xEF, 0xBB, 0xBF })) head = head[3..];
        var counts = Candidates.Select(_ => new List<int>()).ToArray();
        var current = new int[Candidates.Length];
        // Words per line (runs of characters between spaces, a quoted value being one), and whether any line pads with
        // more than one space or starts or ends with one.
        var words = new List<int>();
        int lineWords = 0;
        bool inWord = false, afterSpace = false, spaceRuns = false;
        bool quoted = false, any = false;
        int lines = 0;
        for (int i = 0; i < head.Length && lines < SampleLines; i++)
        {
            byte b = head[i];
            if (b == (byte)'"') { quoted = !quoted; any = true; Word(); continue; }
            if (quoted) continue;
            if (b is (byte)'\n' or (byte)'\r')
            {
                if (any) EndLine();
                if (b == (byte)'\r' && i + 1 < head.Length && head[i + 1] == (byte)'\n') i++;
                continue;
            }
            any = true;
            if (b == (byte)' ')
            {
                if (!inWord) spaceRuns = true;
                inWord = false;
                afterSpace = true;
            }
            else Word();
            int k = Array.IndexOf(Candidates, (char)b);
            if (k >= 0) current[k]++;
        }
        // The last line counts only when the head holds the whole file (otherwise it may be cut in the middle).
        if (any && complete && !quoted) EndLine();
        if (lines == 0) return null;

        // A report title above the header ("Customer export, March 2024") splits unlike every line below it. When no
        // delimiter splits all lines alike but one splits every line after the first alike, the first is a title.
        int from = 0;
        if (lines >= 3 && !Enumerable.Range(0, Candidates.Length).Any(k => counts[k][0] > 0 && counts[k].All(c => c == counts[k][0]))
            && Enumerable.Range(0, Candidates.Length).Any(k => counts[k][1] > counts[k][0] && counts[k].Skip(1).All(c => c == counts[k][1])))
            from = 1;
        char best = ',';
        int bestFields = 1;
        bool bestConsistent = false;
        for (int k = 0; k < Candidates.Length; k++)
        {
            int headerFields = counts[k][from] + 1;
            if (headerFields < 2) continue;
            bool consistent = counts[k].Skip(from).All(c => c == counts[k][from]);
            // A consistent split beats an inconsistent one; then more fields win; ties go to the earlier candidate.
            if (consistent && !bestConsistent || consistent == bestConsistent && headerFields > bestFields)
            {
                best = Candidates[k];
                bestFields = headerFields;
                bestConsistent = consistent;
            }
        }
        // No candidate splits the header: words separated by spaces, when the lines hold as many as it, all but one in ten
        // (a ragged line is then set aside as in any file). Three words at least when single spaces separate them: a
        // one-column file of names ("full name" over "Ann Lee") stays one column.
        if (bestFields == 1 && words.Count > 1 && words[0] >= (spaceRuns ? 2 : 3) && words.Count(w => w != words[0]) * 10 <= words.Count - 1)
            return new Sniffed(' ', spaceRuns);
        return new Sniffed(best, false);

        void Word()
        {
            if (!inWord) lineWords++;
            inWord = true;
            afterSpace = false;
        }

        void EndLine()
        {
            for (int k = 0; k < Candidates.Length; k++) { counts[k].Add(current[k]); current[k] = 0; }
            if (afterSpace) spaceRuns = true;
            words.Add(lineWords);
            lineWords = 0;
            inWord = afterSpace = false;
            lines++;
            any = false;
        }
    }
}
