using System.Security.Cryptography;
using Foundations.Patterns;
using Foundations.Tests.Runner;
using Foundations.Training;

namespace Foundations.Tests.Deployment;

[Trait("Speed", "Slow")]
[Collection(SharedModels.SmallChurnModel)]
public class ModelSigningTests(SmallChurnModel small)
{
    private static (string PrivatePem, string PublicPem) Keys(string folder)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        string priv = Path.Combine(folder, "bank.pem"), pub = Path.Combine(folder, "bank.pub.pem");
        File.WriteAllText(priv, key.ExportECPrivateKeyPem());
        File.WriteAllText(pub, key.ExportSubjectPublicKeyInfoPem());
        return (priv, pub);
    }

    [Fact]
    public void A_signed_model_scores_with_the_public_key_and_a_re_hashed_forgery_is_refused()
    {
        string model = small.CopyOfModel();
        string folder = Path.GetDirectoryName(model)!;
        var (priv, pub) = Keys(folder);
        string input = SmallChurnModel.Write(small.Rows(10));
        string output = Path.Combine(Path.GetDirectoryName(input)!, "scores.csv");

        var unsigned = RunnerProcess.Run("score", "--model", model, "--input", input, "--output", output, "--public-key", pub);
        Assert.Equal(2, unsigned.ExitCode);
        Assert.Contains("is not signed", unsigned.Error);

        var sign = RunnerProcess.Run("sign", "--model", model, "--private-key", priv);
        Assert.True(sign.ExitCode == 0, sign.Output + sign.Error);
        var signed = RunnerProcess.Run("score", "--model", model, "--input", input, "--output", output, "--public-key", pub);
        Assert.True(signed.ExitCode == 0, signed.Output + signed.Error);

        // A forger changes the recipe and recomputes every checksum: without the private key the signature fails.
        ModelFileSurgery.Edit(model, (n, b) => n == "recipe.json" ? ModelFileSurgery.ChangeDigit(b, "means") : b, rehash: true);
        var forged = RunnerProcess.Run("score", "--model", model, "--input", input, "--output", output, "--public-key", pub);
        Assert.Equal(2, forged.ExitCode);
        Assert.Contains("signature does not match", forged.Error);
        // Without a trusted key the same file passes its (recomputed) checksums: the signature is what stops it.
        Assert.Equal("churned_next_90d", TrainedPrediction.Load(model).Target);
    }

    [Fact]
    public void A_trusted_key_applies_only_where_it_was_set()
    {
        string model = small.CopyOfModel();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        ModelFile.Sign(model, key);
        var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        ModelFile.TrustedKey = other;
        try
        {
            var e = Assert.Throws<InvalidDataException>(() => TrainedPrediction.Load(model));
            Assert.Contains("signature does not match", e.Message);
            ModelFile.TrustedKey = key;
            Assert.Equal("churned_next_90d", TrainedPrediction.Load(model).Target);
        }
        finally { ModelFile.TrustedKey = null; }
    }

    [Fact]
    public void A_bad_key_file_is_an_argument_error_naming_it()
    {
        string folder = RunnerProcess.TempFolder();
        string bad = Path.Combine(folder, "bad.pem");
        File.WriteAllText(bad, "not a key");
        var run = RunnerProcess.Run("sign", "--model", small.CopyOfModel(), "--private-key", bad);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--private-key", run.Error);
        Assert.Contains("bad.pem", run.Error);
    }
}
