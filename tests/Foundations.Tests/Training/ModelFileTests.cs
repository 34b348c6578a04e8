using System.IO.Compression;
using Foundations.Training;

namespace Foundations.Tests.Training;

public class ModelFileTests
{
    private sealed record Manifest(string Format, int Answer);

    private static readonly Foundations.Data.RecipeColumn[] Schema = { new("age", "number") };

    [Fact]
    public void Manifest_recipe_and_weights_round_trip()
    {
        string path = Path.Combine(Path.GetTempPath(), $"modelfile-{Guid.NewGuid():N}.fnd");
        try
        {
            ModelFile.Write(path, new Manifest("kit.test/1", 42), "{\"recipe\":1}", s => s.Write(new byte[] { 1, 2, 3 }), "test model", "kit.test/1", Schema);
            var file = ModelFile.Read<Manifest>(path, "test model", "kit.test/1", m => m.Format);
            Assert.Equal(ModelFile.KitVersion, file.FileManifest.KitVersion);
            Assert.Equal(Schema, file.FileManifest.Schema);
            Assert.Equal(new[] { "model.json", "recipe.json", "weights.bin" }, file.FileManifest.Entries.Select(e => e.Name));
            Assert.All(file.FileManifest.Entries, e => Assert.Equal(64, e.Sha256.Length));
            Assert.Equal(42, file.Manifest<Manifest>().Answer);
            Assert.Equal("{\"recipe\":1}", file.RecipeJson);
            var bytes = new MemoryStream();
            file.Weights.CopyTo(bytes);
            Assert.Equal(new byte[] { 1, 2, 3 }, bytes.ToArray());
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Wrong_files_are_refused_naming_the_file_and_what_was_expected()
    {
        string path = Path.Combine(Path.GetTempPath(), $"modelfile-{Guid.NewGuid():N}.fnd");
        try
        {
            File.WriteAllText(path, "customer_id,score\nC1,0.2\n");
            var e = Assert.Throws<InvalidDataException>(() => ModelFile.Read<Manifest>(path, "prediction model", "kit.test/1", m => m.Format));
            Assert.Contains($"'{path}' is not a usable prediction model file", e.Message);

            ModelFile.Write(path, new Manifest("kit.other/3", 1), null, null, "prediction model", "kit.other/3", Schema);
            e = Assert.Throws<InvalidDataException>(() => ModelFile.Read<Manifest>(path, "prediction model", "kit.test/1", m => m.Format));
            Assert.Contains("holds format 'kit.other/3'", e.Message);
            Assert.Contains("this version of the kit reads 'kit.test/1'", e.Message);

            ModelFile.Write(path, new Manifest("kit.test/1", 1), null, null, "prediction model", "kit.test/1", Schema);
            var file = ModelFile.Read<Manifest>(path, "prediction model", "kit.test/1", m => m.Format);
            Assert.False(file.HasRecipe);
            Assert.Contains("has no weights.bin", Assert.Throws<InvalidDataException>(() => file.Weights).Message);

            File.Delete(path);
            using (var zip = ZipFile.Open(path, ZipArchiveMode.Create)) zip.CreateEntry("other.txt");
            e = Assert.Throws<InvalidDataException>(() => ModelFile.Read<Manifest>(path, "prediction model", "kit.test/1", m => m.Format));
            Assert.Contains("has no manifest.json", e.Message);
            File.Delete(path);
            Assert.Throws<FileNotFoundException>(() => ModelFile.Read<Manifest>(path, "prediction model", "kit.test/1", m => m.Format));
        }
        finally { File.Delete(path); }
    }
}
