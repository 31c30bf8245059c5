"""Names of the SV stream components' files in a run folder, and the plusargs that point the
components (verif/tb/hcgs_axis_player.sv, hcgs_axis_collector.sv) at them. No cocotb here:
the runner outside the simulator imports it too."""
from __future__ import annotations

from pathlib import Path

SV_FILES = {"play_s_axis": "s_axis_play.hex", "collect_s_axis": "s_axis_beats.txt",
            "collect_m_axis": "m_axis_beats.txt", "pattern_m_axis": "m_axis_pattern.hex"}


def sv_plusargs(folder: Path) -> list[str]:
    """+play_s_axis=..., +collect_s_axis=..., +collect_m_axis=..., +pattern_m_axis=... in `folder`."""
    return [f"+{k}={Path(folder) / v}" for k, v in SV_FILES.items()]
