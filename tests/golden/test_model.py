"""Model files: save/load round trip, padding, and one clear error per kind of malformed file."""
import numpy as np
import pytest

from golden import config, hcgs, model
from golden.config import LayerKeep, ModelShape
from golden.model import ModelError

SHAPE = ModelShape(2, 64, 32, (LayerKeep(1, 2, 1, 4), LayerKeep(1, 8, 1, 1)), raw_isize=40)


def _arrays(**changes):
    a = model.to_arrays(model.random_model(SHAPE, 0))
    for k, v in changes.items():
        if v is None:
            del a[k]
        else:
            a[k] = v
    return a


def _save(tmp_path, arrays):
    p = tmp_path / "m.npz"
    np.savez(p, **arrays)
    return p


def test_round_trip_and_padding(tmp_path):
    m = model.random_model(SHAPE, 0)
    assert (m.isize, m.raw_isize, m.hsize, len(m.layers)) == (64, 40, 32, 2)
    assert not m.layers[0].weight_ih[:, 40:].any()
    p = tmp_path / "m.npz"
    model.save_npz(m, p)
    with np.load(p) as f:
        assert f["weight_ih_l0"].shape == (128, 40) and f["mask_ih_l0"].shape == (32, 64)
    back = model.load_npz(p)
    assert back.shape() == m.shape() == SHAPE
    for a, b in zip(m.layers, back.layers):
        for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh", "mask_ih", "mask_hh"):
            assert np.array_equal(getattr(a, name), getattr(b, name))


def test_random_model_is_reproducible():
    a, b = model.random_model(SHAPE, 3), model.random_model(SHAPE, 3)
    assert np.array_equal(a.layers[1].weight_hh, b.layers[1].weight_hh)
    assert not np.array_equal(a.layers[1].weight_hh, model.random_model(SHAPE, 4).layers[1].weight_hh)
    masks = model.random_masks(SHAPE, 3)
    assert np.array_equal(masks[1][0], a.layers[1].mask_ih)


def test_timit_pads_440_to_512():
    p = config.preset("timit")
    m = model.random_model(p.shape, 0)
    assert (m.raw_isize, m.isize) == (440, 512)
    assert m.shape() == p.shape
    assert m.pad_input(np.ones((3, 440))).shape == (3, 512)


def test_raw_width_masks_are_padded_to_the_next_multiple_of_32(tmp_path):
    a = _arrays()
    a["mask_ih_l0"] = a["mask_ih_l0"][:, :40]
    a["mask_ih_l0"][:] = False
    a["mask_ih_l0"][:, :32] = hcgs.random_mask(32, 32, 1, 3, 0)
    m = model.load_npz(_save(tmp_path, a))
    assert m.isize == 64 and m.shape().keep[0] == LayerKeep(1, 3, 1, 4)


def test_masks_are_optional(tmp_path):
    a = {k: v for k, v in _arrays().items() if not k.startswith("mask")}
    m = model.load_npz(_save(tmp_path, a))
    assert not m.has_masks and m.isize == 64
    with pytest.raises(ModelError, match="no masks: make them with `python -m golden mask`"):
        m.shape()
    assert model.from_arrays(model.to_arrays(m.with_masks(model.random_masks(SHAPE, 1)))).has_masks


def test_pad_input_errors():
    m = model.random_model(SHAPE, 0)
    with pytest.raises(ModelError, match=r"input has 41 features per frame, the model takes 40 \(padded to 64\) or 64"):
        m.pad_input(np.zeros((2, 41)))


H4 = 4 * 32
BAD = [
    ({"weight_hh_l1": None}, "weight_hh_l1 is missing"),
    ({"bias_ih_l0": None}, "bias_ih_l0 is missing"),
    ({"weight_ih_l3": np.zeros((H4, 32))}, r"weight_hh_l2 is missing|weight_ih_l2 is missing"),
    ({"weight_ih_l1": np.zeros((H4, 33))}, r"weight_ih_l1: expected shape \(128, 32\), got \(128, 33\)"),
    ({"weight_hh_l1": np.zeros((H4, 64))}, r"weight_hh_l1: expected shape \(128, 32\), got \(128, 64\)"),
    ({"weight_hh_l0": np.zeros((100, 32))}, r"weight_hh_l0: expected shape \(4H, H\), got \(100, 32\)"),
    ({"weight_hh_l0": np.zeros((160, 40))}, r"hidden size H=40 must be a positive multiple of 32"),
    ({"weight_ih_l0": np.zeros((H4 + 4, 40))}, r"weight_ih_l0: expected shape \(128, I\) for H=32, got \(132, 40\)"),
    ({"bias_hh_l1": np.zeros(H4 + 1)}, r"bias_hh_l1: expected shape \(128,\), got \(129,\)"),
    ({"weight_hh_l0": np.zeros((H4, 32), dtype=np.int32)},
     r"weight_hh_l0: expected a floating-point array, got dtype int32"),
    ({"bias_ih_l1": np.full(H4, np.nan)}, r"bias_ih_l1: has 128 non-finite values"),
    ({"weight_ih_l0": np.full((H4, 40), np.inf)}, r"weight_ih_l0: has 5120 non-finite values"),
    ({"foo": np.zeros(3)}, r"unexpected array 'foo': allowed names are weight_ih, weight_hh"),
    ({"weight_ih_l0_reverse": np.zeros(3)}, r"unexpected array 'weight_ih_l0_reverse'"),
    ({"mask_hh_l1": None}, r"mask_hh_l1 is missing: masks are given for every matrix of every layer or for none"),
    ({"mask_hh_l0": np.zeros((32, 32), bool)}, r"not an HCGS mask: mask_hh_l0: keeps no tier-1 block"),
    ({"mask_hh_l0": np.eye(32, dtype=bool)},
     r"not an HCGS mask: mask_hh_l0: the 4x4 sub-block at rows 0\.\.3, cols 0\.\.3 is partly kept \(4 of 16\)"),
    ({"mask_hh_l0": np.ones((32, 64), bool)}, r"mask_hh_l0: expected shape \(32, 32\), got \(32, 64\)"),
    ({"mask_ih_l0": np.ones((32, 50), bool)}, r"mask_ih_l0: expected shape \(32, 40\) or \(32, 64\), got \(32, 50\)"),
    ({"mask_ih_l1": np.full((32, 32), 0.5)}, r"mask_ih_l1: expected a boolean \(or 0/1\) mask, got dtype float64"),
]


@pytest.mark.parametrize("changes,msg", BAD, ids=[m[:40] for _, m in BAD])
def test_malformed_files(tmp_path, changes, msg):
    p = _save(tmp_path, _arrays(**changes))
    with pytest.raises(ModelError, match=msg) as e:
        model.load_npz(p)
    assert str(e.value).startswith(f"{p}: ")


def test_not_an_archive(tmp_path):
    text = tmp_path / "t.npz"
    text.write_text("hello\n")
    with pytest.raises(ModelError, match="not a readable .npz archive"):
        model.load_npz(text)
    single = tmp_path / "s.npy"
    np.save(single, np.zeros(3))
    with pytest.raises(ModelError, match="holds a single array, expected a .npz archive of named arrays"):
        model.load_npz(single)
    pickled = tmp_path / "o.npz"
    np.savez(pickled, weight_ih_l0=np.array([{"a": 1}], dtype=object))
    with pytest.raises(ModelError, match="cannot be read without unpickling"):
        model.load_npz(pickled)
    empty = tmp_path / "e.npz"
    np.savez(empty)
    with pytest.raises(ModelError, match="no arrays: expected weight_ih_l0"):
        model.load_npz(empty)


def test_random_model_rejects_bad_padding():
    with pytest.raises(ModelError, match="padded size must be a multiple of 32"):
        model.random_model(ModelShape(1, 32, 32, (LayerKeep(1, 1, 1, 1),), raw_isize=40), 0)
