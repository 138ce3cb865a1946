#!/usr/bin/env python3
"""Measures what a generated crate costs to compile.

For each spec: generate the crate into a scratch workspace
(target/compile-cost/), build its dependencies once, then time
`cargo check` and `cargo build` of the generated crate alone (its
lib.rs touched, dependencies already built, incremental compilation off so
the crate is compiled in full), and count lines of generated
Rust per operation. Prints a Markdown table. For crates with cargo features
(one per tag), a second table times `cargo check` and `cargo build` with
every feature (the default), with none (`--no-default-features`: the
untagged operations and shared types) and with only the feature of the tag
with the most operations.

    python3 scripts/compile-cost.py                 # the default specs
    python3 scripts/compile-cost.py path/to/spec.yaml ...
    REPEAT=3 python3 scripts/compile-cost.py       # best of 3 timings (this
                                                    # machine varies by ~20%)
    SWAGGEN=/path/to/old/swaggen python3 scripts/compile-cost.py
                                                    # another build of swaggen,
                                                    # for before/after tables
"""

import os
import pathlib
import re
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
WORK = ROOT / "target" / "compile-cost"
DEFAULT = [
    "specs/postmark.yaml",
    "../shared/postmark/postmark-server.swagger.yaml",
    "../shared/corpus/dev/github/sendgrid.json",
    "../shared/corpus/dev/github/temporal.json",
    "../shared/corpus/dev/github/kubevirt.json",
    "../shared/corpus/dev/github/argo-workflows.json",
]


REPEAT = max(1, int(os.environ.get("REPEAT", "1")))


def timed(args, cwd, env, touch):
    """The best of REPEAT timings of a command, `touch` touched before each."""
    best = None
    for _ in range(REPEAT):
        touch.touch()
        seconds, _ = run(args, cwd, env)
        best = seconds if best is None else min(best, seconds)
    return best


def run(args, cwd, env=None):
    start = time.monotonic()
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"failed: {' '.join(args)}")
    return time.monotonic() - start, done.stdout


def main():
    specs = sys.argv[1:] or DEFAULT
    absent = [s for s in specs if not (ROOT / s).exists()]
    for s in absent:
        sys.stderr.write(
            f"skipped {s}: not found (the dev corpus and Postmark's full spec live in"
            " ../shared beside the checkout, in the project's own setup only)\n"
        )
    specs = [s for s in specs if s not in absent]
    if os.environ.get("SWAGGEN"):
        swaggen = pathlib.Path(os.environ["SWAGGEN"]).resolve()
    else:
        swaggen = ROOT / "target" / "release" / "swaggen"
        run(["cargo", "build", "--release", "-q", "-p", "swaggen"], ROOT)
    WORK.mkdir(parents=True, exist_ok=True)
    crates = []
    for spec in specs:
        slug = re.sub(r"[^a-z0-9]+", "-", pathlib.Path(spec).stem.lower()).strip("-")
        name = f"cost-{slug}"
        out = WORK / "crates" / slug
        run([str(swaggen), "generate", str(ROOT / spec), "--out", str(out), "--crate-name", name], ROOT)
        crates.append((spec, name, out))
    members = "".join(f'    "crates/{c[2].name}",\n' for c in crates)
    (WORK / "Cargo.toml").write_text(f'[workspace]\nresolver = "3"\nmembers = [\n{members}]\n')
    lock = WORK / "Cargo.lock"
    if not lock.exists():
        lock.write_bytes((ROOT / "Cargo.lock").read_bytes())
    # Incremental compilation would reuse the crate's own earlier work after
    # a `touch`; without it, each timing is a full compile of the crate.
    env = dict(os.environ, CARGO_TARGET_DIR=str(WORK / "target"), CARGO_INCREMENTAL="0")
    # Dependencies once, for check and for build.
    run(["cargo", "check", "-q", "--workspace"], WORK, env)
    run(["cargo", "build", "-q", "--workspace"], WORK, env)
    print("| spec | operations | lines of Rust | lines/operation | cargo check (s) | cargo build (s) |")
    print("|---|---|---|---|---|---|")
    featured = []
    for spec, name, out in crates:
        lines = sum(len(p.read_text().splitlines()) for p in (out / "src").glob("*.rs"))
        client = (out / "src" / "client.rs").read_text()
        ops = len(re.findall(r"-> crate::builders::", client))
        timings = []
        for command in ("check", "build"):
            timings.append(timed(["cargo", command, "-q", "-p", name], WORK, env, out / "src" / "lib.rs"))
        per_op = f"{lines / ops:.0f}" if ops else "-"
        print(f"| {spec} | {ops} | {lines} | {per_op} | {timings[0]:.1f} | {timings[1]:.1f} |")
        # Client methods are grouped in one `impl` block per feature.
        blocks = re.split(r'#\[cfg\(feature = "([^"]+)"\)\]\nimpl Client \{', client)
        per_feature = {f: len(re.findall(r"-> crate::builders::", body)) for f, body in zip(blocks[1::2], blocks[2::2])}
        if per_feature:
            featured.append((spec, name, out, per_feature, timings))
    if not featured:
        return
    print()
    print("| spec | features | check: all (s) | check: none (s) | check: largest tag alone (s) | build: all (s) | build: largest tag alone (s) |")
    print("|---|---|---|---|---|---|---|")
    for spec, name, out, per_feature, (check_all, build_all) in featured:
        largest = max(sorted(per_feature), key=lambda f: per_feature[f])
        row = []
        for command, features in (("check", []), ("check", ["--features", largest]), ("build", ["--features", largest])):
            row.append(timed(["cargo", command, "-q", "-p", name, "--no-default-features", *features], WORK, env, out / "src" / "lib.rs"))
        tag = f"`{largest}` ({per_feature[largest]} of {sum(per_feature.values())} tagged operations)"
        print(f"| {spec} | {len(per_feature)} | {check_all:.1f} | {row[0]:.1f} | {row[1]:.1f} {tag} | {build_all:.1f} | {row[2]:.1f} |")


if __name__ == "__main__":
    main()
