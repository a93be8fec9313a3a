#!/usr/bin/env python3
"""evident benchmarks: every row times an evident command against the stock git CLI doing the
equivalent git work, in the same run, alternating, and reports both medians, their ratio and
evident's peak memory.

    python3 Benchmarks/bench.py                 # the full table (100k ledger; takes a while)
    python3 Benchmarks/bench.py --growth        # plus readiness, diff and history at 10k, 30k and 100k records
    python3 Benchmarks/bench.py --tiny          # a few hundred records, 3 runs: every row runs and is correct

Ledgers are generated with `evident bench generate` into --workdir (default .build/bench) and
kept between runs, keyed by their parameters (one generation at a time per workdir: a run that
finds another generating waits for it). Exit status 1 when a row breaks its "must" ratio or
evident's peak memory goes over 250 MB (in --tiny
mode, only when a command fails or its output is wrong).

The full run also counts the instructions of readiness and diff on the 10k ledger under
valgrind's callgrind (--instructions; `make bench-deps` installs valgrind): a figure that does not
move with the machine's load, so a change of a few percent shows where wall-clock medians cannot.
Python 3.11 standard library only (and valgrind for --instructions).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Bump when the generator's output changes, so cached ledgers are rebuilt.
GENERATOR_VERSION = 1
SEED = 1
NOW = "2026-06-01T12:00:00Z"
COLLECTED = "2026-05-30"
PEAK_LIMIT_MB = 250
# Every row holds evident's peak under this, and aims under the goal.
PEAK_GOAL_MB = 150
HEADER = "| row | evident (median) | git baseline (median) | ratio | evident peak MB | must | goal | result |"


@dataclass(frozen=True)
class Scale:
    evidence: int
    commits: int
    snapshots: int

    @property
    def key(self) -> str:
        return f"e{self.evidence}-c{self.commits}-s{self.snapshots}-k{SEED}-v{GENERATOR_VERSION}"

    @property
    def last(self) -> str:
        return f"bench-{self.snapshots:03d}"

    @property
    def previous(self) -> str:
        return f"bench-{self.snapshots - 1:03d}"


FULL = Scale(100_000, 10_000, 100)
FULL_BULK_BASE = Scale(1_000, 100, 2)
FULL_BULK_FILES = 10_000
TINY = Scale(200, 30, 3)
TINY_BULK_BASE = Scale(20, 5, 1)
TINY_BULK_FILES = 100
GROWTH = [Scale(10_000, 1_000, 100), Scale(30_000, 3_000, 100), FULL]
# The sync row: a ledger whose last SYNC_NEW evidence records are not on its file:// remote yet.
FULL_SYNC = Scale(2_000, 200, 2)
FULL_SYNC_NEW = 1_000
TINY_SYNC = Scale(40, 8, 1)
TINY_SYNC_NEW = 20


def log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


# MARK: Processes


class Env:
    """An isolated environment: a temporary HOME, no system git config, a fixed identity and clock."""

    def __init__(self, home: Path):
        home.mkdir(parents=True, exist_ok=True)
        # evident never runs gc; neither may the git baseline in the middle of a measurement.
        (home / ".gitconfig").write_text("[gc]\n\tauto = 0\n[maintenance]\n\tauto = false\n")
        self.vars = {
            "PATH": os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin"),
            "HOME": str(home),
            "XDG_CONFIG_HOME": str(home),
            "GIT_CONFIG_NOSYSTEM": "1",
            "EVIDENT_GIT_CONFIG_SEARCH_PATH": str(home),
            "EVIDENT_AUTHOR_NAME": "Bench Runner",
            "EVIDENT_AUTHOR_EMAIL": "bench@bench-dynamics.example",
            "GIT_AUTHOR_NAME": "Bench Runner",
            "GIT_AUTHOR_EMAIL": "bench@bench-dynamics.example",
            "GIT_COMMITTER_NAME": "Bench Runner",
            "GIT_COMMITTER_EMAIL": "bench@bench-dynamics.example",
            "EVIDENT_NOW": NOW,
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "NO_COLOR": "1",
        }


@dataclass
class Run:
    seconds: float
    status: int
    peak_mb: float
    stdout: Path
    stderr: str


# Starts the measured command from a small process of its own, which times it and reports its
# rusage. Linux gives a child the memory high-water mark of the process it was forked from (the
# copy of its address space counts until exec), so a command started straight from this script
# would report this script's own peak whenever that was larger: after the bundle row it was
# 312 MB, and every later row said 305 MB whatever it used.
CHILD = """
import os, sys, time
result, argv = sys.argv[1], sys.argv[2:]
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(argv[0], argv)
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - start
with open(result, "w") as f:
    f.write(f"{seconds!r} {os.waitstatus_to_exitcode(status)} {usage.ru_maxrss}\\n")
"""


def timed(argv: list[str], env: Env, cwd: Path, out: Path) -> Run:
    """Runs argv (a list: exec'd directly; a string: through bash) to completion, from a small
    process of its own (CHILD) that takes the wall time with time.perf_counter around the fork
    and wait, and the peak RSS from the command's rusage (ru_maxrss is KiB on Linux)."""
    shell = isinstance(argv, str)
    command = ["bash", "-o", "pipefail", "-c", argv] if shell else argv
    with open(out, "wb") as stdout, tempfile.TemporaryFile() as stderr, tempfile.NamedTemporaryFile("r", suffix=".rusage") as result:
        p = subprocess.run([sys.executable, "-S", "-c", CHILD, result.name, *command], cwd=cwd, env=env.vars,
                           stdout=stdout, stderr=stderr, stdin=subprocess.DEVNULL)
        fields = result.read().split()
        stderr.seek(0)
        err = stderr.read().decode("utf-8", "replace")
    if len(fields) != 3:
        raise SystemExit(f"bench: could not start {command[0]} ({p.returncode}):\n{err}")
    seconds, status, maxrss = float(fields[0]), int(fields[1]), int(fields[2])
    return Run(seconds, status, maxrss / 1024.0, out, err)


def run(argv, env: Env, cwd: Path, check: bool = True) -> subprocess.CompletedProcess:
    shell = isinstance(argv, str)
    r = subprocess.run(["bash", "-o", "pipefail", "-c", argv] if shell else argv, cwd=cwd, env=env.vars,
                       capture_output=True, text=True)
    if check and r.returncode != 0:
        raise SystemExit(f"bench: command failed ({r.returncode}): {argv}\n{r.stderr}")
    return r


def git(args: list[str], env: Env, cwd: Path, check: bool = True) -> str:
    return run(["git", *args], env, cwd, check).stdout


# MARK: Ledgers


def ledger(evident: str, env: Env, workdir: Path, scale: Scale, thorough: bool) -> Path:
    """The generated ledger for `scale`, built once and reused while its marker file is there."""
    path = workdir / "ledgers" / scale.key
    marker = workdir / "ledgers" / (scale.key + ".json")
    if marker.exists() and path.exists():
        return ready_ledger(path, marker, env)
    # A shared workdir may have another run generating the same ledger: one generation at a time,
    # under a lock folder (mkdir is atomic), and the marker looked at again once it is ours.
    with generation_lock(workdir):
        if marker.exists() and path.exists():
            return ready_ledger(path, marker, env)
        return generate(evident, env, workdir, scale, path, marker, thorough)


def ready_ledger(path: Path, marker: Path, env: Env) -> Path:
    info = json.loads(marker.read_text())
    head = git(["rev-parse", "HEAD"], env, path).strip()
    if head != info["head"]:
        log(f"{path.name}: HEAD moved (an interrupted run?), resetting to {info['head'][:10]}")
        reset(path, info["head"], env)
    return path


class generation_lock:
    """`workdir/gen.lock`, a folder holding the owner's pid: taken with mkdir, waited for while
    another live process holds it, taken over when its owner is gone (a killed run)."""

    def __init__(self, workdir: Path):
        self.dir = workdir / "gen.lock"

    def __enter__(self):
        waited = False
        while True:
            try:
                self.dir.mkdir(parents=True)
                (self.dir / "pid").write_text(f"{os.getpid()}\n")
                return self
            except FileExistsError:
                pass
            try:
                owner = int((self.dir / "pid").read_text().strip())
                os.kill(owner, 0)
            except ProcessLookupError:
                log(f"{self.dir}: its owner {owner} is gone; taking the lock over")
                shutil.rmtree(self.dir, ignore_errors=True)
                continue
            except (OSError, ValueError):
                pass  # being written, or not ours to signal: still held
            if not waited:
                log(f"another run is generating a ledger in {self.dir.parent} (lock {self.dir}); waiting for it")
                waited = True
            time.sleep(2)

    def __exit__(self, *exc):
        shutil.rmtree(self.dir, ignore_errors=True)
        return False


def generate(evident: str, env: Env, workdir: Path, scale: Scale, path: Path, marker: Path, thorough: bool) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    log(f"generating {scale.evidence} evidence, {scale.commits} commits, {scale.snapshots} snapshots into {path}")
    start = time.perf_counter()
    out = workdir / "generate.json"
    r = timed([evident, "bench", "generate", str(path), "--evidence", str(scale.evidence), "--commits", str(scale.commits),
               "--snapshots", str(scale.snapshots), "--seed", str(SEED), "--format", "json", "--verbose"], env, workdir, out)
    if r.status != 0:
        raise SystemExit(f"bench: evident bench generate failed ({r.status}):\n{r.stderr}")
    info = json.loads(out.read_text())
    info["wall_seconds"] = round(time.perf_counter() - start, 2)
    info["peak_mb"] = round(r.peak_mb, 1)
    info["pack_mb"] = round(sum(f.stat().st_size for f in (path / ".git/objects/pack").iterdir()) / 1048576, 1)
    log(f"generated in {info['wall_seconds']} s, peak {info['peak_mb']} MB, packs {info['pack_mb']} MB")
    # Sanity: a clean work tree (this also refreshes git's view of the index), and, when asked, fsck and validate.
    status = git(["status", "--porcelain"], env, path)
    if status.strip():
        raise SystemExit(f"bench: the generated ledger is not clean:\n{status[:2000]}")
    if thorough:
        fsck = run(["git", "fsck", "--no-progress"], env, path, check=False)
        if fsck.returncode != 0 or fsck.stdout.strip() or fsck.stderr.strip():
            raise SystemExit(f"bench: git fsck found problems in the generated ledger:\n{fsck.stdout}{fsck.stderr}")
        v = run([evident, "-C", str(path), "validate"], env, path, check=False)
        if v.returncode != 0:
            raise SystemExit(f"bench: evident validate failed on the generated ledger:\n{v.stdout}{v.stderr}")
    marker.write_text(json.dumps(info, indent=2) + "\n")
    return path


def reset(path: Path, head: str, env: Env) -> None:
    """Puts a ledger back at `head` after a write benchmark: branch, index and work tree."""
    git(["update-ref", "refs/heads/main", head], env, path)
    git(["reset", "-q", "--hard", head], env, path)
    git(["clean", "-q", "-fd", "--", "evidence"], env, path)


def bulk_files(workdir: Path, count: int) -> Path:
    """`count` CSV and JSON files of 1 to 4 KB in 100-file folders, the same every time."""
    root = workdir / f"bulk-{count}" / "export"
    done = root.parent / ".complete"
    if done.exists():
        return root
    shutil.rmtree(root.parent, ignore_errors=True)
    rng = random.Random(SEED)
    alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    for i in range(count):
        folder = root / f"batch-{i // 100:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        size = rng.randint(1024, 4096)
        if i % 3 == 0:
            items = []
            while sum(len(x) for x in items) < size - 40:
                items.append(json.dumps({"id": "".join(rng.choices(alphabet, k=10)), "ok": rng.random() < 0.93, "value": rng.randrange(100000)}))
            text = '{"items": [\n' + ",\n".join(items) + "\n]}\n"
            (folder / f"item-{i:05d}.json").write_text(text)
        else:
            lines = ["host,check,result,detail"]
            while sum(len(x) + 1 for x in lines) < size - 60:
                lines.append(f"host-{rng.randrange(1 << 20):05x},check-{rng.randrange(40)},{'pass' if rng.random() < 0.93 else 'fail'},"
                             + "".join(rng.choices(alphabet, k=24)))
            (folder / f"item-{i:05d}.csv").write_text("\n".join(lines) + "\n")
    done.write_text("ok\n")
    return root


# MARK: Rows


@dataclass
class Result:
    name: str
    must: str
    goal: str
    must_ratio: float
    goal_ratio: float
    goal_seconds: float | None = None
    peak_limit: float = PEAK_LIMIT_MB
    peak_goal: float | None = PEAK_GOAL_MB
    must_seconds: float | None = None
    evident: list[float] = field(default_factory=list)
    baseline: list[float] = field(default_factory=list)
    peaks: list[float] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def evident_median(self) -> float:
        return statistics.median(self.evident)

    @property
    def git_median(self) -> float:
        return statistics.median(self.baseline)

    @property
    def ratio(self) -> float:
        return self.evident_median / max(self.git_median, 1e-9)

    @property
    def peak(self) -> float:
        return max(self.peaks)

    def verdict(self, tiny: bool) -> str:
        if self.problems:
            return "FAIL: " + "; ".join(self.problems[:2])
        if tiny:
            return "ran"
        reasons = []
        if self.ratio > self.must_ratio or (self.must_seconds is not None and self.evident_median >= self.must_seconds):
            reasons.append("must")
        if self.peak > self.peak_limit:
            reasons.append(f"peak > {self.peak_limit:.0f} MB")
        if reasons:
            return f"FAIL ({'; '.join(reasons)})"
        goal = (self.ratio <= self.goal_ratio and (self.goal_seconds is None or self.evident_median < self.goal_seconds)
                and (self.peak_goal is None or self.peak < self.peak_goal))
        return "pass, goal met" if goal else "pass"

    def failed(self, tiny: bool) -> bool:
        return self.verdict(tiny).startswith("FAIL")


@dataclass
class Row:
    name: str
    must: str
    goal: str
    must_ratio: float
    goal_ratio: float
    cwd: Path
    evident: list[str]
    baseline: str
    goal_seconds: float | None = None
    peak_limit: float = PEAK_LIMIT_MB
    peak_goal: float | None = PEAK_GOAL_MB
    must_seconds: float | None = None
    # Called before each timed command (untimed): puts the ledger back.
    prepare: object = None
    # Called with (which, Run) after each timed command; returns a problem or None.
    check: object = None


def fmt(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def measure(row: Row, runs: int, env: Env, scratch: Path) -> Result:
    result = Result(row.name, row.must, row.goal, row.must_ratio, row.goal_ratio, row.goal_seconds, row.peak_limit, row.peak_goal,
                    row.must_seconds)
    for i in range(runs):
        order = ["evident", "git"] if i % 2 == 0 else ["git", "evident"]
        for which in order:
            if row.prepare:
                row.prepare()
            out = scratch / f"{which}.out"
            r = timed(row.evident if which == "evident" else row.baseline, env, row.cwd, out)
            if r.status != 0:
                result.problems.append(f"{which} exited {r.status}: {r.stderr.strip()[:300]}")
            elif row.check:
                problem = row.check(which, r)
                if problem:
                    result.problems.append(f"{which}: {problem}")
            if which == "evident":
                result.evident.append(r.seconds)
                result.peaks.append(r.peak_mb)
            else:
                result.baseline.append(r.seconds)
        if result.problems:
            break
    log(f"{row.name}: evident {fmt(result.evident_median)}, git {fmt(result.git_median)}, ratio {result.ratio:.2f}, peak {result.peak:.0f} MB"
        + (f"  PROBLEM: {result.problems[0]}" if result.problems else ""))
    return result


def json_check(which: str, r: Run) -> str | None:
    if which != "evident":
        return None
    try:
        json.loads(r.stdout.read_text())
    except ValueError as e:
        return f"output is not JSON ({e})"
    return None


def raw_read(rev: str) -> str:
    """The raw read floor: list the tree, read every record blob (every .yaml file) through one cat-file."""
    return (f"git ls-tree -r --format='%(objectname) %(path)' {rev} | awk '$2 ~ /\\.yaml$/ {{print $1}}' "
            f"| git cat-file --batch > /dev/null")


def history_control(path: Path, env: Env) -> str:
    """A control with a realistic history: the one whose commit count is closest to 100."""
    counts: dict[str, int] = {}
    out = git(["log", "--format=%(trailers:key=Controls,valueonly,separator=%x2C)%x2C%(trailers:key=Control-Id,valueonly,separator=%x2C)"], env, path)
    for line in out.splitlines():
        for c in {x.strip() for x in line.split(",") if x.strip()}:
            counts[c] = counts.get(c, 0) + 1
    return min(sorted(counts), key=lambda c: abs(counts[c] - 100))


def rows(evident: str, env: Env, workdir: Path, tiny: bool, only: set[str] | None) -> list[Result]:
    scale = TINY if tiny else FULL
    base_scale = TINY_BULK_BASE if tiny else FULL_BULK_BASE
    nfiles = TINY_BULK_FILES if tiny else FULL_BULK_FILES
    runs = 3 if tiny else RUNS
    scratch = workdir / "scratch"
    scratch.mkdir(parents=True, exist_ok=True)
    main = ledger(evident, env, workdir, scale, thorough=True)
    info = json.loads((workdir / "ledgers" / (scale.key + ".json")).read_text())
    head = info["head"]
    out: list[Result] = []

    def want(key: str) -> bool:
        return only is None or key in only

    # 1. Bulk ingest: N files into a small ledger, one commit, from a fresh copy each time.
    if want("bulk"):
        base = ledger(evident, env, workdir, base_scale, thorough=True)
        files = bulk_files(workdir, nfiles)
        # One fresh copy per timed command, all made before the first: deleting thousands of files
        # between timed commands makes the next file creations slower on some file systems (ext4
        # scans recently deleted inodes), which would be measured instead of the ingest.
        copies = scratch / "bulk-ledgers"
        shutil.rmtree(copies, ignore_errors=True)
        copies.mkdir(parents=True)
        for i in range(2 * runs):
            run(["cp", "-a", str(base), str(copies / f"run-{i}")], env, workdir)
        target = scratch / "bulk-ledger"
        used = [0]

        def fresh_copy():
            if target.is_symlink():
                target.unlink()
            target.symlink_to(copies / f"run-{used[0]}")
            used[0] += 1

        def bulk_check(which, r):
            if tiny and git(["status", "--porcelain"], env, target).strip():
                return "the work tree is not clean afterwards"
            n = int(git(["ls-tree", "-r", "--name-only", "HEAD", "--", "evidence"], env, target).count("/export/batch-"))
            return None if n == nfiles else f"{n} of {nfiles} files committed"

        out.append(measure(Row(
            f"bulk ingest ({nfiles:,} files)", "ratio <= 0.6", "<= 0.5", 0.6, 0.5, target,
            [evident, "evidence", "add", str(files), "--recursive", "--control", "OPS-BACKUP", "--title", "Bulk export of the backup job reports",
             "--collected", COLLECTED],
            f"mkdir -p evidence/2026/05/EV-20260530-BULK00 && cp -r {files} evidence/2026/05/EV-20260530-BULK00/ "
            f"&& git add -A && git commit -q -m 'Bulk export of the backup job reports'",
            prepare=fresh_copy, check=bulk_check), runs, env, scratch))
        target.unlink()
        shutil.rmtree(copies, ignore_errors=True)

    # 2. One add into the big ledger (reset to its generated head before each command).
    if want("add"):
        one = scratch / "one" / "okta-mfa-export.json"
        one.parent.mkdir(parents=True, exist_ok=True)
        one.write_text(json.dumps({"exported_at": NOW, "policy": "Require MFA", "users": [f"user{i:03d}" for i in range(120)]}, indent=1) + "\n")
        record = scratch / "one" / "record.yaml"
        record.write_text("schema: evident/evidence/v1\nid: EV-20260530-ONE000\ntitle: Okta MFA policy export\ncontrols:\n- IAM-MFA\n"
                          "collected_at: 2026-05-30T00:00:00Z\ncollected_by: Bench Runner <bench@bench-dynamics.example>\nmethod: manual\n"
                          f"classification: internal\nartifacts:\n- path: okta-mfa-export.json\n  sha256: x\n  bytes: {one.stat().st_size}\n"
                          "  media_type: application/json\n")

        def add_check(which, r):
            n = git(["rev-list", "--count", f"{head}..HEAD"], env, main).strip()
            if n != "1":
                return f"{n} commits made, not 1"
            if tiny and git(["status", "--porcelain"], env, main).strip():
                return "the work tree is not clean afterwards"
            return None

        folder = "evidence/2026/05/EV-20260530-ONE000"
        out.append(measure(Row(
            f"one add into the {scale.evidence // 1000}k ledger" if scale.evidence >= 1000 else f"one add into the {scale.evidence}-record ledger",
            "ratio <= 0.7", "<= 0.5", 0.7, 0.5, main,
            [evident, "evidence", "add", str(one), "--control", "IAM-MFA", "--title", "Okta MFA policy export", "--collected", COLLECTED],
            f"mkdir -p {folder} && cp {one} {record} {folder}/ && git add {folder}/okta-mfa-export.json {folder}/record.yaml "
            f"&& git commit -q -m 'Add evidence EV-20260530-ONE000: Okta MFA policy export'",
            prepare=lambda: reset(main, head, env), check=add_check), runs, env, scratch))
        reset(main, head, env)

    # 3. Readiness at the last snapshot against the raw read floor.
    if want("readiness"):
        out.append(readiness_row(evident, env, main, scale, runs, scratch))
        out.append(readiness_again_row(evident, env, main, scale, runs, scratch))

    # 4. Diff of the last two snapshots (1% of the commits apart).
    if want("diff"):
        out.append(diff_row(evident, env, main, scale, runs, scratch))

    # 5. History of one control over every commit.
    if want("history"):
        control = history_control(main, env)
        evident_log = run([evident, "log", "--control", control, "--format", "json"], env, main)
        entries = json.loads(evident_log.stdout)
        # Its files: the control's record, and the folder of every evidence record that names it.
        records = git(["grep", "-l", "-e", f"^- {control}$", "HEAD", "--", "evidence"], env, main).splitlines()
        folders = sorted({line.split(":", 1)[1].rsplit("/", 1)[0] for line in records})
        paths = [f"controls/{control}.yaml", *folders]
        git_ids = git(["log", "--format=%H", "--", *paths], env, main).split()
        problems = []
        if set(git_ids) != {x["commit"] for x in entries}:
            problems.append(f"evident lists {len(entries)} commits for {control}, git log over its files {len(git_ids)}")
        r = measure(Row(
            f"history of one control ({len(entries)} of {scale.commits:,} commits)", "ratio <= 1.0", "<= 0.5", 1.0, 0.5, main,
            [evident, "log", "--control", control],
            f"git log --format='%h  %ad  %an <%ae>%n    %s' -- " + " ".join(paths)), runs, env, scratch)
        r.problems += problems
        out.append(r)

    # 6. History of one requirement: its status at every snapshot, the commits that changed it, and now.
    if want("history-req"):
        out.append(history_requirement_row(evident, env, main, scale, runs, scratch))

    # 7. Sync of new evidence records to a file:// remote, against git push of the same commits.
    if want("sync"):
        out.append(sync_row(evident, env, workdir, TINY_SYNC if tiny else FULL_SYNC, TINY_SYNC_NEW if tiny else FULL_SYNC_NEW, runs, scratch, tiny))

    # 8. A fresh clone of the big ledger, against git clone.
    if want("clone"):
        target = scratch / "clone-target"

        def clear_target():
            shutil.rmtree(target, ignore_errors=True)

        def clone_check(which, r):
            if git(["rev-parse", "HEAD"], env, target).strip() != head:
                return "the clone's HEAD is not the ledger's"
            if which == "evident" and "verify: no findings" not in r.stdout.read_text():
                return "no 'verify: no findings' in the output"
            if tiny and git(["status", "--porcelain"], env, target).strip():
                return "the clone's work tree is not clean"
            return None

        out.append(measure(Row(
            f"clone of the {size_label(scale)} ledger", "ratio <= 1.5", "<= 1", 1.5, 1.0, scratch,
            [evident, "clone", f"file://{main}", str(target)], f"git clone -q file://{main} {target}",
            prepare=clear_target, check=clone_check), runs, env, scratch))
        clear_target()

    # 9. Verify the last snapshot against ls-tree + sha256sum over its artifacts.
    if want("verify"):
        def verify_check(which, r):
            return None if which != "evident" or "no findings" in r.stdout.read_text() else "no 'no findings' in the output"
        out.append(measure(Row(
            f"verify a snapshot ({info['artifacts']:,} artifacts)", "ratio <= 1.2", "<= 1", 1.2, 1.0, main,
            [evident, "snapshot", "verify", scale.last],
            f"git ls-tree -r -z --name-only assessment/{scale.last} -- evidence | grep -zv '/record\\.yaml$' | xargs -0 sha256sum > /dev/null",
            peak_limit=PEAK_LIMIT_MB, peak_goal=PEAK_GOAL_MB, check=verify_check), runs, env, scratch))

    # 10. The readiness site of HEAD (every page, the trend over every snapshot) against the raw read floor.
    if want("report"):
        site = scratch / "report"

        def fresh_site():
            shutil.rmtree(site, ignore_errors=True)

        def report_check(which, r):
            if which != "evident":
                return None
            missing = [f for f in ("index.html", "diff.html", "evidence.html", "style.css") if not (site / f).is_file()]
            if missing:
                return f"the report lacks {', '.join(missing)}"
            if f"{scale.snapshots} snapshots in the trend" not in r.stdout.read_text():
                return f"the output does not say '{scale.snapshots} snapshots in the trend'"
            return None
        out.append(measure(Row(
            f"report for the {size_label(scale)} ledger", "ratio <= 3", "<= 2", 3.0, 2.0, main,
            [evident, "report", "-o", str(site)], raw_read("HEAD"),
            peak_limit=PEAK_LIMIT_MB, peak_goal=PEAK_GOAL_MB, prepare=fresh_site, check=report_check), runs, env, scratch))
        fresh_site()

    # 11. The evidence bundle of the last snapshot against git archive of its tag, both to a file.
    if want("bundle"):
        bundle = scratch / "bundle.zip"
        archive = scratch / "archive.zip"

        tagged = [set(git(["ls-tree", "-r", "--name-only", f"assessment/{scale.last}", "--", "evidence"], env, main).splitlines())]

        def no_zips():
            bundle.unlink(missing_ok=True)
            archive.unlink(missing_ok=True)

        def bundle_check(which, r):
            path = bundle if which == "evident" else archive
            try:
                with zipfile.ZipFile(path) as z:
                    names = set(z.namelist())
            except (OSError, zipfile.BadZipFile) as e:
                return f"{path.name} is not a ZIP ({e})"
            if which == "evident" and not {"manifest.json", "SHA256SUMS"} <= names:
                return "the bundle lacks manifest.json or SHA256SUMS"
            # Every artifact and record of the snapshot, at its ledger path (the documents beside them).
            if which == "evident" and (held := {n for n in names if n.startswith("evidence/")}) != tagged[0]:
                return (f"the bundle's evidence/ holds {len(held):,} files, the snapshot's tree {len(tagged[0]):,} "
                        f"(e.g. {sorted(held ^ tagged[0])[:2]})")
            return None
        out.append(measure(Row(
            f"bundle of a snapshot ({info['artifacts']:,} artifacts)", "ratio <= 1.5", "<= 1", 1.5, 1.0, main,
            [evident, "export", "bundle", scale.last, "-o", str(bundle)],
            f"git archive --format=zip -o {archive} assessment/{scale.last}",
            peak_limit=PEAK_LIMIT_MB, peak_goal=PEAK_GOAL_MB, prepare=no_zips, check=bundle_check), runs, env, scratch))
        no_zips()
    return out


def sync_row(evident: str, env: Env, workdir: Path, scale: Scale, new: int, runs: int, scratch: Path, tiny: bool) -> Result:
    """`evident sync` of the commits holding the last `new` evidence records of a generated ledger
    to a file:// remote that has everything before them, against `git push` of the same commits
    and tags. Each timed command gets a fresh copy of the remote, all made before the first."""
    source = ledger(evident, env, workdir, scale, thorough=False)
    # Walk back from HEAD until the commits walked hold `new` records: the remote gets the rest.
    added: list[tuple[str, int]] = []
    commit = None
    for line in git(["log", "--first-parent", "--format=>%H", "--name-only", "--diff-filter=A", "--", "evidence"], env, source).splitlines():
        if line.startswith(">"):
            commit = line[1:]
            added.append((commit, 0))
        elif line.endswith("/record.yaml"):
            added[-1] = (added[-1][0], added[-1][1] + 1)
    total, walked = 0, 0
    for commit, n in added:
        if total >= new:
            break
        total += n
        walked += 1
    base = git(["rev-parse", added[walked - 1][0] + "^"], env, source).strip()
    pushed = int(git(["rev-list", "--count", f"{base}..HEAD"], env, source).strip())
    work = scratch / "sync"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    origin = work / "origin.git"
    git(["init", "-q", "--bare", "-b", "main", str(origin)], env, work)
    tags = git(["tag", "-l", "assessment/*", "--merged", base], env, source).split()
    git(["push", "-q", "--no-verify", str(origin), f"{base}:refs/heads/main", *[f"refs/tags/{t}:refs/tags/{t}" for t in tags]], env, source)
    copies = work / "origins"
    copies.mkdir()
    for i in range(2 * runs):
        run(["cp", "-a", str(origin), str(copies / f"run-{i}.git")], env, work)
    server = work / "server.git"
    local = work / "local"
    run(["cp", "-a", str(source), str(local)], env, work)
    git(["remote", "add", "origin", f"file://{server}"], env, local)
    git(["config", "branch.main.remote", "origin"], env, local)
    git(["config", "branch.main.merge", "refs/heads/main"], env, local)
    # The generated ledger holds FCI and CUI evidence: the remote is cleared for it, as a team's would be.
    run([evident, "remote", "clear", "origin", "--for", "cui"], env, local)
    pushed = int(git(["rev-list", "--count", f"{base}..HEAD"], env, local).strip())
    used = [0]

    def fresh_remote():
        if server.is_symlink():
            server.unlink()
        server.symlink_to(copies / f"run-{used[0]}.git")
        used[0] += 1
        git(["update-ref", "refs/remotes/origin/main", base], env, local)
        for ref in git(["for-each-ref", "--format=%(refname)", "refs/evident/sync"], env, local).split():
            git(["update-ref", "-d", ref], env, local)

    def sync_check(which, r):
        if git(["rev-parse", "refs/heads/main"], env, server).strip() != git(["rev-parse", "HEAD"], env, local).strip():
            return "the remote's main is not the ledger's HEAD afterwards"
        if which == "evident":
            j = json.loads(r.stdout.read_text())
            if j.get("result") != "pushed" or j.get("pushed") != pushed:
                return f"sync says {j.get('result')} of {j.get('pushed')} commits, not pushed of {pushed}"
        if tiny and git(["status", "--porcelain"], env, local).strip():
            return "the work tree is not clean afterwards"
        return None

    r = measure(Row(
        f"sync of {total:,} new evidence records ({pushed} commits) to a file:// remote", "ratio <= 1.5", "<= 1", 1.5, 1.0, local,
        [evident, "sync", "--format", "json"], "git push -q --no-verify origin main 'refs/tags/assessment/*:refs/tags/assessment/*'",
        prepare=fresh_remote, check=sync_check), runs, env, scratch)
    shutil.rmtree(work, ignore_errors=True)
    return r


def evidence_tree_entry(path: Path, env: Env, rev: str) -> Path:
    """The file of the evidence tree cache (`.git/evident/cache/trees/`) that holds `rev`'s evidence."""
    tree = git(["rev-parse", f"{rev}^{{commit}}:evidence"], env, path).strip()
    return path / ".git" / "evident" / "cache" / "trees" / f"{tree}.bin"


def readiness_row(evident: str, env: Env, path: Path, scale: Scale, runs: int, scratch: Path, label: str = "") -> Result:
    """Readiness at the last snapshot, its tree not read before. The cache holds what everyday use
    leaves in it: the previous snapshot's evidence (read once, untimed, first), which is 1% of the
    commits away. Before each timed run the entry of the last snapshot's own evidence tree is
    deleted, so every run reads that tree: the cached neighbour with the paths that differ re-read.
    (Deleting the whole cache would time a ledger nobody has read before; keeping the entry would
    time the next row.)"""
    entry = evidence_tree_entry(path, env, f"assessment/{scale.last}")
    run([evident, "readiness", "--at", scale.previous, "--format", "json"], env, path)

    def forget():
        entry.unlink(missing_ok=True)

    r = measure(Row(
        f"readiness at a snapshot of the {label or size_label(scale)} ledger", "ratio <= 1.5", "<= 1.2, and under 1 s", 1.5, 1.2, path,
        [evident, "readiness", "--at", scale.last, "--format", "json"], raw_read(f"assessment/{scale.last}"),
        goal_seconds=1.0, peak_limit=PEAK_LIMIT_MB, prepare=forget, check=json_check), runs, env, scratch)
    return r


def readiness_again_row(evident: str, env: Env, path: Path, scale: Scale, runs: int, scratch: Path, label: str = "") -> Result:
    """Readiness at a snapshot read before (run once untimed first): only the evaluation is left."""
    run([evident, "readiness", "--at", scale.last, "--format", "json"], env, path)
    problems = [] if evidence_tree_entry(path, env, f"assessment/{scale.last}").exists() else ["no evidence tree cache entry after a read"]
    r = measure(Row(
        f"readiness at a snapshot read before ({label or size_label(scale)})", "ratio <= 0.5", "<= 0.2", 0.5, 0.2, path,
        [evident, "readiness", "--at", scale.last, "--format", "json"], raw_read(f"assessment/{scale.last}"),
        peak_limit=PEAK_LIMIT_MB, check=json_check), runs, env, scratch)
    r.problems += problems
    return r


def diff_row(evident: str, env: Env, path: Path, scale: Scale, runs: int, scratch: Path) -> Result:
    """The cache as a first diff leaves it (run untimed first): side A's evidence cached by tree,
    side B derived from it and the records that changed."""
    a, b = f"assessment/{scale.previous}", f"assessment/{scale.last}"
    run([evident, "diff", scale.previous, scale.last, "--format", "json"], env, path)
    return measure(Row(
        f"diff of two snapshots 1% apart ({size_label(scale)})", "ratio <= 0.5", "<= 0.25", 0.5, 0.25, path,
        [evident, "diff", scale.previous, scale.last, "--format", "json"],
        f"git diff --name-status {a} {b} > /dev/null && {raw_read(a)} && {raw_read(b)}", peak_limit=PEAK_LIMIT_MB,
        check=json_check), runs, env, scratch)


def requirement_files(evident: str, env: Env, path: Path) -> tuple[str, list[str]]:
    """The NIST SP 800-171 requirement whose story lives in the fewest files at HEAD (ties: by
    id), and those files: the records of the controls mapping it, the folders of the evidence
    naming those controls, and its POA&M items and exceptions."""
    controls = json.loads(run([evident, "control", "list", "--format", "json"], env, path).stdout)["controls"]
    mapping: dict[str, list[str]] = {}
    for c in controls:
        for r in (c.get("maps") or {}).get("nist-800-171r2", []):
            mapping.setdefault(r, []).append(c["id"])
    folders: dict[str, list[str]] = {}
    for line in git(["grep", "-e", "^- [A-Z0-9-]*$", "HEAD", "--", "evidence/*/record.yaml"], env, path, check=False).splitlines():
        # HEAD:evidence/YYYY/MM/EV-.../record.yaml:- CONTROL
        _, file, control = line.split(":", 2)
        folders.setdefault(control[2:], []).append(file.rsplit("/", 1)[0])
    records: dict[str, list[str]] = {}
    for line in git(["grep", "-e", "^requirement: ", "HEAD", "--", "poam", "exceptions"], env, path, check=False).splitlines():
        _, file, value = line.split(":", 2)
        records.setdefault(value.removeprefix("requirement: ").strip().strip('"'), []).append(file)

    def files(r: str) -> list[str]:
        out = {f"controls/{c}.yaml" for c in mapping[r]} | set(records.get(f"nist-800-171r2:{r}", []))
        for c in mapping[r]:
            out |= set(folders.get(c, []))
        return sorted(out)

    def key(r: str) -> tuple:
        return (len(files(r)), [int(x) for x in r.split(".")])

    requirement = min(mapping, key=key)
    return requirement, files(requirement)


def history_requirement_row(evident: str, env: Env, path: Path, scale: Scale, runs: int, scratch: Path, label: str = "") -> Result:
    requirement, paths = requirement_files(evident, env, path)
    git_ids = set(git(["log", "--format=%H", "--", *paths], env, path).split())

    def check(which, r):
        if which != "evident":
            return None
        try:
            h = json.loads(r.stdout.read_text())
        except ValueError as e:
            return f"output is not JSON ({e})"
        listed = {c["commit"] for c in h["commits"]}
        if listed != git_ids:
            return f"evident lists {len(listed)} commits for {requirement}, git log over its {len(paths)} files {len(git_ids)}"
        if len(h["snapshots"]) != scale.snapshots:
            return f"{len(h['snapshots'])} snapshots listed, not {scale.snapshots}"
        return None

    return measure(Row(
        f"history of one requirement ({requirement}: {len(git_ids):,} of {scale.commits:,} commits, {label or size_label(scale)})",
        "ratio <= 1.0 and under 2 s", "<= 0.5 and under 1 s", 1.0, 0.5, path,
        [evident, "history", requirement, "--format", "json"],
        f"git log --format='%h  %ad  %an <%ae>%n    %s' -- " + " ".join(paths) + " > /dev/null",
        goal_seconds=1.0, must_seconds=2.0, check=check), runs, env, scratch)


def size_label(scale: Scale) -> str:
    return f"{scale.evidence // 1000}k" if scale.evidence >= 1000 else f"{scale.evidence}-record"


# MARK: Instructions


INSTRUCTION_SCALE = GROWTH[0]
INSTRUCTION_RUNS = 3


@dataclass
class Count:
    command: str
    counts: list[int] = field(default_factory=list)

    @property
    def spread(self) -> float:
        """(largest - smallest) / smallest, over the runs."""
        return (max(self.counts) - min(self.counts)) / max(min(self.counts), 1)


def callgrind_total(out: Path, stderr: str) -> int | None:
    """The instructions callgrind counted: the `summary:` (or `totals:`) line of its output file,
    else the "Collected" line it prints on standard error."""
    try:
        for line in out.read_text(errors="replace").splitlines():
            if line.startswith(("summary:", "totals:")):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    for line in stderr.splitlines():
        if "Collected :" in line:
            try:
                return int(line.rsplit(":", 1)[1].strip())
            except ValueError:
                pass
    return None


def instructions(evident: str, env: Env, workdir: Path, tiny: bool) -> list[Count]:
    """Instructions of readiness and diff on the 10k ledger, counted by callgrind, over all threads
    (--separate-threads=no: its default, one total). Valgrind runs the threads one at a time, so
    the count is the work done, whatever else the machine does; each command runs once untimed
    first so its caches exist, as they do in the timed rows."""
    valgrind, objcopy = shutil.which("valgrind"), shutil.which("objcopy")
    if not valgrind or not objcopy:
        raise SystemExit("bench: --instructions needs valgrind and objcopy: 'make bench-deps' installs them (or pass --no-instructions)")
    scale = TINY if tiny else INSTRUCTION_SCALE
    path = ledger(evident, env, workdir, scale, thorough=False)
    scratch = workdir / "scratch"
    scratch.mkdir(parents=True, exist_ok=True)
    out = scratch / "callgrind.out"
    # The same machine code without its DWARF: valgrind 3.19's debug-info reader gives up on the
    # Swift toolchain's ("Possibly corrupted debuginfo file"), and instructions need no symbols.
    counted = scratch / "evident-callgrind"
    run([objcopy, "--strip-debug", evident, str(counted)], env, workdir)
    label = size_label(scale)
    commands = [
        (f"readiness --at {scale.last} --format json ({label})", ["readiness", "--at", scale.last, "--format", "json"]),
        (f"diff {scale.previous} {scale.last} --format json ({label})", ["diff", scale.previous, scale.last, "--format", "json"]),
    ]
    results = []
    for name, args in commands:
        run([evident, *args], env, path)
        count = Count(name)
        for _ in range(INSTRUCTION_RUNS):
            out.unlink(missing_ok=True)
            r = timed([valgrind, "--tool=callgrind", "--separate-threads=no", f"--callgrind-out-file={out}", str(counted), *args],
                      env, path, scratch / "callgrind.stdout")
            problem = None if r.status == 0 else f"exited {r.status}: {r.stderr.strip()[-300:]}"
            problem = problem or json_check("evident", r)
            total = callgrind_total(out, r.stderr)
            if problem or total is None:
                raise SystemExit(f"bench: {name} under callgrind: {problem or 'no instruction total in its output'}")
            count.counts.append(total)
        out.unlink(missing_ok=True)
        log(f"instructions of {name}: {', '.join(f'{c:,}' for c in count.counts)} (spread {count.spread * 100:.3f}%)")
        results.append(count)
    counted.unlink(missing_ok=True)
    return results


def instruction_table(counts: list[Count]) -> str:
    lines = ["| command | instructions (median) | runs | spread |", "|---|---|---|---|"]
    for c in counts:
        lines.append(f"| evident {c.command} | {int(statistics.median(c.counts)):,} | {len(c.counts)} | {c.spread * 100:.2f}% |")
    return "\n".join(lines)


def table(results: list[Result], tiny: bool) -> str:
    lines = [HEADER, "|---|---|---|---|---|---|---|---|"]
    for r in results:
        lines.append(f"| {r.name} | {fmt(r.evident_median)} | {fmt(r.git_median)} | {r.ratio:.2f} | {r.peak:.0f} | {r.must} | {r.goal} | {r.verdict(tiny)} |")
    return "\n".join(lines)


RUNS = 5


def machine(evident: str, env: Env, workdir: Path) -> list[str]:
    """What the numbers were measured on."""
    def first(cmd: list[str]) -> str:
        try:
            return subprocess.run(cmd, capture_output=True, text=True, env=env.vars, cwd=workdir).stdout.strip().splitlines()[0]
        except (OSError, IndexError):
            return "?"
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "?"
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{kb / 1048576:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return [
        f"- CPU: {cpu}, {os.cpu_count()} cores; memory {mem}",
        f"- OS: {first(['uname', '-sr'])}",
        f"- evident: {first([evident, '--version'])} (release build); {first(['git', '--version'])}",
    ]


def markdown(evident: str, env: Env, workdir: Path, results: list[Result], growth: list[Result], counts: list[Count], tiny: bool,
             seconds: float) -> str:
    lines = ["# Benchmark results", "",
             f"Measured {datetime.date.today().isoformat()} with `make bench` (`python3 Benchmarks/bench.py"
             f"{' --growth' if growth else ''}`), {seconds / 60:.0f} minutes in all. Every figure is the median of "
             f"{3 if tiny else RUNS} runs; evident and the git baseline alternate within each run, and the ratio is "
             "evident / git from the same run. Peak memory is the largest resident set of evident over the runs.", ""]
    lines += machine(evident, env, workdir)
    lines += ["", "## The table", "", table(results, tiny)]
    if growth:
        lines += ["", "## Growth", "", table(growth, tiny)]
    if counts:
        lines += ["", "## Instructions", "",
                  f"Counted by valgrind's callgrind ({INSTRUCTION_RUNS} runs each, every thread in one total), which runs the "
                  "threads one at a time: the count is the work done, the same whatever else the machine does, so a change of a "
                  "few percent shows here when the medians above cannot show it. The spread is (largest - smallest) / smallest.",
                  "", instruction_table(counts)]
    return "\n".join(lines) + "\n"


def main() -> int:
    global RUNS
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--evident", help="the evident binary (default: the release build, from swift build -c release --show-bin-path)")
    ap.add_argument("--workdir", default=str(ROOT / ".build" / "bench"), help="where ledgers are generated and kept (default .build/bench)")
    ap.add_argument("--tiny", action="store_true", help="a few hundred records, 3 runs; checks only that every row runs and is correct")
    ap.add_argument("--growth", action="store_true", help="also readiness, diff and a requirement's history at 10k, 30k and 100k records")
    ap.add_argument("--runs", type=int, default=5, help="runs per command (at least 5 for the full table)")
    ap.add_argument("--rows", help="comma-separated subset: bulk,add,readiness,diff,history,history-req,verify,report,bundle,sync,clone")
    ap.add_argument("--instructions", action=argparse.BooleanOptionalAction, default=None,
                    help="count the instructions of readiness and diff on the 10k ledger under valgrind's callgrind "
                         "(default: on for the full table, off with --tiny or --rows)")
    ap.add_argument("--json", help="also write the results as JSON to this file")
    ap.add_argument("--markdown", help="also write the tables, the machine and the date as Markdown to this file (Benchmarks/RESULTS.md)")
    args = ap.parse_args()
    RUNS = max(args.runs, 1)

    evident = args.evident
    if not evident:
        bin_path = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
        evident = str(Path(bin_path) / "evident")
        if not Path(evident).exists():
            log("building the release binary (swift build -c release)")
            subprocess.run(["swift", "build", "-c", "release", "--product", "evident"], cwd=ROOT, check=True)
    evident = str(Path(evident).resolve())
    if not os.access(evident, os.X_OK):
        print(f"bench: {evident} is not an executable", file=sys.stderr)
        return 1
    workdir = Path(args.workdir).resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    env = Env(workdir / "home")
    only = set(args.rows.split(",")) if args.rows else None

    started = time.perf_counter()
    counting = args.instructions if args.instructions is not None else not args.tiny and only is None
    results = rows(evident, env, workdir, args.tiny, only)
    growth: list[Result] = []
    if args.growth and not args.tiny:
        for scale in GROWTH:
            path = ledger(evident, env, workdir, scale, thorough=False)
            growth.append(readiness_row(evident, env, path, scale, RUNS, workdir / "scratch"))
            growth.append(readiness_again_row(evident, env, path, scale, RUNS, workdir / "scratch"))
            growth.append(diff_row(evident, env, path, scale, RUNS, workdir / "scratch"))
            growth.append(history_requirement_row(evident, env, path, scale, RUNS, workdir / "scratch"))
    counts = instructions(evident, env, workdir, args.tiny) if counting else []

    print(f"evident benchmarks ({'tiny' if args.tiny else 'full'}; medians of {3 if args.tiny else RUNS} runs; ratio = evident / git; "
          f"{datetime.date.today().isoformat()}; {time.perf_counter() - started:.0f} s)\n")
    print(table(results, args.tiny))
    if growth:
        print("\nGrowth (readiness, diff and a requirement's history at 10k, 30k and 100k records):\n")
        print(table(growth, args.tiny))
    if counts:
        print(f"\nInstructions (valgrind --tool=callgrind, {INSTRUCTION_RUNS} runs each):\n")
        print(instruction_table(counts))
    if args.json:
        Path(args.json).write_text(json.dumps([
            {"row": r.name, "evident": r.evident, "git": r.baseline, "ratio": r.ratio, "peak_mb": r.peak, "verdict": r.verdict(args.tiny),
             "growth": r in growth}
            for r in results + growth] + [{"instructions": c.command, "counts": c.counts} for c in counts], indent=2) + "\n")
    if args.markdown:
        Path(args.markdown).write_text(markdown(evident, env, workdir, results, growth, counts, args.tiny, time.perf_counter() - started))
    failed = [r for r in results + growth if r.failed(args.tiny)]
    if failed:
        print(f"\n{len(failed)} row(s) failed: " + ", ".join(r.name for r in failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
