"""Stream beats (contract section 7) and probe trace lines (section 11)."""
import numpy as np
import pytest

from golden import fixed, model, quant, stream
from golden.config import LayerKeep, ModelShape

SHAPE = ModelShape(2, 64, 32, (LayerKeep(1, 2, 1, 4),) * 2)


@pytest.fixture(scope="module")
def run():
    q = quant.quantise_model(model.random_model(SHAPE, 0))
    x = quant.quantise_input(np.random.default_rng(0).normal(size=(2, 3, 64)) * 3)
    return x, fixed.run(q, x)


def test_pack_beat():
    assert stream.pack_beat([1, -1, 4095, -4096]) == 0xF000_0FFF_FFFF_0001
    assert stream.unpack_beat(0xF000_0FFF_FFFF_0001) == [1, -1, 4095, -4096]
    assert stream.unpack_beat(0x1FFF) == [-1, 0, 0, 0]          # bits 15:13 ignored


def test_input_beats(run):
    x, _ = run
    beats = stream.input_beats(x)
    assert len(beats) == 6 * 16
    assert [b.tuser for b in beats[::16]] == [1, 0, 0, 1, 0, 0]
    assert [i for i, b in enumerate(beats) if b.tlast] == [16 * k + 15 for k in range(6)]
    assert stream.unpack_beat(beats[17].tdata) == x[0, 1, 4:8].tolist()
    starts = np.array([True, False, True])
    assert [b.tuser for b in stream.input_beats(x[0], starts)[::16]] == [1, 0, 1]


def test_output_beats_last_layer(run):
    _, res = run
    beats = stream.output_beats(res)
    assert len(beats) == 6 * 8 and {b.tuser for b in beats} == {1}
    assert [i for i, b in enumerate(beats) if b.tlast] == [8 * k + 7 for k in range(6)]
    got = np.array([stream.unpack_beat(b.tdata) for b in beats]).reshape(2, 3, 32)
    assert np.array_equal(got, res.h)
    assert all(b.tdata >> 16 * k & 0xE000 in (0, 0xE000) for b in beats for k in range(4))  # sign-extended


def test_output_beats_all_layers(run):
    _, res = run
    beats = stream.output_beats(res, out_all=True)
    assert len(beats) == 6 * 16
    assert [b.tuser for b in beats[:16]] == [0] * 8 + [1] * 8
    assert [i for i, b in enumerate(beats) if b.tlast] == [16 * k + 15 for k in range(6)]
    assert stream.unpack_beat(beats[0].tdata) == res.layers[0].h[0, 0, :4].tolist()
    bare = fixed.Result(res.h_layers, (), res.seq_start)
    assert stream.output_beats(bare, out_all=True) == beats
    with pytest.raises(ValueError, match="intermediates"):
        stream.trace_lines(bare)


def test_trace_lines(run):
    _, res = run
    lines = stream.trace_lines(res, first_frame=10)
    assert len(lines) == 6 * 2 * 32
    f = lines[32 + 5].split()                         # frame 10, layer 1, cell 5
    l1 = res.layers[1]
    assert f == [str(v) for v in [10, 1, 5, *l1.z[0, 0, :, 5], *l1.act[0, 0, :, 5], l1.c[0, 0, 5], l1.h[0, 0, 5]]]
    assert lines[-1].split()[:3] == ["15", "1", "31"]
    assert stream.first_trace_mismatch(lines, lines) is None
    bad = list(lines)
    fields = bad[70].split()
    fields[9] = str(int(fields[9]) + 1)               # gate g of frame 11, layer 0, cell 6
    bad[70] = " ".join(fields)
    msg = stream.first_trace_mismatch(lines, bad)
    assert msg.startswith("line 71: frame 11 layer 0 cell 6: got vs expected: g ")
    assert stream.first_trace_mismatch(lines, lines[:-1]) == f"{len(lines) - 1} trace lines, expected {len(lines)}"
