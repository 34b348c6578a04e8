using System.IO.Compression;
using Foundations.Training;

namespace Foundations.Tests.Training;

public class ModelFileTests
{
    private sealed record Manifest(string Format, int Answer);

    [Fact]
    public void Manifest_recipe_and_weights_round_trip()
    {
        string path = Path.Combine(Path.GetTempPath(), $"modelfile-{Guid.NewGuid():N}.fnd");
        try
        {
            ModelFile.Write(path, new Manifest("kit.test/1", 42), "{\"recipe\":1}", s => s.Write(new byte[] { 1, 2, 3 }));
            var file = ModelFile.Read<Manifest>(path, "test model", "kit.test/1", m => m.Format);
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
            Assert.Contains($"'{path}' is not a prediction model file", e.Message);

            ModelFile.Write(path, new Manifest("kit.other/3", 1), null, null);
            e = Assert.Throws<InvalidDataException>(() => ModelFile.Read<Manifest>(path, "prediction model", "kit.test/1", m => m.Format));
            Assert.Contains("holds format 'kit.other/3'; this version of the kit reads 'kit.test/1'", e.Message);

            ModelFile.Write(path, new Manifest("kit.test/1", 1), null, null);
            var file = ModelFile.Read<Manifest>(path, "prediction model", "kit.test/1", m => m.Format);
            Assert.False(file.HasRecipe);
            Assert.Contains("has no weights.bin", Assert.Throws<InvalidDataException>(() => file.Weights).Message);

            File.Delete(path);
            using (var zip = ZipFile.Open(path, ZipArchiveMode.Create)) zip.CreateEntry("other.txt");
            e = Assert.Throws<InvalidDataException>(() => ModelFile.Read<Manifest>(path, "prediction model", "kit.test/1", m => m.Format));
            Assert.Contains("has no model.json", e.Message);
            File.Delete(path);
            Assert.Throws<FileNotFoundException>(() => ModelFile.Read<Manifest>(path, "prediction model", "kit.test/1", m => m.Format));
        }
        finally { File.Delete(path); }
    }
}
