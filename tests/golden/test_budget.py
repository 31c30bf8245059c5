"""Memory needs, START checks and the storage budget of the presets and the chip."""
from dataclasses import replace

import pytest

from golden import budget, config
from golden.config import HwConfig, LayerKeep, ModelShape

KIB = 8 * 1024


def test_tedlium_is_288_kib_of_weights():
    p = config.preset("tedlium")
    s = budget.storage(p.shape, p.hw)
    assert s.weight_bits == 288 * KIB
    assert s.t2_bits == 6144 * 3 and s.t1_bits == 384 * 4 and s.bias_bits == 12 * KIB
    assert round(100 * s.index_bits / s.weight_bits, 2) == 0.85
    assert budget.needs(p.shape, p.hw) == budget.Needs(wmem=6144, t2mem=6144, t1mem=384, bmem=384)


def test_timit_is_two_thirds():
    p = config.preset("timit")
    assert budget.storage(p.shape, p.hw).weight_bits == 192 * KIB


@pytest.mark.parametrize("name", sorted(config.PRESETS))
def test_presets_fit_their_builds(name):
    p = config.preset(name)
    assert budget.start_errors(p.shape, p.hw) == {}


def _shape(layers=2, isize=64, hsize=64, keep=(1, 2, 1, 2)):
    return ModelShape(layers, isize, hsize, (LayerKeep(*keep),) * layers)


TINY = config.preset("tiny").hw


@pytest.mark.parametrize("shape,errs", [
    (_shape(layers=3), {"LAYERS": "CFG_LAYERS=3 is outside 1 .. MAX_LAYERS=2"}),
    (_shape(layers=0), {"LAYERS": "CFG_LAYERS=0 is outside 1 .. MAX_LAYERS=2"}),
    (_shape(isize=48), {"ISIZE": "CFG_ISIZE=48: allowed a multiple of 32 in 32 .. MAX_I=64"}),
    (_shape(hsize=96), {"HSIZE": "CFG_HSIZE=96: allowed a multiple of 32 in 32 .. MAX_H=64"}),
    (_shape(keep=(3, 2, 1, 2)), {"KEEP": "layer 0 K1_IH=3 outside 1 .. 2; layer 1 K1_IH=3 outside 1 .. 2"}),
    (_shape(keep=(1, 0, 1, 9)), {"KEEP": None}),
    (_shape(keep=(2, 8, 2, 8)), {}),
    (_shape(keep=(2, 8, 2, 8), isize=32), {"KEEP": "layer 0 K1_IH=2 outside 1 .. 1"}),
])
def test_start_errors(shape, errs):
    got = budget.start_errors(shape, TINY)
    assert set(got) == set(errs)
    for k, v in errs.items():
        if v is not None:
            assert got[k] == v


def test_mem_error_only_for_an_otherwise_legal_configuration():
    hw = HwConfig(2, 64, 64, 16, 2048, 8)
    assert budget.start_errors(_shape(keep=(2, 8, 2, 8)), hw) == {
        "MEM": "weights need 4096 wmem words, WMEM_DEPTH=2048; tier-1 index needs 16 entries, T1_DEPTH=8"}
    assert set(budget.start_errors(_shape(layers=3, keep=(2, 8, 2, 8)), hw)) == {"LAYERS"}


def test_check_raises_config_error():
    with pytest.raises(config.ConfigError, match="does not fit the build: CFG_LAYERS=3"):
        budget.check(_shape(layers=3), TINY)



def _pp(k1, k2, b):
    """Bit b's partial product of k1 * k2, as hcgs_cfg_check sums it."""
    return (k1 << b) if k2 >> b & 1 else 0


def _short_counts(b):
    """Each way of counting bit b's partial product short: shifted right, dropped, subtracted."""
    rest = lambda k1, k2: sum(_pp(k1, k2, c) for c in range(4) if c != b)
    out = {"dropped": rest, "subtracted": lambda k1, k2: rest(k1, k2) - _pp(k1, k2, b)}
    if b:                                                 # k1 >> 0 is k1 << 0
        out["shifted right"] = lambda k1, k2: rest(k1, k2) + ((k1 >> b) if k2 >> b & 1 else 0)
    return out


@pytest.mark.parametrize("build", ("tiny-smallmem", "small", "timit"))
def test_term_overflows_tell_every_partial_product(build):
    """Each shape of term_overflows is refused (MEM alone) with the true sum, and fits the
    weight memory when its bit's partial product is counted short, so a START check that
    miscounts that bit lets it through."""
    hw = config.PRESETS[build.split("-")[0]].hw
    if build.endswith("smallmem"):
        hw = replace(hw, wmem_depth=1024, t1_depth=10)   # tests/sim/test_unit.py::test_axil's build
    full = lambda k1, k2: sum(_pp(k1, k2, c) for c in range(4))
    for key, s in budget.term_overflows(hw).items():
        assert s is not None, f"{key}: no shape for this build"
        ih = key.startswith("K2_IH")
        b = int(key.split()[-1])
        assert set(budget.start_errors(s, hw)) == {"MEM"}, (key, s)
        assert (s.keep[0].k2_ih if ih else s.keep[0].k2_hh) >> b & 1, (key, s)
        words = lambda t_ih, t_hh, s=s: hw.wps * sum(s.hsize // config.B2 * (t_ih(kk.k1_ih, kk.k2_ih)
                                                                           + t_hh(kk.k1_hh, kk.k2_hh))
                                                   for kk in s.keep[:s.layers])
        assert words(full, full) == budget.needs(s, hw).wmem
        for what, short in _short_counts(b).items():
            got = words(short, full) if ih else words(full, short)
            assert got <= hw.wmem_depth, f"{key} {what}: {got} words still overflow WMEM_DEPTH={hw.wmem_depth}"
