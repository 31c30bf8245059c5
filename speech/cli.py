"""Command line: `python -m speech eval|table --help` (make speech-eval, make speech-table).

User mistakes (missing folder, malformed model file, bad options) end with one line on stderr
and exit code 2; an RTL that disagrees with the fixed-point model ends with exit code 1.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from golden.model import ModelError

from . import classify, data, evaluate, modelfile

REPO = Path(__file__).resolve().parent.parent
DEFAULT_MODEL = REPO / "models" / "fsdd" / "hcgs16x.npz"


def cmd_eval(a) -> int:
    sm = modelfile.load(a.model)
    utts = data.find(a.data, a.split, a.limit)
    everything = data.find(a.data, "all")
    skipped = len(everything) - len(data.find(a.data, a.split)) if a.split != "all" else 0
    print(f"speech-eval: {a.mode}, model {a.model}, {len(utts)} {a.split} utterances from {a.data}"
          + (f" (LIMIT={a.limit})" if a.limit else "")
          + (f"; {skipped} files outside the {a.split} split skipped (SPLIT=all takes them)" if skipped else ""),
          flush=True)
    t0 = time.perf_counter()
    out = evaluate.recognise(sm, utts, a.mode)
    took = time.perf_counter() - t0
    if a.mode == "rtl":
        c = out.counters
        print(f"rtl: {out.frames} frames, every output beat bit-exact with the fixed-point model; "
              f"cycles per frame {c['CNT_BUSY'] / out.frames:,.0f} (CNT_BUSY / frames)")
    print(f"{out.frames} frames in {took:.1f} s")
    print(classify.format_confusion(out.confusion))
    print(classify.accuracy_line(out.confusion))
    return 0


def cmd_samples(a) -> int:
    from . import samples
    sm = modelfile.load(a.model)
    by_name = {u.name: u for u in data.find(a.data, "test")}
    missing = [n for n in a.names if n not in by_name]
    if missing:
        raise data.DataError(f"not test utterances of {a.data}: {', '.join(missing)}")
    samples.write(sm, [by_name[n] for n in a.names], a.out)
    print(f"wrote {a.out}: {len(a.names)} utterances ({', '.join(a.names)})")
    return 0


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m speech", description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True, metavar="COMMAND")
    p = sub.add_parser("eval", help="recognise every wav file of a folder: confusion matrix and accuracy")
    p.add_argument("--data", required=True, help="folder of FSDD wav files (<digit>_<speaker>_<take>.wav)")
    p.add_argument("--mode", choices=evaluate.MODES, default="fixed")
    p.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    p.add_argument("--split", choices=("test", "train", "all"), default="test",
                   help="FSDD split: test = takes 0-4 (default), all = every file")
    p.add_argument("--limit", type=int, help="only the first n (interleaved so that every digit comes early)")
    p.set_defaults(func=cmd_eval)
    p = sub.add_parser("samples", help="write the committed test utterances' input codes (models/fsdd)")
    p.add_argument("--data", required=True)
    p.add_argument("--model", type=Path, default=DEFAULT_MODEL, help="whose normalisation the codes use")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("names", nargs="+", help="file stems of FSDD test utterances, e.g. 0_george_0")
    p.set_defaults(func=cmd_samples)
    from . import table
    table.add_parser(sub)
    return ap


def main(argv=None) -> int:
    a = build_parser().parse_args(argv)
    try:
        return a.func(a)
    except (ModelError, data.DataError) as e:
        print(f"python -m speech {a.command}: error: {' '.join(str(e).split())}", file=sys.stderr)
        return 2
    except AssertionError as e:   # speech.rtl.RtlError: RTL and fixed-point model disagree
        print(f"python -m speech {a.command}: FAIL: {e}", file=sys.stderr)
        return 1
