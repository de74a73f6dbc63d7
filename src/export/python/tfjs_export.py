"""Trained weights back in the lab's format: model.json (the lab's own topology, carried in the manifest) and
weights.bin (float32, in the order of its weight specs), loadable by tf.loadLayersModel and the lab's model import.
Conv kernels go from torch OIHW back to tfjs HWIO, dense kernels from [out, in] to [in, out]."""
import json
import os

import numpy as np


def to_tfjs(value, shape):
    v = value.detach().cpu().float()
    if v.dim() == 4:
        v = v.permute(2, 3, 1, 0)
    elif v.dim() == 2:
        v = v.t()
    if list(v.shape) != list(shape):
        raise ValueError(f"torch shape {list(value.shape)} does not map to the tfjs shape {shape}")
    return v.contiguous().numpy().astype("<f4")


def write_tfjs(model, folder, template, index_path):
    """@param template manifest['tfjs']: modelTopology, weightSpecs, userDefinedMetadata; index_path: weights.json."""
    with open(index_path) as f:
        index = json.load(f)
    os.makedirs(folder, exist_ok=True)
    state = model.state_dict()
    torch_name = {e["tfjs"]: e["torch"] for e in index}
    parts = []
    for spec in template["weightSpecs"]:
        if spec["name"] not in torch_name:
            raise KeyError(f"the lab's weight {spec['name']} has no torch parameter in weights.json")
        parts.append(to_tfjs(state[torch_name[spec["name"]]], spec["shape"]))
    with open(os.path.join(folder, "weights.bin"), "wb") as f:
        f.write(np.concatenate([p.reshape(-1) for p in parts]).tobytes() if parts else b"")
    model_json = {
        "format": "layers-model",
        "generatedBy": template.get("generatedBy"),
        "convertedBy": "Triplet Lab train.py",
        "modelTopology": template["modelTopology"],
        "weightsManifest": [{"paths": ["weights.bin"], "weights": template["weightSpecs"]}],
    }
    if template.get("userDefinedMetadata") is not None:
        model_json["userDefinedMetadata"] = template["userDefinedMetadata"]
    with open(os.path.join(folder, "model.json"), "w") as f:
        json.dump(model_json, f)
