"""Command line of the golden model: `python -m golden <command> --help`.

User mistakes (bad files, illegal configurations) end with one line on stderr and
exit code 2; a traceback means a bug.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

from . import budget, export, fixed, float_ref, genrtl, model, quant, stream
from .config import LayerKeep, ModelShape, PRESETS, preset

REPO = Path(__file__).resolve().parent.parent


class UsageError(ValueError):
    """A user mistake in the command's arguments or input files."""


def _uniform_shape(layers: int, isize: int, hsize: int, k1: int, k2: int, pad_to: int | None) -> ModelShape:
    padded = pad_to or model.padded(isize)
    if padded % 32 or padded < isize:
        raise UsageError(f"--pad-to {padded}: must be a multiple of 32 and at least the input size {isize}")
    return ModelShape(layers, padded, hsize, (LayerKeep(k1, k2, k1, k2),) * layers, isize)


def _need(args, names: tuple[str, ...], why: str) -> None:
    missing = [f"--{n.replace('_', '-')}" for n in names if getattr(args, n) is None]
    if missing:
        raise UsageError(f"{why} needs {', '.join(missing)}")


def cmd_mask(args) -> None:
    if args.model is not None:
        m = model.load_npz(args.model)
        if args.config:
            c = preset(args.config).shape
            if (c.layers, c.hsize) != (len(m.layers), m.hsize) or c.isize < m.raw_isize:
                raise UsageError(f"--config {args.config} is {c.layers} x {c.hsize} with {c.isize} inputs; "
                                 f"the model is {len(m.layers)} x {m.hsize} with {m.raw_isize}")
            shape = ModelShape(c.layers, c.isize, c.hsize, c.keep, m.raw_isize)
        else:
            _need(args, ("k1", "k2"), "masks for --model")
            shape = _uniform_shape(len(m.layers), m.raw_isize, m.hsize, args.k1, args.k2, args.pad_to or m.isize)
        out = m.with_masks(model.random_masks(shape, args.seed))
    else:
        if args.config:
            shape = preset(args.config).shape
        else:
            _need(args, ("layers", "isize", "hsize", "k1", "k2"), "a new random model")
            shape = _uniform_shape(args.layers, args.isize, args.hsize, args.k1, args.k2, args.pad_to)
        out = model.random_model(shape, args.seed, gain=args.gain)
    model.save_npz(out, args.out)
    s = out.shape()
    keep = "; ".join(f"l{l} ih K1={k.k1_ih} K2={k.k2_ih}, hh K1={k.k1_hh} K2={k.k2_hh}" for l, k in enumerate(s.keep))
    print(f"wrote {args.out}: {s.layers} layers, I={out.raw_isize} (padded {s.isize}), H={s.hsize}; {keep}")


def _load_input(path: Path) -> np.ndarray:
    try:
        x = np.load(path, allow_pickle=False)
    except ValueError as e:
        raise UsageError(f"{path}: not a readable .npy array ({e})") from None
    if not isinstance(x, np.ndarray):
        raise UsageError(f"{path}: expected a single .npy array, got an archive")
    if x.dtype.kind not in "fiu" or x.ndim not in (2, 3):
        raise UsageError(f"{path}: expected a real array (T, I) or (B, T, I), got {x.dtype} {x.shape}")
    if not np.isfinite(x).all():
        raise UsageError(f"{path}: has non-finite values (nan or inf)")
    return x


def cmd_run(args) -> None:
    if args.trace and args.mode != "fixed":
        raise UsageError("--trace needs --mode fixed")
    m = model.load_npz(args.model)
    x = m.pad_input(_load_input(args.input))
    if args.mode == "float":
        y = float_ref.run(m, x)
    else:
        q = quant.quantise_model(m)
        res = fixed.run(q, quant.quantise_input(x), intermediates=bool(args.trace))
        y = quant.dequantise_h(res.h)
        if args.trace:
            Path(args.trace).write_text("".join(line + "\n" for line in stream.trace_lines(res)))
    np.save(args.out, y)
    print(f"wrote {args.out}: {args.mode} h of layer {len(m.layers) - 1}, shape {y.shape}")


def _budget_rows(name: str, shape: ModelShape, hw) -> list[str]:
    s = budget.storage(shape, hw)
    kib = lambda bits: f"{bits / 8 / 1024:.2f}"
    pct = lambda bits: f"{100 * bits / s.weight_bits:.2f}%"
    return [f"{name:<14} {shape.layers}x{shape.hsize:<5} {shape.isize:>5} {kib(s.weight_bits):>10} "
            f"{kib(s.t1_bits):>8} {kib(s.t2_bits):>8} {pct(s.index_bits):>8} {kib(s.bias_bits):>8}"]


def cmd_budget(args) -> None:
    explicit = [a for a in ("layers", "isize", "hsize", "k1", "k2") if getattr(args, a) is not None]
    rows = []
    if args.config:
        p = preset(args.config)
        rows = [(p.name, p.shape, p.hw)]
    elif explicit:
        _need(args, ("layers", "isize", "hsize", "k1", "k2"), "a budget from sizes")
        shape = _uniform_shape(args.layers, args.isize, args.hsize, args.k1, args.k2, args.pad_to)
        budget.check(shape, budget.fitting_hw(shape))
        rows = [("custom", shape, budget.fitting_hw(shape, args.lanes))]
    else:
        chip = (PRESETS["timit"], PRESETS["tedlium"])
        rows = [(f"chip {p.shape.layers}-layer", p.shape, p.hw) for p in chip]
    print(f"{'config':<14} {'LxH':<7} {'ISIZE':>5} {'weights':>10} {'t1 idx':>8} {'t2 idx':>8} "
          f"{'idx/w':>8} {'biases':>8}   (KiB)")
    for name, shape, hw in rows:
        budget.check(shape, hw)
        print(*_budget_rows(name, shape, hw))


def cmd_export(args) -> None:
    p = preset(args.config)
    q = quant.quantise_model(model.load_npz(args.model))
    paths = export.export(q, p.hw, args.out, config_name=p.name)
    print(f"wrote {', '.join(str(x) for x in paths)}")


def cmd_gen_rtl(args) -> None:
    changed = genrtl.write(args.root)
    for p in genrtl.generate(args.root):
        print(f"{'wrote' if p in changed else 'unchanged'} {p}")
    if args.html:
        from . import genregs
        print(f"wrote {genregs.write_html(args.html)} (peakrdl-html)")


def _sizes(p: argparse.ArgumentParser) -> None:
    p.add_argument("--layers", type=int, help="number of layers")
    p.add_argument("--isize", type=int, help="input size of layer 0 (padded to a multiple of 32)")
    p.add_argument("--hsize", type=int, help="hidden size, a multiple of 32")
    p.add_argument("--k1", type=int, help="tier-1 blocks kept per block-row (every matrix)")
    p.add_argument("--k2", type=int, help="tier-2 sub-blocks kept per sub-block-row (every matrix)")
    p.add_argument("--pad-to", type=int, help="padded input size (default: next multiple of 32)")


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m golden", description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True, metavar="COMMAND")
    configs = sorted(PRESETS)

    p = sub.add_parser("mask", help="add HCGS masks to a model, or make a random model with masks")
    p.add_argument("--model", type=Path, help="model .npz to add masks to (else a new random model)")
    p.add_argument("--config", choices=configs, help="take sizes and keep counts from a preset")
    _sizes(p)
    p.add_argument("--seed", type=int, required=True, help="seed of the masks (and of a new model's weights)")
    p.add_argument("--gain", type=float, default=1.0, help="weight scale of a new random model (default 1)")
    p.add_argument("--out", type=Path, required=True, help="output .npz")
    p.set_defaults(func=cmd_mask)

    p = sub.add_parser("run", help="run a model on inputs, float or fixed point")
    p.add_argument("--model", type=Path, required=True)
    p.add_argument("--input", type=Path, required=True, help=".npy floats (T, I) or (B, T, I)")
    p.add_argument("--mode", choices=("float", "fixed"), required=True)
    p.add_argument("--out", type=Path, required=True, help=".npy: h of the last layer, floats, same leading shape")
    p.add_argument("--trace", type=Path, help="fixed mode: also write the probe trace lines (contract section 11)")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("budget", help="storage of weights, index and biases (default: the chip's models)")
    p.add_argument("--config", choices=configs)
    _sizes(p)
    p.add_argument("--lanes", type=int, default=64, choices=(16, 32, 64), help="MAC lanes for explicit sizes")
    p.set_defaults(func=cmd_budget)

    p = sub.add_parser("export", help="memory images (.hex) and register values (regs.json) for a build")
    p.add_argument("--model", type=Path, required=True)
    p.add_argument("--config", choices=configs, required=True, help="the build (preset) to export for")
    p.add_argument("--out", type=Path, required=True, help="output folder")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("gen-rtl", help="write hdl/gen/*.sv, the doc's register tables, sw/hcgs_regs.h and "
                                        "docs/regs.md from hdl/regs/hcgs.rdl")
    p.add_argument("--root", type=Path, default=REPO, help="repository root (default: this checkout)")
    p.add_argument("--html", type=Path, help="also write the HTML register reference (peakrdl-html) into this folder")
    p.set_defaults(func=cmd_gen_rtl)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        args.func(args)
    except (ValueError, OSError) as e:   # every golden error is a ValueError subclass
        msg = f"{e.filename}: {e.strerror}" if isinstance(e, OSError) and e.filename else " ".join(str(e).split("\n"))
        print(f"python -m golden {args.command}: error: {msg}", file=sys.stderr)
        return 2
    return 0
