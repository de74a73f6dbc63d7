"""The package's manifest and data: the format check and the image hashes train.py runs before it trains.

Each packaged image carries the lab's FNV-1a 64 hash of its stored pixels (src/data/hash.ts), so a data folder that
was edited, truncated or swapped is named file by file instead of training on something else than the lab's run.
"""
import json
import os

import numpy as np
import torch

FORMAT = 2
FNV_OFFSET = np.uint64(0xCBF29CE484222325)
FNV_PRIME = np.uint64(0x100000001B3)


def read_manifest(folder):
    """manifest.json of the package; exits with a message naming both versions when the format is another."""
    with open(os.path.join(folder, "manifest.json")) as f:
        manifest = json.load(f)
    found = manifest.get("format")
    if found != FORMAT:
        lab = manifest.get("labVersion", "unknown")
        if isinstance(found, int) and found < FORMAT:
            advice = "it comes from an older lab: export the run again from this lab"
        else:
            advice = "it comes from a newer lab: use the train.py of that package, or update this one"
        raise SystemExit(f"manifest.json is package format {found} (Triplet Lab {lab}); this train.py reads format "
                         f"{FORMAT}: {advice}.")
    return manifest


def raw(folder, path, dtype, shape):
    return torch.from_numpy(np.fromfile(os.path.join(folder, path), dtype=dtype).reshape(shape))


def fnv1a64(rows):
    """FNV-1a 64 of each row of a [N, L] uint8 array as 16 hex digits, byte after byte across all rows at once."""
    h = np.full(rows.shape[0], FNV_OFFSET, dtype=np.uint64)
    columns = np.ascontiguousarray(rows.T).astype(np.uint64)
    with np.errstate(over="ignore"):
        for column in columns:
            h ^= column
            h *= FNV_PRIME
    return [f"{int(v):016x}" for v in h]


def load_images(folder, manifest):
    """[N, S, S, C] uint8 pixels and [N] int64 labels of data/, checked against the manifest's hashes."""
    data, prep = manifest["data"], manifest["preprocessing"]
    shape = (prep["size"], prep["size"], prep["channels"])
    per_image = shape[0] * shape[1] * shape[2]
    pixel_path = os.path.join(folder, data["pixels"])
    found = os.path.getsize(pixel_path) if os.path.exists(pixel_path) else 0
    if found != data["images"] * per_image:
        raise SystemExit(f"{data['pixels']} holds {found} bytes, the manifest's {data['images']} images of "
                         f"{'x'.join(map(str, shape))} need {data['images'] * per_image}: the data folder is not this run's")
    flat = np.fromfile(pixel_path, dtype=np.uint8).reshape(data["images"], per_image)
    hashes = data.get("hashes")
    if hashes is not None:
        names = data.get("names") or [f"image {i}" for i in range(len(hashes))]
        bad = [names[i] for i, h in enumerate(fnv1a64(flat)) if h != hashes[i]]
        if bad:
            shown = ", ".join(bad[:10]) + (f" and {len(bad) - 10} more" if len(bad) > 10 else "")
            raise SystemExit(f"{len(bad)} image(s) of the data folder differ from the manifest's hashes: {shown}. "
                             "Export the run again, or restore those files.")
    labels = raw(folder, data["labels"], np.int32, (-1,)).long()
    pixels = torch.from_numpy(flat.reshape((data["images"],) + shape))
    return pixels, labels
