"""`copydesk audit` on a real Dask LocalCluster of 2 worker processes, over a fixed subset of
PolNeAR and FA-KES in every source form (story files, CSV, JSON Lines, Parquet): the findings
equal `copydesk lint --format json` on the same texts, every story is written once, a killed
worker loses and duplicates nothing, a stopped run resumes, bad stories are recorded with their
error, metadata travels, and the report renders in headless Chromium."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import tomllib
from collections import defaultdict
from pathlib import Path

import pytest

from conftest import ROOT, corpus

pa = pytest.importorskip("pyarrow", reason="the audit extra is not installed: pip install '.[audit]'")
pq = pytest.importorskip("pyarrow.parquet")
distributed = pytest.importorskip("distributed")

EACH = 15  # stories per source form: 30 PolNeAR and 30 FA-KES articles, plus the broken ones
PART = 5  # stories per partition, so that a run has partitions to lose and to resume


def _fakes(rows: range) -> list[dict]:
    with corpus("fakes", "FA-KES-Dataset.csv").open(encoding="utf-8", newline="") as fh:
        every = list(csv.DictReader(fh))
    return [{"id": r["unit_id"], "text": f"{r['article_title'].strip()}\n\n{r['article_content'].strip()}",
             "desk": r["source"], "date": r["date"], "location": r["location"]} for r in (every[i] for i in rows)]


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """The sources, and every story's text as a file for `copydesk lint` (table rows by source and row)."""
    root = tmp_path_factory.mktemp("archive")
    texts = sorted(corpus("polnear", "test", "text").glob("*.txt"))
    files = root / "files"
    files.mkdir()
    for p in texts[:EACH]:
        shutil.copy(p, files / p.name)
    (files / "zz-broken.txt").write_bytes(b"Headline\x00\x01\x02 binary")  # a story that cannot be read

    meta = {}
    with corpus("polnear", "metadata.tsv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            meta[row["filename"]] = row
    stories = []
    for p in texts[EACH : 2 * EACH]:
        m = meta.get(p.stem, {})
        day = m.get("publication_date") or None
        stories.append({"id": p.stem, "text": p.read_text(encoding="utf-8"), "desk": m.get("publisher"),
                        "date": __import__("datetime").date.fromisoformat(day) if day else None})
    pq.write_table(pa.Table.from_pylist(stories), root / "polnear.parquet", row_group_size=8)

    with (root / "fakes.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, ["id", "text", "desk", "date", "location"])
        writer.writeheader()
        writer.writerows(_fakes(range(EACH)))
    with (root / "fakes.jsonl").open("w", encoding="utf-8") as fh:
        for r in _fakes(range(EACH, 2 * EACH)):
            fh.write(json.dumps(r) + "\n")
        fh.write(json.dumps({"id": "not-text", "text": 1234, "desk": "wire"}) + "\n")  # fails: not a string
        fh.write(json.dumps({"id": "no-text", "text": None, "desk": "wire"}) + "\n")  # skipped: nothing to audit

    lint = root / "lint"
    lint.mkdir()
    for source in ("polnear.parquet", "fakes.csv", "fakes.jsonl"):
        path = root / source
        rows = (pq.read_table(path).to_pylist() if source.endswith("parquet")
                else list(csv.DictReader(path.open(encoding="utf-8", newline=""))) if source.endswith("csv")
                else [json.loads(line) for line in path.open(encoding="utf-8")])
        for n, r in enumerate(rows, 1):
            if isinstance(r["text"], str):
                (lint / f"{path.name}-{n:03d}.txt").write_text(r["text"], encoding="utf-8")
    sources = [str(files), str(root / "fakes.csv"), str(root / "fakes.jsonl"), str(root / "polnear.parquet")]
    return {"root": root, "sources": sources, "stories": 4 * EACH + 3}


def lint_key(story: dict) -> str:
    """The path `copydesk lint` reports for a story of the audit."""
    if story["row"] is None:
        return story["source"]
    source = Path(story["source"])
    return str(source.parent / "lint" / f"{source.name}-{story['row']:03d}.txt")


@pytest.fixture(scope="module")
def linted(archive):
    """`copydesk lint --format json` over the same texts, in this process: {path: findings}."""
    from copydesk.cli import main

    out = archive["root"] / "lint.json"
    with out.open("w") as fh, _stdout(fh):
        main(["lint", "--format", "json", "--quiet", "--fail-on", "never", "--jobs", "1",
              archive["sources"][0], str(archive["root"] / "lint")])
    return {f["path"]: f["findings"] for f in json.loads(out.read_text())["files"]}


class _stdout:
    def __init__(self, fh):
        self.fh = fh

    def __enter__(self):
        self.saved, sys.stdout = sys.stdout, self.fh

    def __exit__(self, *exc):
        sys.stdout = self.saved


@pytest.fixture(scope="module")
def cluster():
    """A real LocalCluster: 2 worker processes of one thread, each with a nanny that restarts it."""
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as local:
        with Client(local) as client:
            yield client


def audit(*args, scheduler=None) -> subprocess.Popen:
    """`copydesk audit ARGS` as a user runs it, in its own process."""
    cmd = [sys.executable, "-m", "copydesk", "audit", *map(str, args)] + (["--scheduler", scheduler] if scheduler else [])
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)


def finish(proc: subprocess.Popen, timeout: float = 300) -> str:
    out, err = proc.communicate(timeout=timeout)
    assert proc.returncode == 0, err
    return err


@pytest.fixture(scope="module")
def first(archive, cluster, tmp_path_factory):
    out = tmp_path_factory.mktemp("audit") / "out"
    err = finish(audit(*archive["sources"], "--out", out, "--partition-size", PART, scheduler=cluster.scheduler.address))
    return {"out": out, "err": err}


def rows(path: Path) -> list[dict]:
    return pq.read_table(path).to_pylist()


def by_story(findings: list[dict]) -> dict[tuple, list[tuple]]:
    out = defaultdict(list)
    for f in findings:
        out[(f["source"], f["row"], f["id"])].append((f["rule"], f["start"], f["end"], f["message"], f["severity"]))
    return {k: sorted(v) for k, v in out.items()}


def test_findings_equal_lint_story_for_story(first, linted):
    stories = rows(first["out"] / "stories.parquet")
    found = by_story(rows(first["out"] / "findings.parquet"))
    compared = 0
    for s in stories:
        if s["status"] != "ok":
            continue
        want = sorted((f["rule"], f["start"], f["end"], f["message"], f["severity"]) for f in linted[lint_key(s)])
        assert found.get((s["source"], s["row"], s["id"]), []) == want, s["id"]
        assert s["findings"] == len(want)
        compared += 1
    assert compared == 4 * EACH
    assert sum(len(v) for v in found.values()) > 100  # real copy: hundreds of findings, not a vacuous match


def test_every_story_exactly_once(first, archive):
    stories = rows(first["out"] / "stories.parquet")
    keys = [(s["source"], s["row"], s["id"]) for s in stories]
    assert len(keys) == len(set(keys)) == archive["stories"]
    record = json.loads((first["out"] / "audit.json").read_text())
    assert record["stories"] == archive["stories"] and record["computed"] == record["partitions"] > 4


def test_a_story_that_fails_is_recorded_and_the_run_goes_on(first, archive):
    stories = {s["id"]: s for s in rows(first["out"] / "stories.parquet")}
    broken = stories[str(Path(archive["sources"][0]) / "zz-broken.txt")]
    assert broken["status"] == "error"
    assert broken["error"] == f"{broken['id']}: binary file (contains NUL bytes)"  # as `copydesk lint` words it
    assert stories["not-text"]["status"] == "error"
    assert stories["not-text"]["error"] == "not-text: the text is int, not a string"
    assert stories["no-text"]["status"] == "skipped"
    assert sum(s["status"] == "ok" for s in stories.values()) == 4 * EACH


def test_metadata_columns_travel_to_findings_and_stories(first):
    findings = rows(first["out"] / "findings.parquet")
    stories = {(s["source"], s["row"]): s for s in rows(first["out"] / "stories.parquet")}
    schema = pq.read_schema(first["out"] / "findings.parquet")
    assert {"desk", "date", "location"} <= set(schema.names)
    assert pa.types.is_string(schema.field("date").type)  # parquet's dates and the CSV's text meet as text
    checked = defaultdict(int)
    for f in findings:
        story = stories[(f["source"], f["row"])]
        for column in ("desk", "date", "location"):
            assert f[column] == story[column]
        if f["row"] is not None:
            assert f["desk"]  # every table story has a desk
            checked[Path(f["source"]).suffix] += 1
    assert set(checked) == {".csv", ".jsonl", ".parquet"}
    csv_story = next(s for s in stories.values() if s["source"].endswith("fakes.csv"))
    assert csv_story["location"] and csv_story["date"].count("/") == 2  # FA-KES's own columns, as written


def test_a_killed_worker_loses_and_duplicates_nothing(first, archive, cluster, tmp_path):
    out = tmp_path / "out"
    pids = cluster.run(os.getpid)
    proc = audit(*archive["sources"], "--out", out, "--partition-size", PART, scheduler=cluster.scheduler.address)
    victim = None
    deadline = time.monotonic() + 120
    while victim is None and time.monotonic() < deadline and proc.poll() is None:
        busy = [w for w, keys in cluster.processing().items() if any(str(k).startswith("copydesk-part") for k in keys)]
        if busy and list((out / "parts").glob("*.stories.parquet")):  # mid-run: some written, one running
            victim = pids[busy[0]]
            os.kill(victim, signal.SIGKILL)
        time.sleep(0.05)
    assert victim is not None, "the run ended before a worker could be killed"
    finish(proc)
    assert victim not in cluster.run(os.getpid).values()  # the nanny started a new worker in its place
    assert rows(out / "stories.parquet") == rows(first["out"] / "stories.parquet")
    assert rows(out / "findings.parquet") == rows(first["out"] / "findings.parquet")


def test_a_stopped_run_resumes_where_it_was(first, archive, cluster, tmp_path):
    out = tmp_path / "out"
    proc = audit(*archive["sources"], "--out", out, "--partition-size", PART, scheduler=cluster.scheduler.address)
    deadline = time.monotonic() + 120
    while len(list((out / "parts").glob("*.stories.parquet"))) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.kill()  # the command itself, mid-run
    proc.communicate()
    # A partition is finished once its stories file is written (last); one killed between its
    # findings and its stories file is unfinished, and rightly computed again.
    finished = {p.name.split(".")[0] for p in (out / "parts").glob("*.stories.parquet")}
    done = {p: p.stat().st_mtime_ns for p in (out / "parts").glob("*.parquet") if p.name.split(".")[0] in finished}
    assert not (out / "stories.parquet").exists()
    finish(audit(*archive["sources"], "--out", out, "--partition-size", PART, scheduler=cluster.scheduler.address))
    record = json.loads((out / "audit.json").read_text())
    resumed = sum(p.name.endswith(".stories.parquet") for p in done)
    assert resumed >= 3 and record["resumed"] == resumed and record["computed"] == record["partitions"] - resumed
    assert {p: p.stat().st_mtime_ns for p in done} == done  # finished partitions were not computed again
    assert rows(out / "stories.parquet") == rows(first["out"] / "stories.parquet")
    assert rows(out / "findings.parquet") == rows(first["out"] / "findings.parquet")

    # And once more over a finished audit: nothing to compute, the same outputs.
    finish(audit(*archive["sources"], "--out", out, "--partition-size", PART, scheduler=cluster.scheduler.address))
    record = json.loads((out / "audit.json").read_text())
    assert record["computed"] == 0 and record["resumed"] == record["partitions"]
    assert rows(out / "findings.parquet") == rows(first["out"] / "findings.parquet")


def test_embedded_local_cluster_is_started_and_stopped(archive, tmp_path):
    out = tmp_path / "out"
    err = finish(audit(archive["sources"][1], "--out", out, "--workers", "2", "--partition-size", PART))
    record = json.loads((out / "audit.json").read_text())
    assert record["workers"] == 2 and record["scheduler"] is None
    assert "local cluster: 2 workers; dashboard http" in err
    assert len(rows(out / "stories.parquet")) == EACH


def test_gazetteer_is_ready_to_paste(first):
    from copydesk.config import Config
    from copydesk.rules.analysis.folding import key

    text = (first["out"] / "gazetteer.toml").read_text()
    table = tomllib.loads(text)["gazetteer"]
    Config.from_dict({"gazetteer": table})  # the config's own schema accepts it as it stands
    assert table, text
    for preferred, variants in table.items():
        assert variants and preferred not in variants
        for v in variants:  # each variant folds to the name, or the house gazetteer lists them together
            assert key(v) == key(preferred) or abs(len(key(v)) - len(key(preferred))) == 1, (preferred, v)
    # Real variants across the subset's stories: the Observatory director's name, and Hasakeh.
    assert {"Rami Abdulrahman", "Rami Abdurrahman"} <= set(table["Rami Abdel Rahman"])
    assert "Hasaka" in table["Hasakeh"]
    first_entry = next(line for line in text.splitlines() if line.startswith("# ") and " in " in line)
    assert "stories" in first_entry or "story" in first_entry  # counts in comments


def test_report_renders_offline_in_headless_chromium(first, tmp_path):
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    report = first["out"] / "report.html"
    page = report.read_text()
    assert "http://" not in page.replace("http://127.0.0.1", "") and "<link" not in page  # nothing to fetch
    flags = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}", "--enable-logging=stderr", "--v=0"]
    dom = subprocess.run([*flags, "--virtual-time-budget=3000", "--dump-dom", report.as_uri()],
                         capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert "Uncaught" not in dom.stderr and ":CONSOLE" not in dom.stderr
    html = re.search(r"<html[^>]*>", dom.stdout).group()
    charts, drawn = (int(re.search(rf'data-{k}="(\d+)"', html).group(1)) for k in ("charts", "drawn"))
    assert charts >= 5 and drawn == charts, html  # every chart laid out with a real size
    for section in ('id="rules"', 'id="time"', 'id="desks"', 'id="sources"', 'id="names"', 'id="top"'):
        assert section in dom.stdout
    shot = tmp_path / "report.png"
    subprocess.run([*flags, f"--screenshot={shot}", "--window-size=1200,1600", report.as_uri()],
                   capture_output=True, timeout=120, check=True)
    from PIL import Image

    colours = Image.open(shot).convert("RGB").getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 50  # drawn charts, not a blank page


def test_without_the_audit_extra_it_says_how_to_install_it(tmp_path):
    code = ("import sys; sys.modules['distributed'] = None; from copydesk.cli import main; "
            f"sys.exit(main(['audit', {str(tmp_path)!r}, '--out', {str(tmp_path / 'out')!r}]))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.returncode == 2
    assert run.stderr.strip().splitlines() == [
        "copydesk: audit needs distributed, which is not installed: pip install 'copydesk[audit]'"]


def test_a_source_that_names_nothing_is_one_line_and_no_cluster(tmp_path, cli):
    run = cli("audit", tmp_path / "missing", "--out", tmp_path / "out")
    assert run.code == 2 and run.err.strip() == f"copydesk: {tmp_path / 'missing'}: no such file or directory"
    (tmp_path / "t.csv").write_text("id,body\n1,Some text\n")
    run = cli("audit", tmp_path / "t.csv", "--out", tmp_path / "out")
    assert run.code == 2 and "no column 'text' (--text-column); it has id, body" in run.err


# -- issue 26: a table is read as its own format's reader reads it, and nothing is lost ----------------
def _csv_audit(cluster, path: Path, out: Path, size: int) -> tuple[dict, list[dict]]:
    finish(audit(path, "--out", out, "--partition-size", size, "--select", "typography",
                 scheduler=cluster.scheduler.address))
    return json.loads((out / "audit.json").read_text()), rows(out / "stories.parquet")


def _csv_ids(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [r["id"] for r in csv.DictReader(fh)]


def test_a_bare_inch_mark_in_the_first_story_is_read_as_the_csv_module_reads_it(cluster, tmp_path):
    path = tmp_path / "wire.csv"
    path.write_text('id,text\na1,The 6" statue was stolen from the museum on Tuesday.\n'
                    'a2,"Police said the thief, a local man, was arrested."\na3,The museum reopened on Friday.\n')
    record, stories = _csv_audit(cluster, path, tmp_path / "out", PART)
    assert [s["id"] for s in stories] == _csv_ids(path) == ["a1", "a2", "a3"]
    assert [s["status"] for s in stories] == ["ok"] * 3 and [s["row"] for s in stories] == [1, 2, 3]
    assert record["stories"] == sum(record["status"].values()) == len(stories)


def test_a_bare_inch_mark_mid_file_shifts_no_boundary(cluster, tmp_path):
    path = tmp_path / "wire.csv"
    lines = ["id,text,desk"]
    for n in range(1, 8):
        text = ('The 6" statue was stolen.' if n == 4 else '"A field, quoted,\nover two lines"' if n % 3 == 0
                else f'"Story {n} said ""this"" on Tuesday."')
        lines.append(f"m{n},{text},world")
    path.write_text("\n".join(lines) + "\n")
    record, stories = _csv_audit(cluster, path, tmp_path / "out", 2)  # partitions cut on each side of the mark
    assert [s["id"] for s in stories] == _csv_ids(path) == [f"m{n}" for n in range(1, 8)]
    assert all(s["status"] == "ok" and s["desk"] == "world" for s in stories)
    assert record["stories"] == sum(record["status"].values()) == len(stories) == 7
    assert record["failed"] == [] and record["partitions"] == 4


def test_a_row_that_cannot_be_read_is_reported_by_number(cluster, tmp_path):
    path = tmp_path / "wire.csv"
    path.write_bytes(b"id,text,desk\n"
                     b"r1,Strikes hit the town.,world\n"
                     b"r2,The ministry spoke.,caf\xe9\n"  # Latin-1 in a metadata column
                     b"r3,Too many,fields,here\n"
                     b"r4,The bridge reopened.,world\n")
    record, stories = _csv_audit(cluster, path, tmp_path / "out", 2)
    by_id = {s["id"]: s for s in stories}
    assert list(by_id) == ["r1", "r2", "r3", "r4"] and [s["row"] for s in stories] == [1, 2, 3, 4]
    assert by_id["r2"]["status"] == "error" and by_id["r2"]["error"] == "r2: not UTF-8 text (column 'desk')"
    assert by_id["r2"]["desk"] == "caf\ufffd"  # the value kept, its bad byte marked
    assert by_id["r3"]["status"] == "error" and by_id["r3"]["error"] == f"{path}:3: 4 fields where the header has 3"
    assert by_id["r1"]["status"] == by_id["r4"]["status"] == "ok"
    assert record["stories"] == len(stories) == 4 and record["status"] == {"ok": 2, "error": 2}


def test_dates_in_any_common_form_are_read_and_the_undated_are_counted(cluster, tmp_path):
    story = "The council met on Tuesday and the bridge reopened. " * 60  # 540 words
    dated = {  # four forms a month, the eight the report used to read only in part
        "Tue, 01 Jan 2019 10:00:00 +0000": "2019-01", "Jan. 5, 2019": "2019-01", "2019-01-09 08:00:00 UTC": "2019-01",
        "2019-01-20T10:00:00Z": "2019-01", "Fri, 01 Feb 2019 09:30:00 -0500": "2019-02", "Feb. 4, 2019": "2019-02",
        "4 February 2019 14:00 UTC": "2019-02", "02/28/2019": "2019-02",
    }
    path = tmp_path / "wire.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["id", "text", "date"])
        out.writerows([f"d{n}", story, day] for n, day in enumerate(dated))
        out.writerow(["u1", story + "The us -led coalition struck.", "Monday"])
        out.writerow(["u2", story, ""])
        out.writerow(["u3", story, "Jan. 5, 2019:999999999999999999999999999999"])  # dateutil raised (bench/fuzz.py)
    record, stories = _csv_audit(cluster, path, tmp_path / "out", PART)
    assert record["stories"] == len(stories) == 11 and record["status"] == {"ok": 11}
    page = (tmp_path / "out" / "report.html").read_text()
    assert "Words audited per month: 2019-01 2,160, 2019-02 2,160." in page  # every dated story in its month
    undated = re.search(r"<p class=note id=undated>(.*?)</p>", page).group(1)
    assert undated.startswith("Undated: 3 stories (1,625 words) have no date that can be read in the <code>date</code> column")
    assert "<code>Monday</code>" in undated
    assert re.search(r">u1</a></td><td>undated</td>", page)  # in the table of stories with findings, too
