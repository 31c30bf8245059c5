"""HCGS masks: balance, density, reproducibility, index round trip, rejection messages."""
import numpy as np
import pytest

from golden import hcgs

CASES = [(32, 32, 1, 1), (32, 32, 1, 8), (64, 96, 2, 3), (128, 64, 2, 8), (96, 512, 4, 2),
         (512, 512, 4, 2), (64, 128, 4, 8), (32, 160, 3, 5)]


@pytest.mark.parametrize("rows,cols,k1,k2", CASES)
@pytest.mark.parametrize("seed", range(6))
def test_random_mask_is_balanced(rows, cols, k1, k2, seed):
    m = hcgs.random_mask(rows, cols, k1, k2, seed)
    assert m.shape == (rows, cols) and m.dtype == bool
    assert (m.sum(axis=1) == k1 * k2 * 4).all()
    assert m.mean() == pytest.approx(hcgs.density(cols, k1, k2))
    blocks = m.reshape(rows // 32, 32, cols // 32, 32).any(axis=(1, 3))
    assert (blocks.sum(axis=1) == k1).all()
    subs = m.reshape(rows // 4, 4, cols // 4, 4).sum(axis=(1, 3))
    assert set(np.unique(subs)) <= {0, 16}
    p = hcgs.from_mask(m)
    assert (p.k1, p.k2) == (k1, k2)
    assert np.array_equal(p.to_mask(), m)
    assert (np.diff(p.t1, axis=-1) > 0).all() and (np.diff(p.t2, axis=-1) > 0).all()


def test_same_seed_same_mask_other_seed_other_mask():
    a, b = hcgs.random_mask(128, 128, 2, 2, 7), hcgs.random_mask(128, 128, 2, 2, 7)
    assert np.array_equal(a, b)
    assert not np.array_equal(a, hcgs.random_mask(128, 128, 2, 2, 8))


def test_tier2_choice_differs_per_sub_block_row_and_block():
    p = hcgs.random_pattern(512, 512, 4, 2, np.random.default_rng(0))
    assert len({tuple(x) for x in p.t2.reshape(-1, 2)}) > 20


def test_choices_are_uniform():
    # Each of the 8 block-columns and each of the 8 sub-block-columns is kept about equally often.
    p = hcgs.random_pattern(32 * 400, 256, 2, 3, np.random.default_rng(3))
    t1 = np.bincount(p.t1.ravel(), minlength=8) / p.t1.size
    t2 = np.bincount(p.t2.ravel(), minlength=8) / p.t2.size
    assert np.abs(t1 - 1 / 8).max() < 0.02 and np.abs(t2 - 1 / 8).max() < 0.01


def test_dense_pattern():
    m = hcgs.random_mask(64, 96, 3, 8, 0)
    assert m.all()
    assert (hcgs.from_mask(np.ones((64, 96), bool)).k1, hcgs.from_mask(np.ones((64, 96), bool)).k2) == (3, 8)


@pytest.mark.parametrize("args,msg", [
    ((32, 64, 3, 1), r"K1=3 must be in 1 \.\. 2"),
    ((32, 64, 0, 1), r"K1=0 must be in 1 \.\. 2"),
    ((32, 64, 1, 9), r"K2=9 must be in 1 \.\. 8"),
    ((32, 64, 1, 0), r"K2=0 must be in 1 \.\. 8"),
    ((40, 64, 1, 1), r"rows=40 must be a positive multiple of 32"),
    ((32, 440, 1, 1), r"cols=440 must be a positive multiple of 32"),
    ((0, 64, 1, 1), r"rows=0"),
])
def test_illegal_parameters(args, msg):
    with pytest.raises(hcgs.MaskError, match=msg):
        hcgs.random_mask(*args, seed=0)


def _good():
    return hcgs.random_pattern(64, 96, 2, 3, np.random.default_rng(1))


def test_reject_partly_kept_sub_block():
    m = _good().to_mask()
    m[5, 0] = ~m[5, 0]
    with pytest.raises(hcgs.MaskError, match=r"sub-block at rows 4\.\.7, cols 0\.\.3 is partly kept \((1|15) of 16\)"):
        hcgs.from_mask(m, "mask_ih_l0")


def test_reject_unbalanced_tier1():
    m = hcgs.random_pattern(96, 96, 2, 3, np.random.default_rng(1)).to_mask()
    m[32:64] = False
    m[32:64, 0:32] = hcgs.random_mask(32, 32, 1, 3, 0)
    want = r"mask_hh_l1: block-row 1 \(rows 32\.\.63\) keeps 1 tier-1 block\(s\), expected K1=2"
    with pytest.raises(hcgs.MaskError, match=want):
        hcgs.from_mask(m, "mask_hh_l1")


def test_reject_unbalanced_tier2():
    p = _good()
    m = p.to_mask()
    c = p.t1[1, 0] * 32 + p.t2[1, 0, 2, 0] * 4
    m[40:44, c:c + 4] = False
    with pytest.raises(hcgs.MaskError, match=rf"block-row 1, tier-1 block-column {p.t1[1, 0]}, sub-block-row 2 "
                                             r"\(rows 40\.\.43\) keeps 2 sub-block\(s\), expected K2=3"):
        hcgs.from_mask(m)


@pytest.mark.parametrize("mask,msg", [
    (np.zeros((64, 64), bool), "keeps no tier-1 block"),
    (np.ones((64, 60), bool), r"cols must be a positive multiple of 32"),
    (np.ones((64,), bool), "expected a 2-D mask"),
    (np.full((32, 32), 2), "boolean"),
    (np.full((32, 32), "x"), "boolean"),
])
def test_reject_malformed(mask, msg):
    with pytest.raises(hcgs.MaskError, match=msg):
        hcgs.from_mask(mask)


def test_zero_one_integer_mask_accepted():
    m = _good().to_mask()
    assert np.array_equal(hcgs.from_mask(m.astype(np.int8)).to_mask(), m)
