using System.Security.Cryptography;
using Foundations.Training;

namespace Foundations.Runner;

/// <summary>`foundations sign`: signs a model file's manifest with the bank's ECDSA P-256 private key (PEM).</summary>
public static class SignCommand
{
    /// <summary>Runs the command; returns an <see cref="ExitCodes"/> value.</summary>
    public static int Run(string model, string key)
    {
        using var privateKey = ReadKey(key, "--private-key");
        ModelFile.Sign(model, privateKey);
        Console.WriteLine($"Signed {model}: scoring with --public-key checks the signature.");
        return ExitCodes.Done;
    }

    /// <summary>An ECDSA key read from a PEM file; an unreadable one is an argument error naming the option and file.</summary>
    internal static ECDsa ReadKey(string path, string option)
    {
        if (!File.Exists(path)) throw new ArgumentException($"{option}: no key file at '{path}'.");
        var key = ECDsa.Create();
        try { key.ImportFromPem(File.ReadAllText(path)); }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new ArgumentException($"{option} '{path}': not an ECDSA key in PEM form ({e.Message.TrimEnd('.')}). Create one with: openssl ecparam -name prime256v1 -genkey -noout -out key.pem");
        }
        return key;
    }
}
