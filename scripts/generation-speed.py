#!/usr/bin/env python3
"""Measures whole-process generation: wall time and peak memory.

For each spec: run `swaggen generate` REPEAT times (default 7) into a
scratch directory under target/generation-speed/, and print the best wall
time, the spec's size over it (MB/s), the peak resident set size and its
ratio to the spec's size, as a Markdown table. The issue's targets are
>= 20 MB/s and peak memory <= 20x the spec on the large dev specs.

    python3 scripts/generation-speed.py                  # the large dev specs
    python3 scripts/generation-speed.py path/to/spec.json ...
    SWAGGEN=/path/to/other/swaggen python3 scripts/generation-speed.py
    JOBS=1 python3 scripts/generation-speed.py           # one emit thread

Build swaggen first (`cargo build --release -p swaggen`). Timings on this
two-core machine vary by about 10%; compare builds in the same run.
"""

import os
import pathlib
import shutil
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
WORK = ROOT / "target" / "generation-speed"
DEFAULT = [
    "../shared/corpus/dev/github/sendgrid.json",
    "../shared/corpus/dev/github/kubevirt.json",
    "../shared/corpus/dev/github/temporal.json",
    "../shared/corpus/dev/github/argo-workflows.json",
]


def run(swaggen, spec, out, jobs):
    """One generation's wall time, in seconds."""
    shutil.rmtree(out, ignore_errors=True)
    cmd = [swaggen, "generate", str(spec), "--out", str(out), "--crate-name", "speed-check"]
    if jobs:
        cmd += ["--jobs", jobs]
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True)
    took = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{spec}: swaggen failed:\n{done.stderr}")
    return took


def peak_rss(swaggen, spec, out, jobs):
    """Peak RSS of one generation, from GNU time when present."""
    shutil.rmtree(out, ignore_errors=True)
    cmd = [swaggen, "generate", str(spec), "--out", str(out), "--crate-name", "speed-check"]
    if jobs:
        cmd += ["--jobs", jobs]
    if shutil.which("/usr/bin/time"):
        done = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, capture_output=True, text=True)
        return int(done.stderr.strip().splitlines()[-1]) * 1024
    # Without GNU time: a child process of its own reports its children's peak.
    probe = (
        "import resource, subprocess, sys;"
        "subprocess.run(sys.argv[1:], capture_output=True);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    done = subprocess.run([sys.executable, "-c", probe] + cmd, capture_output=True, text=True)
    return int(done.stdout.strip()) * 1024


def main():
    swaggen = os.environ.get("SWAGGEN", str(ROOT / "target" / "release" / "swaggen"))
    repeat = int(os.environ.get("REPEAT", "7"))
    jobs = os.environ.get("JOBS")
    specs = [pathlib.Path(a) for a in sys.argv[1:]] or [ROOT / s for s in DEFAULT]
    print("| spec | size | best of %d | MB/s | peak RSS | RSS / spec |" % repeat)
    print("|---|---|---|---|---|---|")
    for spec in specs:
        if not spec.exists():
            print(f"| {spec.name} | missing: {spec} | | | | |")
            continue
        size = spec.stat().st_size
        out = WORK / spec.stem
        best = min(run(swaggen, spec, out, jobs) for _ in range(repeat))
        peak = max(peak_rss(swaggen, spec, out, jobs) for _ in range(3))
        print(
            f"| {spec.stem} | {size / 1e6:.2f} MB | {best * 1000:.0f} ms | "
            f"{size / 1e6 / best:.1f} | {peak / 2**20:.0f} MiB | {peak / size:.1f}x |"
        )


if __name__ == "__main__":
    main()
