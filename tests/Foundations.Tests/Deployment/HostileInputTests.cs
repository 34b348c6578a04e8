using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Foundations.Data;
using Foundations.Patterns;
using Foundations.Tests.Runner;
using Microsoft.Data.Analysis;

namespace Foundations.Tests.Deployment;

/// <summary>
/// Malformed and hostile inputs across CSV, scoring, Parquet, model files, recipes and runner parameters. Each case
/// asserts a clear error (its type and the words that tell the user what is wrong, with the file's name where there
/// is a file) or a counted set-aside; none may end in an unexplained exception or a silent loss.
/// </summary>
[Trait("Speed", "Slow")]
[Collection(SharedModels.SmallChurnModel)]
public class HostileInputTests(SmallChurnModel small)
{
    private const string Header = "customer_id,age,income,region\n";

    public static TheoryData<string> Cases => new(CaseNames);

    public static readonly string[] CaseNames =
    {
        "csv_empty_file", "csv_header_only", "csv_ragged_row", "csv_unterminated_quote", "csv_stray_quote", "csv_invalid_utf8",
        "csv_infinity_in_a_number_column", "csv_1e400_in_a_number_column", "csv_duplicate_header", "csv_blank_header_name",
        "csv_utf8_bom", "csv_crlf_and_blank_lines", "csv_one_megabyte_field", "csv_unterminated_quote_in_header",
        "csv_schema_names_a_missing_column", "csv_wrong_type_when_failing_fast", "csv_twenty_digit_integer",
        "csv_decimal_comma", "csv_one_column_with_semicolons", "csv_formula_text_exported", "csv_missing_file",
        "csv_nul_bytes_in_text", "csv_from_a_pipe",
        "score_one_bad_cell", "score_header_only", "score_missing_model_column", "score_output_is_input",
        "parquet_not_parquet", "parquet_truncated", "parquet_missing_file", "parquet_empty_folder",
        "model_not_a_zip", "model_truncated", "model_missing_weights", "model_broken_model_json", "model_flipped_weight_byte",
        "model_changed_digit_in_model_json", "model_changed_digit_in_recipe_json", "model_zip_bomb_1gib_entry", "model_entry_larger_than_it_declares",
        "model_path_traversal_entry_ignored", "model_unlisted_entry", "model_without_manifest", "model_missing_file",
        "model_is_a_folder", "model_truncated_weights_with_fresh_checksums", "model_kind_changed_in_manifest",
        "model_inconsistent_recipe_with_fresh_checksums", "model_recipe_names_an_input_twice_with_fresh_checksums",
        "model_category_list_shortened_with_fresh_checksums", "model_tree_category_list_shortened_with_fresh_checksums", "model_nan_weight_with_fresh_checksums",
        "model_network_of_two_billion_units_with_fresh_checksums", "model_scorecard_bins_out_of_order_with_fresh_checksums",
        "model_logistic_weights_moved_to_another_input_with_fresh_checksums",
        "recipe_formula_100000_chars", "recipe_formula_deeply_nested", "recipe_formula_long_chain", "recipe_json_not_json",
        "recipe_json_wrong_format", "recipe_json_without_steps", "recipe_json_formula_100000_chars", "recipe_json_step_without_its_column", "recipe_json_range_reversed",
        "parameter_nan", "parameter_infinity", "parameter_1e400", "parameter_repeated", "parameter_not_declared",
    };

    [Fact]
    public void There_are_at_least_forty_named_hostile_inputs() => Assert.True(CaseNames.Distinct().Count() >= 40, $"{CaseNames.Length} cases");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Hostile_input_gets_a_clear_error_or_a_counted_set_aside(string name)
    {
        switch (name)
        {
            // ------------------------------------------------------------------ CSV
            case "csv_empty_file":
                Refused<CsvLoadException>(() => Csv.Load(File_("")), "is empty", "header row");
                break;
            case "csv_header_only":
            {
                var (frame, report) = Csv.Load(File_(Header));
                Assert.Equal(0, frame.Rows.Count);
                Assert.Contains(report.Notes, n => n.Contains("no data rows"));
                break;
            }
            case "csv_ragged_row":
                SetAside(Header + "C1,30,100,North\nC2,31\nC3,32,300,South\n", "ragged row", line: 3);
                break;
            case "csv_unterminated_quote":
            {
                var report = SetAside(Header + "C1,30,100,North\nC2,31,200,\"South\nC3,32,300,East\n", "unterminated quote", line: 3);
                Assert.Contains("lines 3–4", report.Quarantined[0].Detail);
                break;
            }
            case "csv_stray_quote":
                SetAside(Header + "C1,30,100,North\nC2,31,200,So\"uth\"x\nC3,32,300,East\n", "malformed quoting", line: 3);
                break;
            case "csv_invalid_utf8":
            {
                // A UTF-8 file (Zürich) with damaged bytes: set aside. (A file with no UTF-8 character at all is read as Windows-1252.)
                var bytes = Encoding.UTF8.GetBytes(Header + "C1,30,100,Zürich\nC2,31,200,S").Concat(new byte[] { 0xFF, 0xFE }).Concat(Encoding.UTF8.GetBytes("\n")).ToArray();
                string path = Path.Combine(RunnerProcess.TempFolder(), "latin1.csv");
                File.WriteAllBytes(path, bytes);
                var (_, report) = Csv.Load(path, new CsvOptions { OnBadRow = BadRows.Quarantine, Schema = new CsvSchema { ["region"] = ColumnType.Text } });
                Assert.Equal(1, report.ReasonCounts["invalid UTF-8"]);
                Assert.Equal(3, report.Quarantined[0].Line);
                break;
            }
            case "csv_infinity_in_a_number_column":
                SetAside(Header + "C1,30,100,North\nC2,31,Infinity,South\nC3,32,300,East\n", "non-finite number", line: 3);
                break;
            case "csv_1e400_in_a_number_column":
                SetAside(Header + "C1,30,100.5,North\nC2,31,1e400,South\nC3,32,300,East\n", "non-finite number", line: 3);
                break;
            case "csv_duplicate_header":
            {
                var (frame, report) = Csv.Load(File_("a,a,b\n1,2,3\n"));
                Assert.Equal(new[] { "a", "a_2", "b" }, frame.Columns.Select(c => c.Name));
                Assert.Contains(report.Notes, n => n.Contains("repeats 'a'"));
                break;
            }
            case "csv_blank_header_name":
            {
                var (frame, report) = Csv.Load(File_("a,,b\n1,2,3\n"));
                Assert.Equal("column_2", frame.Columns[1].Name);
                Assert.Contains(report.Notes, n => n.Contains("column_2"));
                break;
            }
            case "csv_utf8_bom":
            {
                string path = Path.Combine(RunnerProcess.TempFolder(), "bom.csv");
                File.WriteAllBytes(path, new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("a;b\n1;2\n")).ToArray());
                var (frame, report) = Csv.Load(path);
                Assert.Equal(new[] { "a", "b" }, frame.Columns.Select(c => c.Name));
                Assert.Equal(';', report.Delimiter);
                break;
            }
            case "csv_crlf_and_blank_lines":
            {
                var (frame, report) = Csv.Load(File_(Header.Replace("\n", "\r\n") + "C1,30,100,North\r\n\r\n\r\nC2,x,200,South\r\n"),
                    new CsvOptions { OnBadRow = BadRows.Quarantine, Schema = new CsvSchema { ["age"] = ColumnType.Int32 } });
                Assert.Equal(1, frame.Rows.Count);
                Assert.Equal(5, report.Quarantined.Single().Line);
                break;
            }
            case "csv_one_megabyte_field":
            {
                var (frame, _) = Csv.Load(File_(Header + $"C1,30,100,\"{new string('x', 1 << 20)}\"\n"));
                Assert.Equal(1 << 20, ((string)frame.Columns["region"][0]).Length);
                break;
            }
            case "csv_unterminated_quote_in_header":
                Refused<CsvLoadException>(() => Csv.Load(File_("a,\"b\n1,2\n")), "line 1", "header");
                break;
            case "csv_schema_names_a_missing_column":
                Refused<CsvLoadException>(() => Csv.Load(File_(Header + "C1,30,100,North\n"), new CsvOptions { Schema = new CsvSchema { ["salary"] = ColumnType.Double } }), "'salary'", "header lacks");
                break;
            case "csv_wrong_type_when_failing_fast":
                Refused<CsvLoadException>(() => Csv.Load(File_(Header + "C1,30,100,North\nC2,31,abc,South\n"), new CsvOptions { Schema = new CsvSchema { ["income"] = ColumnType.Double } }), "line 3", "'income'", "'abc'");
                break;
            case "csv_twenty_digit_integer":
            {
                var (frame, report) = Csv.Load(File_("account,amount\n12345678901234567890,1\n98765432109876543210,2\n"));
                Assert.Equal("12345678901234567890", frame.Columns["account"][0]);
                Assert.Contains(report.Notes, n => n.Contains("'account'") && n.Contains("20 digits") && n.Contains("every digit"));
                break;
            }
            case "csv_decimal_comma":
            {
                var (frame, report) = Csv.Load(File_("id;rate;amount\n1;7,5;1.234,56\n2;0,25;12,00\n"));
                Assert.Equal(7.5, frame.Columns["rate"][0]);
                Assert.Equal(1234.56, frame.Columns["amount"][0]);
                Assert.Contains(report.Notes, n => n.Contains("'rate'") && n.Contains("decimal comma"));
                break;
            }
            case "csv_one_column_with_semicolons":
            {
                var (frame, report) = Csv.Load(File_("note\na;b\nc;d;e\nplain\n"));
                Assert.Single(frame.Columns);
                Assert.Equal(',', report.Delimiter);
                Assert.Equal("c;d;e", frame.Columns["note"][1]);
                break;
            }
            case "csv_formula_text_exported":
            {
                var frame = new DataFrame(new StringDataFrameColumn("name", new[] { "=HYPERLINK(\"http://x\")", "@SUM(A1)", "-5", "+44 20 7946 0958" }));
                string path = Path.Combine(RunnerProcess.TempFolder(), "export.csv");
                CsvExport.Write(frame, path);
                var lines = File.ReadAllLines(path);
                Assert.Equal(new[] { "name", "\"'=HYPERLINK(\"\"http://x\"\")\"", "'@SUM(A1)", "-5", "'+44 20 7946 0958" }, lines);
                break;
            }
            case "csv_missing_file":
                Refused<FileNotFoundException>(() => Csv.Load(Path.Combine(RunnerProcess.TempFolder(), "absent.csv")), "absent.csv");
                break;
            case "csv_from_a_pipe":
            {
                // A named pipe stands in for `--input <(gunzip -c x.csv.gz)`: before, the delimiter's sample used up the
                // data and the file was reported empty.
                string fifo = Path.Combine(RunnerProcess.TempFolder(), "pipe.csv");
                using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", fifo)) mkfifo.WaitForExit();
                var writer = new Thread(() =>
                {
                    try { File.WriteAllText(fifo, Header + "C1,30,100,North\n"); }
                    catch (IOException) { } // the reader closed the pipe first
                }) { IsBackground = true };
                writer.Start();
                Refused<CsvLoadException>(() => Csv.Load(fifo), fifo, "is a pipe, not a file", "Write it to a file first");
                Assert.True(writer.Join(TimeSpan.FromSeconds(30)), "the writer was left waiting");
                break;
            }
            case "csv_nul_bytes_in_text":
            {
                var (frame, _) = Csv.Load(File_("id,note\n1,a\0b\n2,c\n"));
                Assert.Equal(2, frame.Rows.Count);
                Assert.Equal("a\0b", frame.Columns["note"][0]);
                break;
            }

            // ------------------------------------------------------------------ scoring
            case "score_one_bad_cell":
            {
                int age = small.Column("age");
                string input = SmallChurnModel.Write(small.Rows(20, (r, f) => { if (r == 7) f[age] = "forty"; }));
                var report = BatchScoring.ScoreCsv(small.Model, input, Beside(input));
                Assert.Equal(19, report.RowsScored);
                Assert.Equal(9, report.SetAside.Single().Line);
                break;
            }
            case "score_header_only":
            {
                string input = SmallChurnModel.Write(small.Rows(0));
                var report = BatchScoring.ScoreCsv(small.Model, input, Beside(input));
                Assert.Equal(0, report.RowsRead);
                Assert.Single(File.ReadAllLines(Beside(input)));
                break;
            }
            case "score_missing_model_column":
            {
                string input = SmallChurnModel.Write(new[] { "customer_id,age", "C1,30" });
                Refused<InvalidDataException>(() => BatchScoring.ScoreCsv(small.Model, input, Beside(input)), input, "header lacks", "'income' (number)");
                break;
            }
            case "score_output_is_input":
            {
                string input = SmallChurnModel.Write(small.Rows(3));
                Refused<ArgumentException>(() => BatchScoring.ScoreCsv(small.Model, input, input), "is the input file");
                break;
            }

            // ------------------------------------------------------------------ Parquet
            case "parquet_not_parquet":
            {
                string path = Path.Combine(RunnerProcess.TempFolder(), "fake.parquet");
                File.WriteAllText(path, "customer_id,age\nC1,30\n");
                Refused<InvalidDataException>(() => ParquetFile.Load(path), path, "cannot be read");
                break;
            }
            case "parquet_truncated":
            {
                string path = Path.Combine(RunnerProcess.TempFolder(), "cut.parquet");
                var frame = new DataFrame(new Int32DataFrameColumn("age", Enumerable.Range(0, 1000)), new StringDataFrameColumn("region", Enumerable.Range(0, 1000).Select(i => $"r{i % 7}")));
                ParquetFile.Write(frame, path);
                var bytes = File.ReadAllBytes(path);
                File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
                Refused<InvalidDataException>(() => ParquetFile.Load(path), path, "cannot be read");
                break;
            }
            case "parquet_missing_file":
                Refused<FileNotFoundException>(() => ParquetFile.Load(Path.Combine(RunnerProcess.TempFolder(), "absent.parquet")), "absent.parquet");
                break;
            case "parquet_empty_folder":
                Refused<FileNotFoundException>(() => ParquetFile.Load(RunnerProcess.TempFolder()), "holds no *.parquet parts");
                break;

            // ------------------------------------------------------------------ model files
            case "model_not_a_zip":
            {
                string path = Path.Combine(RunnerProcess.TempFolder(), "model.fnd");
                File.WriteAllText(path, "customer_id,score\n");
                Refused<InvalidDataException>(() => TrainedPrediction.Load(path), path, "not a zip archive");
                break;
            }
            case "model_truncated":
            {
                string path = small.CopyOfModel();
                var bytes = File.ReadAllBytes(path);
                File.WriteAllBytes(path, bytes[..(bytes.Length * 2 / 3)]);
                Refused<InvalidDataException>(() => TrainedPrediction.Load(path), path, "not a usable prediction model file");
                break;
            }
            case "model_missing_weights":
            {
                string path = small.CopyOfModel();
                ModelFileSurgery.Edit(path, (n, b) => n == "weights.bin" ? null : b);
                Refused<InvalidDataException>(() => TrainedPrediction.Load(path), path, "weights.bin is missing");
                break;
            }
            case "model_broken_model_json":
            {
                string path = small.CopyOfModel();
                ModelFileSurgery.Edit(path, (n, b) => n == "model.json" ? b[..(b.Length / 2)] : b, rehash: true);
                Refused<InvalidDataException>(() => TrainedPrediction.Load(path), path, "model.json cannot be read");
                break;
            }
            case "model_flipped_weight_byte":
            {
                string path = small.CopyOfModel();
                ModelFileSurgery.Edit(path, (n, b) => { if (n == "weights.bin") b[b.Length - 5] ^= 0x01; return b; });
                Refused<InvalidDataException>(() => TrainedPrediction.Load(path), path, "weights.bin does not match its SHA-256");
                break;
            }
            case "model_changed_digit_in_model_json":
            {
                string path = small.CopyOfModel();
                ModelFileSurgery.Edit(path, (n, b) => n == "model.json" ? ModelFileSurgery.ChangeDigit(b, "LogitOffset") : b);
                Refused<InvalidDataException>(() => TrainedPrediction.Load(path), path, "model.json does not match its SHA-256");
                break;
            }
            case "model_changed_digit_in_recipe_json":
            {
                string path = small.CopyOfModel();
                ModelFileSurgery.Edit(path, (n, b) => n == "recipe.json" ? ModelFileSurgery.ChangeDigit(b, "means") : b);
                Refused<InvalidDataException>(() => TrainedPrediction.Load(path), path, "recipe.json does not match its SHA-256");
                break;
            }
            case "model_zip_bomb_1gib_entry":
            {
                // A 1 MiB entry whose headers claim 1 GiB unpacked: refused on the claim, before anything is read or allocated.
                string path = small.CopyOfModel();
                ZipBomb(path, claimed: 1L << 30);
                Assert.True(new FileInfo(path).Length < 2 << 20, $"the bomb is {new FileInfo(path).Length:N0} bytes");
                long before = GC.GetAllocatedBytesForCurrentThread();
                Refused<InvalidDataException>(() => TrainedPrediction.Load(path), path, "weights.bin", "1,073,741,824 bytes", "over the limit");
                Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64 << 20, "the refused entry was not read into memory");
                break;
            }
            case "model_entry_larger_than_it_declares":
            {
                // The same entry claiming only 1 KiB: at most the claim is read, and the lie is refused.
                string path = small.CopyOfModel();
                ZipBomb(path, claimed: 1024);
                long before = GC.GetAllocatedBytesForCurrentThread();
                Refused<InvalidDataException>(() => TrainedPrediction.Load(path), path, "weights.bin");
                Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64 << 20, "the entry was not read past its claim");
                break;
            }
            case "model_path_traversal_entry_ignored":
            {
                string path = small.CopyOfModel();
                ModelFileSurgery.Edit(path, (n, b) => b, add: new[] { ("../../evil.txt", Encoding.UTF8.GetBytes("x")) });
                var model = TrainedPrediction.Load(path);
                Assert.Equal("churned_next_90d", model.Target);
                Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(path)!, "..", "..", "evil.txt")));
                break;
            }
            case "model_unlisted_entry":
            {
                string path = small.CopyOfModel();
                ModelFileSurgery.Edit(path, (n, b) => b, add: new[] { ("extra.bin", new byte[] { 1 }) });
                Refused<InvalidDataException>(() => TrainedPrediction.Load(path), path, "'extra.bin'", "does not list");
                break;
            }
            case "model_without_manifest":
            {
                string path = small.CopyOfModel();
                var entries = new List<(string, byte[])>();
                using (var zip = ZipFile.OpenRead(path))
                    foreach (var e in zip.Entries.Where(e => e.FullName != "manifest.json"))
                    {
                        using var s = e.Open(); var m = new MemoryStream(); s.CopyTo(m); entries.Add((e.FullName, m.ToArray()));
                    }
                File.Delete(path);
                using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
                    foreach (var (n, b) in entries) { using var s = zip.CreateEntry(n).Open(); s.Write(b); }
                Refused<InvalidDataException>(() => TrainedPrediction.Load(path), path, "no manifest.json", "earlier version");
                break;
            }
            case "model_missing_file":
                Refused<FileNotFoundException>(() => TrainedPrediction.Load(Path.Combine(RunnerProcess.TempFolder(), "absent.fnd")), "absent.fnd");
                break;
            case "model_is_a_folder":
            {
                string folder = RunnerProcess.TempFolder();
                Refused<InvalidDataException>(() => TrainedPrediction.Load(folder), folder, "is a folder");
                break;
            }
            case "model_truncated_weights_with_fresh_checksums":
            {
                string path = small.CopyOfModel();
                ModelFileSurgery.Edit(path, (n, b) => n == "weights.bin" ? b[..(b.Length / 2)] : b, rehash: true);
                Refused<InvalidDataException>(() => TrainedPrediction.Load(path), path, "not a usable prediction model file");
                break;
            }
            case "model_kind_changed_in_manifest":
            {
                string path = small.CopyOfModel();
                ModelFileSurgery.EditManifest(path, m => m["kind"] = "segmentation model");
                Refused<InvalidDataException>(() => TrainedPrediction.Load(path), path, "holds a segmentation model");
                break;
            }
            case "model_inconsistent_recipe_with_fresh_checksums":
            {
                // A forger who recomputes the checksums gets past them; the recipe's own inconsistency then stops the batch (exit 2), never sets every row aside.
                string path = small.CopyOfModel();
                ModelFileSurgery.Edit(path, (n, b) =>
                {
                    if (n != "recipe.json") return b;
                    var recipe = JsonNode.Parse(b)!;
                    foreach (var step in recipe["steps"]!.AsArray())
                        if (step!["means"] is JsonArray means) means.RemoveAt(means.Count - 1);
                    return Encoding.UTF8.GetBytes(recipe.ToJsonString());
                }, rehash: true);
                string input = SmallChurnModel.Write(small.Rows(10));
                var run = RunnerProcess.Run("score", "--model", path, "--input", input, "--output", Beside(input));
                Assert.True(run.ExitCode == 2, run.Output + run.Error);
                Assert.Contains(path, run.Error);
                Assert.Contains("means", run.Error);
                Assert.DoesNotContain("   at ", run.Error);
                Assert.False(File.Exists(Beside(input)));
                break;
            }
            case "model_recipe_names_an_input_twice_with_fresh_checksums":
            {
                // Refused when read: before, every batch stopped on "DataFrame already contains a column", naming no file.
                string path = small.CopyOfModel();
                ModelFileSurgery.EditJson(path, "recipe.json", r => r["inputs"]!.AsArray().Add(r["inputs"]![0]!.DeepClone()));
                Refused<InvalidDataException>(() => TrainedPrediction.Load(path), path, "inputs name 'age' twice");
                break;
            }
            case "model_category_list_shortened_with_fresh_checksums":
            case "model_tree_category_list_shortened_with_fresh_checksums":
            {
                // One region fewer would shift the codes of every later region under the network's embeddings or the trees' splits.
                string path = small.CopyOfModel(name.Contains("tree") ? "lightgbm" : "deep");
                ModelFileSurgery.EditJson(path, "recipe.json", r =>
                {
                    var categories = r["steps"]!.AsArray().First(s => s!["step"]!.GetValue<string>() == "categorize")!["categories"]![0]!.AsArray();
                    categories.RemoveAt(categories.Count - 1);
                });
                Refused<InvalidDataException>(() => TrainedPrediction.Load(path), path, "learned", "codes for 'region'");
                break;
            }
            case "model_nan_weight_with_fresh_checksums":
            {
                // The last four bytes of weights.bin are the last value of the last tensor saved.
                string path = small.CopyOfModel();
                ModelFileSurgery.Edit(path, (n, b) => { if (n == "weights.bin") BitConverter.GetBytes(float.NaN).CopyTo(b, b.Length - 4); return b; }, rehash: true);
                Refused<InvalidDataException>(() => TrainedPrediction.Load(path), path, "not a finite number");
                break;
            }
            case "model_network_of_two_billion_units_with_fresh_checksums":
            {
                // Refused on the shape's arithmetic against the size of weights.bin, before libtorch allocates anything.
                string path = small.CopyOfModel();
                ModelFileSurgery.EditJson(path, "model.json", m => m["Deep"]!["Shape"]!["Hidden"]![0] = 2_000_000_000);
                var watch = System.Diagnostics.Stopwatch.StartNew();
                Refused<InvalidDataException>(() => TrainedPrediction.Load(path), path, "saved values", "more than the");
                Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
                break;
            }
            case "model_scorecard_bins_out_of_order_with_fresh_checksums":
            {
                string path = small.CopyOfModel("scorecard");
                string characteristic = "";
                ModelFileSurgery.EditJson(path, "model.json", m =>
                {
                    var numeric = m["Scorecard"]!["Characteristics"]!.AsArray().First(c => c!["Kind"]!.GetValue<string>() == "numeric" && c["LeftOutBecause"] is null && c["Bins"]!.AsArray().Count >= 3)!;
                    characteristic = numeric["Name"]!.GetValue<string>();
                    var bins = numeric["Bins"]!.AsArray();
                    var first = bins[0]!.DeepClone();
                    bins.RemoveAt(0);
                    bins.Insert(1, first);
                });
                Refused<InvalidDataException>(() => TrainedPrediction.Load(path), path, $"'{characteristic}'", "upper bounds do not rise");
                break;
            }
            case "model_logistic_weights_moved_to_another_input_with_fresh_checksums":
            {
                // Pointing a weight at another column of the matrix would score silently with the wrong inputs.
                string path = small.CopyOfModel("logistic");
                ModelFileSurgery.EditJson(path, "model.json", m =>
                {
                    var index = m["Logistic"]!["NumericIndex"]!.AsArray();
                    (index[0], index[1]) = (index[1]!.DeepClone(), index[0]!.DeepClone());
                });
                Refused<InvalidDataException>(() => TrainedPrediction.Load(path), path, "is not where it was fitted");
                break;
            }

            // ------------------------------------------------------------------ recipes
            case "recipe_formula_100000_chars":
                Refused<FormatException>(() => Formula.Parse(string.Concat(Enumerable.Repeat("a+", 49_999)) + "aa"), "100,000 characters", "limit");
                break;
            case "recipe_formula_deeply_nested":
                Refused<FormatException>(() => Formula.Parse(new string('(', 300) + "age" + new string(')', 300)), "nested too deep");
                break;
            case "recipe_formula_long_chain":
                Refused<FormatException>(() => Formula.Parse(string.Join("+", Enumerable.Repeat("a", 100))), "operations deep");
                break;
            case "recipe_json_not_json":
                Refused<FormatException>(() => FittedRecipe.FromJson("{ not json"), "Not a fitted recipe");
                break;
            case "recipe_json_wrong_format":
                Refused<FormatException>(() => FittedRecipe.FromJson("{\"format\":\"foundations.fitted-recipe/9\",\"inputs\":[],\"steps\":[],\"outputs\":[]}"), "expected format", "foundations.fitted-recipe/9");
                break;
            case "recipe_json_without_steps":
                Refused<FormatException>(() => FittedRecipe.FromJson("{\"format\":\"foundations.fitted-recipe/1\",\"inputs\":[]}"), "inputs, steps and outputs are required");
                break;
            case "recipe_json_formula_100000_chars":
            {
                var json = JsonNode.Parse(small.Model.Recipe.ToJson())!;
                var steps = json["steps"]!.AsArray();
                steps.Insert(0, JsonNode.Parse($"{{\"$type\":\"derive\",\"column\":\"x\",\"formula\":\"{string.Join("+", Enumerable.Repeat("age", 25_000))}\"}}"));
                Refused<FormatException>(() => FittedRecipe.FromJson(json.ToJsonString()), "Not a fitted recipe");
                break;
            }
            case "recipe_json_step_without_its_column":
            {
                // Refused when read, not later on a null: a step with no column, and one whose column is null.
                foreach (var step in new[] { "{\"step\":\"date_as_years\"}", "{\"step\":\"code_as_missing\",\"column\":null,\"codes\":[98],\"flag\":\"x_is_code\"}",
                             "{\"step\":\"outside_as_missing\",\"column\":null,\"lowest\":0,\"highest\":120}" })
                {
                    var json = JsonNode.Parse(small.Model.Recipe.ToJson())!;
                    json["steps"]!.AsArray().Insert(0, JsonNode.Parse(step));
                    Refused<FormatException>(() => FittedRecipe.FromJson(json.ToJsonString()), "Not a fitted recipe");
                }
                break;
            }

            case "recipe_json_range_reversed":
            {
                // A possible range that lets nothing through would read every age as missing: refused when read.
                var json = JsonNode.Parse(small.Model.Recipe.ToJson())!;
                json["steps"]!.AsArray().Insert(0, JsonNode.Parse("{\"step\":\"outside_as_missing\",\"column\":\"age\",\"lowest\":120,\"highest\":0}"));
                Refused<FormatException>(() => FittedRecipe.FromJson(json.ToJsonString()), "step 1 (OutsideAsMissing) gives a possible range whose lowest value 120 lies above its highest 0");
                break;
            }

            // ------------------------------------------------------------------ runner parameters
            case "parameter_nan":
                Parameter("rate=NaN", "a finite number");
                break;
            case "parameter_infinity":
                Parameter("rate=Infinity", "a finite number");
                break;
            case "parameter_1e400":
                Parameter("rate=1e400", "a finite number");
                break;
            case "parameter_repeated":
                Parameter("rows=5", "more than once", "-p", "rows=6");
                break;
            case "parameter_not_declared":
                Parameter("colour=blue", "not declared");
                break;
            default:
                throw new InvalidOperationException($"no case '{name}'");
        }
    }

    /// <summary>Replaces weights.bin with 1 MiB of zeros and patches its local and central headers to claim <paramref name="claimed"/> bytes unpacked.</summary>
    private static void ZipBomb(string path, long claimed)
    {
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Update))
        {
            zip.GetEntry("weights.bin")!.Delete();
            using var s = zip.CreateEntry("weights.bin", CompressionLevel.Optimal).Open();
            s.Write(new byte[1 << 20]);
        }
        var bytes = File.ReadAllBytes(path);
        var name = Encoding.ASCII.GetBytes("weights.bin");
        for (int i = 0; i + 46 < bytes.Length; i++)
        {
            uint signature = BitConverter.ToUInt32(bytes, i);
            if (signature == 0x04034b50 && bytes.AsSpan(i + 30, name.Length).SequenceEqual(name))
                BitConverter.GetBytes((uint)claimed).CopyTo(bytes, i + 22); // local header: uncompressed size
            else if (signature == 0x02014b50 && bytes.AsSpan(i + 46, name.Length).SequenceEqual(name))
                BitConverter.GetBytes((uint)claimed).CopyTo(bytes, i + 24); // central directory: uncompressed size
        }
        File.WriteAllBytes(path, bytes);
    }

    private static string Beside(string input) => Path.Combine(Path.GetDirectoryName(input)!, "scores.csv");

    private static string File_(string text)
    {
        string path = Path.Combine(RunnerProcess.TempFolder(), "input.csv");
        File.WriteAllText(path, text);
        return path;
    }

    private static void Refused<T>(Action act, params string[] fragments) where T : Exception
    {
        var e = Assert.ThrowsAny<T>(act);
        foreach (var f in fragments) Assert.Contains(f, e.Message);
    }

    private static LoadReport SetAside(string csv, string reason, long line)
    {
        var (frame, report) = Csv.Load(File_(csv), new CsvOptions { OnBadRow = BadRows.Quarantine, Schema = new CsvSchema { ["income"] = ColumnType.Double } });
        Assert.Equal(1, report.ReasonCounts[reason]);
        Assert.Equal(line, report.Quarantined.Single().Line);
        Assert.Equal(report.RowsRead - 1, frame.Rows.Count);
        return report;
    }

    private static void Parameter(string parameter, string expected, params string[] more)
    {
        var args = new List<string> { "execute", Path.Combine(RepoPaths.Root, "tests", "notebooks", "runner-check.ipynb"), "--out", RunnerProcess.TempFolder(), "-p", parameter };
        args.AddRange(more);
        var run = RunnerProcess.Run(args.ToArray());
        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}: {run.Output}{run.Error}");
        Assert.Contains(expected, run.Error);
        Assert.DoesNotContain("   at ", run.Error);
    }
}
