"""The float model: parameters per layer, random models, `.npz` files with PyTorch names.

Arrays follow `torch.nn.LSTM.state_dict()`: `weight_ih_l{k}` (4H, I_k), `weight_hh_l{k}`
(4H, H), `bias_ih_l{k}`, `bias_hh_l{k}` (4H,), gate order i, f, g, o; plus the HCGS masks
`mask_ih_l{k}` (H, I_k) and `mask_hh_l{k}` (H, H), shared by the four gates.
An input size that is not a multiple of 32 is zero-padded (weights, masks, inputs with
`pad_input`) to the padded size ISIZE: the width of the masks when they are at least as
wide as the weights (the chip's 440 inputs pad to 512), else the next multiple of 32.
Files hold the weights at the model's input size and the masks at ISIZE.
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import hcgs
from .config import B1, LayerKeep, ModelShape

GATES = 4
PARAMS = ("weight_ih", "weight_hh", "bias_ih", "bias_hh")
MASKS = ("mask_ih", "mask_hh")
_NAME = re.compile(r"^(weight_ih|weight_hh|bias_ih|bias_hh|mask_ih|mask_hh)_l(\d+)$")
#: Arrays a model file may carry for the host, not the accelerator (contract section 12: the
#: off-chip classifier and the front end's normalisation of a speech model). The LSTM tools
#: skip them; `speech.modelfile` reads and checks them.
HOST_ARRAYS = ("classifier_weight", "classifier_bias", "feature_mean", "feature_std", "frontend")


class ModelError(ValueError):
    """A malformed model or model file; the message names the array and what was expected."""


def padded(n: int) -> int:
    """`n` rounded up to a multiple of 32."""
    return -(-n // B1) * B1


@dataclass(frozen=True)
class Layer:
    weight_ih: np.ndarray          # (4H, I_l) float64, I_l padded
    weight_hh: np.ndarray          # (4H, H)
    bias_ih: np.ndarray            # (4H,)
    bias_hh: np.ndarray            # (4H,)
    mask_ih: np.ndarray | None     # (H, I_l) bool
    mask_hh: np.ndarray | None     # (H, H) bool


@dataclass(frozen=True)
class Model:
    layers: tuple[Layer, ...]
    raw_isize: int                 # input size before padding

    @property
    def isize(self) -> int:
        return self.layers[0].weight_ih.shape[1]

    @property
    def hsize(self) -> int:
        return self.layers[0].weight_hh.shape[1]

    @property
    def has_masks(self) -> bool:
        return self.layers[0].mask_ih is not None

    def patterns(self) -> list[tuple[hcgs.Pattern, hcgs.Pattern]]:
        """(W_ih, W_hh) patterns of every layer; ModelError when the model has no masks."""
        if not self.has_masks:
            raise ModelError("the model has no masks: make them with `python -m golden mask`")
        return [(hcgs.from_mask(l.mask_ih, f"mask_ih_l{k}"), hcgs.from_mask(l.mask_hh, f"mask_hh_l{k}"))
                for k, l in enumerate(self.layers)]

    def shape(self) -> ModelShape:
        """The run-time configuration of this model (keep counts from its masks)."""
        keep = tuple(LayerKeep(pi.k1, pi.k2, ph.k1, ph.k2) for pi, ph in self.patterns())
        return ModelShape(len(self.layers), self.isize, self.hsize, keep, self.raw_isize)

    def pad_input(self, x) -> np.ndarray:
        """Inputs (..., raw_isize or isize) as float64 (..., isize)."""
        return pad_input(x, self.raw_isize, self.isize)

    def with_masks(self, masks) -> "Model":
        """A copy with these masks [(mask_ih, mask_hh), ...], checked; their width sets ISIZE."""
        if len(masks) != len(self.layers):
            raise ModelError(f"{len(masks)} mask pairs given for {len(self.layers)} layers")
        arrays = to_arrays(self)
        for k, (mi, mh) in enumerate(masks):
            arrays[f"mask_ih_l{k}"], arrays[f"mask_hh_l{k}"] = mi, mh
        return from_arrays(arrays)


def random_masks(shape: ModelShape, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Masks of every layer (W_ih then W_hh, layer by layer) from `default_rng(seed)`."""
    rng = np.random.default_rng(seed)
    out = []
    for k, kk in enumerate(shape.keep[:shape.layers]):
        pi = hcgs.random_pattern(shape.hsize, shape.cols(k, "ih"), kk.k1_ih, kk.k2_ih, rng, f"mask_ih_l{k}")
        ph = hcgs.random_pattern(shape.hsize, shape.hsize, kk.k1_hh, kk.k2_hh, rng, f"mask_hh_l{k}")
        out.append((pi.to_mask(), ph.to_mask()))
    return out


def random_model(shape: ModelShape, seed: int, gain: float = 1.0) -> Model:
    """A random model of `shape` with masks `random_masks(shape, seed)`.

    Weights are uniform with variance gain^2 / (kept weights per row of W_ih and W_hh),
    so a gate's pre-activation has about unit scale for unit-scale inputs, then clipped to
    the 6-bit range [-1, 31/32]; biases uniform in [-0.5, 0.5). Drawn from
    `default_rng([seed, 1])`, independent of the masks' stream.
    """
    raw = shape.raw_isize or shape.isize
    if len(shape.keep) < shape.layers:
        raise ModelError(f"shape has {len(shape.keep)} keep settings for {shape.layers} layers")
    if shape.isize % B1 or not 1 <= raw <= shape.isize:
        raise ModelError(f"input size {raw} padded to {shape.isize}: the padded size must be a multiple "
                         f"of {B1} and not below the input size")
    masks = random_masks(shape, seed)
    rng = np.random.default_rng([seed, 1])
    h = shape.hsize
    arrays = {}
    for k, (mi, mh) in enumerate(masks):
        a = gain * np.sqrt(3.0 / (mi[0].sum() + mh[0].sum()))
        arrays[f"weight_ih_l{k}"] = np.clip(rng.uniform(-a, a, (GATES * h, raw if k == 0 else h)), -1.0, 31 / 32)
        arrays[f"weight_hh_l{k}"] = np.clip(rng.uniform(-a, a, (GATES * h, h)), -1.0, 31 / 32)
        arrays[f"bias_ih_l{k}"] = rng.uniform(-0.5, 0.5, GATES * h)
        arrays[f"bias_hh_l{k}"] = rng.uniform(-0.5, 0.5, GATES * h)
        arrays[f"mask_ih_l{k}"], arrays[f"mask_hh_l{k}"] = mi, mh
    return from_arrays(arrays)


def pad_input(x, raw_isize: int, isize: int) -> np.ndarray:
    """Inputs (..., raw_isize) as float64, zero-padded to (..., isize); (..., isize) pass through."""
    x = np.asarray(x, dtype=np.float64)
    n = x.shape[-1] if x.ndim else 0
    if n == isize:
        return x
    if n != raw_isize:
        allowed = f"{raw_isize} (padded to {isize}) or {isize}" if raw_isize != isize else str(isize)
        raise ModelError(f"input has {n} features per frame, the model takes {allowed}")
    return np.concatenate([x, np.zeros(x.shape[:-1] + (isize - n,))], axis=-1)


def _float(name: str, a: np.ndarray, shape: tuple) -> np.ndarray:
    if a.dtype.kind != "f":
        raise ModelError(f"{name}: expected a floating-point array, got dtype {a.dtype}")
    if a.shape != shape:
        raise ModelError(f"{name}: expected shape {shape}, got {a.shape}")
    if not np.isfinite(a).all():
        raise ModelError(f"{name}: has {int((~np.isfinite(a)).sum())} non-finite values (nan or inf)")
    return a.astype(np.float64)


def _mask(name: str, a: np.ndarray, rows: int, cols: int, raw: int) -> np.ndarray:
    """The (rows, cols) bool mask of `a`, which may be `raw` wide (then zero-padded)."""
    widths = (cols,) if raw == cols else (raw, cols)
    if a.ndim != 2 or a.shape[0] != rows or a.shape[1] not in widths:
        want = " or ".join(str((rows, w)) for w in widths)
        raise ModelError(f"{name}: expected shape {want}, got {a.shape}")
    if a.dtype != bool and (a.dtype.kind not in "iuf" or not np.isin(a, (0, 1)).all()):
        raise ModelError(f"{name}: expected a boolean (or 0/1) mask, got dtype {a.dtype}")
    m = np.zeros((rows, cols), dtype=bool)
    m[:, :a.shape[1]] = a.astype(bool)
    try:
        hcgs.from_mask(m, name)
    except hcgs.MaskError as e:
        raise ModelError(f"not an HCGS mask: {e}") from None
    return m


def from_arrays(arrays: dict[str, np.ndarray]) -> Model:
    """A checked model from PyTorch-named arrays (what `load_npz` reads)."""
    layers: dict[int, dict[str, np.ndarray]] = {}
    for name, a in arrays.items():
        if name in HOST_ARRAYS:
            continue
        m = _NAME.match(name)
        if not m:
            raise ModelError(f"unexpected array {name!r}: allowed names are {', '.join(PARAMS + MASKS)} "
                             f"followed by _l<layer> (unidirectional, no projections), and the host's "
                             f"{', '.join(HOST_ARRAYS)}")
        layers.setdefault(int(m.group(2)), {})[m.group(1)] = np.asarray(a)
    if not layers:
        raise ModelError("no arrays: expected weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0, ...")
    n = max(layers) + 1
    for k in range(n):
        missing = [p for p in PARAMS if p not in layers.get(k, {})]
        if missing:
            raise ModelError(f"{missing[0]}_l{k} is missing (layers are numbered 0 .. {n - 1} without gaps, "
                             f"each with {', '.join(PARAMS)})")
    with_masks = [k for k in range(n) for m in MASKS if m in layers[k]]
    if with_masks and len(with_masks) != 2 * n:
        absent = next(f"{m}_l{k}" for k in range(n) for m in MASKS if m not in layers[k])
        raise ModelError(f"{absent} is missing: masks are given for every matrix of every layer or for none")

    w_hh0 = layers[0]["weight_hh"]
    if w_hh0.ndim != 2 or w_hh0.shape[0] != GATES * w_hh0.shape[1]:
        raise ModelError(f"weight_hh_l0: expected shape (4H, H), got {w_hh0.shape}")
    h = w_hh0.shape[1]
    if h < B1 or h % B1:
        raise ModelError(f"weight_hh_l0: hidden size H={h} must be a positive multiple of {B1}")
    w_ih0 = layers[0]["weight_ih"]
    if w_ih0.ndim != 2 or w_ih0.shape[0] != GATES * h or w_ih0.shape[1] < 1:
        raise ModelError(f"weight_ih_l0: expected shape ({GATES * h}, I) for H={h}, got {w_ih0.shape}")
    raw = w_ih0.shape[1]
    isize = padded(raw)
    if with_masks:
        m0 = layers[0]["mask_ih"]
        if m0.ndim == 2 and m0.shape[1] >= raw and m0.shape[1] % B1 == 0:
            isize = m0.shape[1]

    out = []
    for k in range(n):
        a = layers[k]
        cols_raw = raw if k == 0 else h
        cols = isize if k == 0 else h
        w_ih = np.zeros((GATES * h, cols))
        w_ih[:, :cols_raw] = _float(f"weight_ih_l{k}", a["weight_ih"], (GATES * h, cols_raw))
        mask_ih = mask_hh = None
        if with_masks:
            mask_ih = _mask(f"mask_ih_l{k}", a["mask_ih"], h, cols, cols_raw)
            mask_hh = _mask(f"mask_hh_l{k}", a["mask_hh"], h, h, h)
        out.append(Layer(w_ih, _float(f"weight_hh_l{k}", a["weight_hh"], (GATES * h, h)),
                         _float(f"bias_ih_l{k}", a["bias_ih"], (GATES * h,)),
                         _float(f"bias_hh_l{k}", a["bias_hh"], (GATES * h,)), mask_ih, mask_hh))
    return Model(tuple(out), raw)


def to_arrays(model: Model) -> dict[str, np.ndarray]:
    """PyTorch-named arrays: weights at the model's input size, masks at the padded width."""
    arrays = {}
    for k, l in enumerate(model.layers):
        arrays[f"weight_ih_l{k}"] = l.weight_ih[:, :model.raw_isize] if k == 0 else l.weight_ih
        arrays[f"weight_hh_l{k}"] = l.weight_hh
        arrays[f"bias_ih_l{k}"] = l.bias_ih
        arrays[f"bias_hh_l{k}"] = l.bias_hh
        if model.has_masks:
            arrays[f"mask_ih_l{k}"], arrays[f"mask_hh_l{k}"] = l.mask_ih, l.mask_hh
    return arrays


def _read_arrays(path: Path) -> dict[str, np.ndarray]:
    bad = (ValueError, zipfile.BadZipFile, EOFError)
    try:
        f = np.load(path, allow_pickle=False)
    except bad as e:
        raise ModelError(f"{path}: not a readable .npz archive ({e})") from None
    if not isinstance(f, np.lib.npyio.NpzFile):
        raise ModelError(f"{path}: holds a single array, expected a .npz archive of named arrays")
    try:
        with f:
            return {name: f[name] for name in f.files}
    except bad as e:
        raise ModelError(f"{path}: an array cannot be read without unpickling or is damaged ({e})") from None


def read_arrays(path) -> dict[str, np.ndarray]:
    """Every array of a model file (never unpickles); ModelError when it is not an .npz archive."""
    return _read_arrays(Path(path))


def load_npz(path) -> Model:
    """Read and check a model file (never unpickles); host arrays (HOST_ARRAYS) are skipped."""
    path = Path(path)
    arrays = _read_arrays(path)
    try:
        return from_arrays(arrays)
    except ModelError as e:
        raise ModelError(f"{path}: {e}") from None


def save_npz(model: Model, path) -> None:
    np.savez(Path(path), **to_arrays(model))

