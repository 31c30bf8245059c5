"""Memory needs, START checks and the storage budget of the presets and the chip."""
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
