"""The CLI and the config against hostile input and rough handling (issue 11, items 1-10): each test
reproduces one fault found from outside, through the real command or the real main()."""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import SEEDS, write

DIRTY = "The us -led coalition struck - twice - on Tuesday.\n"
FIXED = "The us-led coalition struck — twice — on Tuesday.\n"
COPYDESK = [sys.executable, "-m", "copydesk"]


# -- 1. workers die with their parent; TERM and INT stop them between files ----------------------
def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(entry.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")  # an orphaned zombie nobody reaps is dead all the same


def _wait(condition, bound: float = 60) -> bool:
    """Poll until condition() holds; False if it still does not after `bound` seconds (a hang)."""
    deadline = time.monotonic() + bound
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def _fix_run(desk: Path, files: int = 1500, **popen) -> tuple[subprocess.Popen, list[int], list[Path]]:
    """`copydesk lint --fix --jobs 2` over many files, returned once both workers are up."""
    paths = [write(desk / "copy" / f"{i:04d}.txt", DIRTY * 40) for i in range(files)]
    proc = subprocess.Popen([*COPYDESK, "lint", "--fix", "--quiet", "--jobs", "2", "copy"], cwd=desk,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **popen)
    assert _wait(lambda: len(_children(proc.pid)) >= 2 or proc.poll() is not None)
    workers = _children(proc.pid)
    assert proc.poll() is None and len(workers) == 2, "the run must still be going when it is stopped"
    return proc, workers, paths


def _whole(paths: list[Path], desk: Path) -> None:
    """Every file as it was or fully fixed, and no temporary file left beside them."""
    states = {p.read_text() for p in paths}
    assert states <= {DIRTY * 40, FIXED * 40}
    assert [p.name for p in (desk / "copy").iterdir() if p.name.startswith(".")] == []


def test_workers_exit_when_the_parent_is_killed(desk):
    proc, workers, paths = _fix_run(desk)
    proc.kill()
    proc.wait()
    assert _wait(lambda: not any(map(_alive, workers))), "workers outlived their parent"
    assert {p.read_text() for p in paths} <= {DIRTY * 40, FIXED * 40}


@pytest.mark.parametrize("sig,group,code", [(signal.SIGTERM, False, 143), (signal.SIGINT, False, 130),
                                            (signal.SIGINT, True, 130)])
def test_term_or_int_stops_the_workers_and_leaves_every_file_whole(desk, sig, group, code):
    proc, workers, paths = _fix_run(desk, start_new_session=True)
    assert _wait(lambda: any(p.read_text() == FIXED * 40 for p in paths))  # writes under way
    os.killpg(proc.pid, sig) if group else os.kill(proc.pid, sig)  # Ctrl-C reaches the whole group
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == code
    assert b"Traceback" not in err
    assert _wait(lambda: not any(map(_alive, workers))), "workers outlived the run"
    _whole(paths, desk)
    assert any(p.read_text() == DIRTY * 40 for p in paths), "the run was stopped, not finished"


# -- 2. a house rule's message is a template with known placeholders only ------------------------
@pytest.mark.parametrize("message", [
    "{match:>300000000}", "{match.__class__.__mro__}", "{match[0]}", "{", "}", "{match:d}", "{match!r}",
    "{0}", "{}", "{expected}",  # positional, and a placeholder of another kind
])
def test_house_rule_message_may_use_only_the_documented_placeholders(message):
    from copydesk.config import Config, ConfigError

    spec = {"kind": "existence", "tokens": ["war-torn"], "message": message}
    with pytest.raises(ConfigError) as err:
        Config.from_dict({"house_rules": {"wire-cliches": spec}})
    assert "house_rules.wire-cliches.message" in str(err.value)


def test_a_hostile_message_is_a_config_error_before_any_file(desk, cli):
    write(desk / ".copydesk.toml", '[house_rules.wire-cliches]\nkind = "existence"\ntokens = ["war-torn"]\n'
                                   'message = "{match:>300000000}"\n')
    write(desk / "story.txt", "The war-torn city fell.\n")
    run = cli("lint", "story.txt")
    assert run.code == 2 and run.out == ""
    assert "house_rules.wire-cliches.message" in run.err and "Traceback" not in run.err
    assert len(run.err) < 1000


def test_a_finding_message_has_a_bounded_length(desk, cli):
    phrase = "very " * 400 + "long"
    write(desk / ".copydesk.toml", '[house_rules.long]\nkind = "existence"\n'
                                   f'tokens = ["{phrase}"]\nmessage = "{{match}} {{match}} {{match}}"\n')
    write(desk / "story.txt", f"It was {phrase} indeed.\n")
    [finding] = cli("lint", "--format", "json", "story.txt").json()["files"][0]["findings"]
    assert finding["message"].startswith("very very") and len(finding["message"]) <= 500


def test_doubled_braces_are_literal(desk, cli):
    write(desk / ".copydesk.toml", '[house_rules.wire-cliches]\nkind = "existence"\ntokens = ["war-torn"]\n'
                                   'message = "{{cliché}}: {match}"\n')
    write(desk / "story.txt", "The war-torn city fell.\n")
    [finding] = cli("lint", "--format", "json", "story.txt").json()["files"][0]["findings"]
    assert finding["message"] == "{cliché}: war-torn"


# -- 3. an unknown rule inside [[overrides]] -----------------------------------------------------
@pytest.mark.parametrize("key,value", [("ignore", '["no-such-rule"]'), ("select", '["typografy"]'),
                                       ("severity", '{ no-such-rule = "off" }')])
def test_unknown_rule_in_overrides_is_a_one_line_config_error(desk, cli, key, value):
    write(desk / ".copydesk.toml", f'[[overrides]]\nfiles = ["*.txt"]\n{key} = {value}\n')
    write(desk / "a.txt", DIRTY)
    write(desk / "b.txt", DIRTY)
    run = cli("lint", "a.txt", "b.txt")
    assert run.code == 2 and "Traceback" not in run.err and "internal error" not in run.err
    errors = run.err.splitlines()
    assert errors[0].startswith("copydesk: config error: ") and "overrides[0]" in errors[0]
    assert errors[1:] == ["copydesk: a.txt: not linted (config error)", "copydesk: b.txt: not linted (config error)"]


# -- 4. a symlink loop ---------------------------------------------------------------------------
def test_symlink_loop_is_one_line_naming_the_file(desk, cli):
    os.symlink("b.txt", desk / "a.txt")
    os.symlink("a.txt", desk / "b.txt")
    write(desk / "good.txt", DIRTY)
    run = cli("lint", "a.txt", "good.txt")
    assert run.code == 2
    assert run.err.splitlines() == ["copydesk: a.txt: symbolic link loop"]
    assert run.out.startswith("good.txt:1:7:")


# -- 5. an unreadable subdirectory ---------------------------------------------------------------
def _without_root_overrides():
    """As root, give up reading past permissions (CAP_DAC_*) in the child, so a chmod 000 folder
    is unreadable to it as to anyone else."""
    if os.geteuid() != 0:
        return None

    def drop():
        libc = ctypes.CDLL(None, use_errno=True)
        for cap in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, out of the bounding set before exec
            if libc.prctl(24, cap, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
                raise OSError(ctypes.get_errno(), "PR_CAPBSET_DROP")

    try:
        subprocess.run(["true"], preexec_fn=drop, check=True)
    except (subprocess.SubprocessError, OSError) as exc:
        pytest.skip(f"root here cannot give up CAP_DAC_OVERRIDE for a child: {exc}")
    return drop


def test_unreadable_subdirectory_is_reported_with_its_path(desk):
    write(desk / "copy" / "good.txt", DIRTY)
    locked = write(desk / "copy" / "locked" / "hidden.txt", DIRTY).parent
    preexec = _without_root_overrides()
    locked.chmod(0)

    def lint(path):
        return subprocess.run([*COPYDESK, "lint", path], cwd=desk, capture_output=True, text=True,
                              preexec_fn=preexec, timeout=120)

    try:
        inside, named = lint("copy"), lint("copy/locked")
    finally:
        locked.chmod(0o755)
    assert inside.returncode == 2 and named.returncode == 2
    assert inside.stderr.splitlines() == named.stderr.splitlines() == ["copydesk: copy/locked: permission denied"]
    assert inside.stdout.startswith("copy/good.txt:1:7:")


# -- 6. a paragraph over spaCy's limit -----------------------------------------------------------
def test_a_two_megabyte_one_line_file_is_linted_in_pieces(desk, cli):
    write(desk / ".copydesk.toml", 'select = ["truncated-attribution", "typography"]\n')
    filler = "The council met on Tuesday and agreed the budget for the year. " * 32_000
    cut = '"The bill will reach the floor next week," said Rep. The speaker disagreed.'
    text = filler + cut  # one paragraph of 2 MB, over spaCy's limit of 1,000,000 characters (E088)
    write(desk / "story.txt", text + "\n")
    run = cli("lint", "--format", "json", "story.txt")
    assert run.code == 1 and run.err == ""
    [found] = run.json()["files"][0]["findings"]
    assert found["rule"] == "truncated-attribution" and text[found["start"] : found["end"]] == "Rep."
    assert (found["line"], found["column"]) == (1, len(filler) + cut.index("Rep.") + 1)


def test_pieces_of_a_long_paragraph_keep_offsets_and_quotations():
    from copydesk import markup

    quote = '"We will not leave. We will stay. We will hold the line," he said. '
    html = "<p>" + ("Strikes hit Raqqa &amp; Deir ez-Zor. " * 200 + quote * 100) + "</p>"
    text = html.replace("&amp;", "&")[3:-4]
    paras = markup.paragraphs(html, "html")
    assert len(paras) > 1 and all(len(p.text) <= markup.LONG for p in paras)
    assert " ".join(p.text for p in paras) == text.strip()
    for p in paras:  # each piece points into the file, entity and all
        assert html[p.start : p.end].replace("&amp;", "&") == p.text
        assert p.text.count('"') % 2 == 0  # no cut inside a quotation


def test_long_one_line_paragraph_is_parsed_with_the_model_and_findings_point_into_the_file(desk, cli):
    write(desk / ".copydesk.toml", 'select = ["truncated-attribution", "unbalanced-quotes"]\n')
    sentence = ('"The bill will reach the floor next week," said Rep. The speaker disagreed. '
                "Officials said the coalition hit oil sites near Deir Ezzour on Tuesday. ")
    text = sentence * 150  # one paragraph of ~20,000 characters on one line
    write(desk / "story.txt", text + "\n")
    run = cli("lint", "--format", "json", "story.txt")
    assert run.err == ""
    found = [f for f in run.json()["files"][0]["findings"] if f["rule"] == "truncated-attribution"]
    assert len(found) == 150
    assert all(text[f["start"]:f["end"]] == "Rep." for f in found)
    assert found[-1]["start"] == len(text) - len(sentence) + sentence.index("Rep.")


# -- 7. UTF-16 and UTF-32 with a byte-order mark -------------------------------------------------
@pytest.mark.parametrize("codec,bom", [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"),
                                       ("utf-32-le", b"\xff\xfe\x00\x00"), ("utf-32-be", b"\x00\x00\xfe\xff")])
def test_utf16_and_utf32_with_a_bom_are_read_and_fixed_in_their_encoding(desk, cli, codec, bom):
    story = desk / "story.txt"
    story.write_bytes(bom + ("Headline\r\n\r\n" + DIRTY).encode(codec))
    listed = cli("lint", "--format", "json", "story.txt")
    assert listed.err == ""
    assert [f["line"] for f in listed.json()["files"][0]["findings"]] == [3, 3, 3]
    cli("lint", "--fix", "story.txt")
    assert story.read_bytes() == bom + ("Headline\r\n\r\n" + FIXED).encode(codec)
    piped = subprocess.run([*COPYDESK, "lint", "--fix", "-"], input=bom + DIRTY.encode(codec), cwd=desk,
                           capture_output=True, timeout=120)
    assert piped.stdout == bom + FIXED.encode(codec)  # a filter answers in the encoding it was given


def test_an_undecodable_file_names_its_encoding(desk, cli):
    (desk / "bad16.txt").write_bytes(b"\xff\xfe" + "Strikes\n".encode("utf-16-le") + b"\x00\xd8A\x00")
    (desk / "latin1.txt").write_bytes("Caf\xe9 owners said.\n".encode("latin-1"))
    run = cli("lint", "bad16.txt", "latin1.txt")
    assert run.code == 2
    assert run.err.splitlines() == [
        "copydesk: bad16.txt: not UTF-16 text (a UTF-16 LE byte-order mark, then bytes 0x00 0xd8 at offset 18, line 2)",
        "copydesk: latin1.txt: not UTF-8 text (byte 0xe9 at offset 3, line 1)",
    ]


# -- 8. a model that cannot be loaded ------------------------------------------------------------
def test_an_unloadable_model_is_an_error_in_lint(desk):
    write(desk / ".copydesk.toml", 'model = "en_core_web_smm"\n')
    write(desk / "story.txt", (SEEDS / "coalition-strikes-deir-ezzour.txt").read_text())
    write(desk / "quote.txt", '"We will respond," he said.\n')
    run = subprocess.run([*COPYDESK, "lint", "--fix", "story.txt", "quote.txt"], cwd=desk, capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 2
    lines = run.stderr.splitlines()
    assert lines[0].startswith("copydesk: config error: ") and "en_core_web_smm" in lines[0]
    assert lines[1:3] == ["copydesk: story.txt: not linted (the model cannot be loaded)",
                          "copydesk: quote.txt: not linted (the model cannot be loaded)"]
    assert run.stdout == ""
    assert (desk / "story.txt").read_text() == (SEEDS / "coalition-strikes-deir-ezzour.txt").read_text()


# -- 9. --fix keeps owner, group and hard links --------------------------------------------------
@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")
def test_fix_as_root_keeps_the_owner_and_group(desk, cli):
    story = write(desk / "story.txt", DIRTY)
    os.chown(story, 4321, 4322)
    story.chmod(0o664)
    cli("lint", "--fix", "story.txt")
    assert story.read_text() == FIXED
    info = story.stat()
    assert (info.st_uid, info.st_gid, info.st_mode & 0o7777) == (4321, 4322, 0o664)


def test_fix_keeps_hard_links(desk, cli):
    story = write(desk / "story.txt", DIRTY)
    os.link(story, desk / "archive-copy.txt")
    inode = story.stat().st_ino
    cli("lint", "--fix", "story.txt")
    assert story.read_text() == FIXED and (desk / "archive-copy.txt").read_text() == FIXED
    assert story.stat().st_ino == inode and story.stat().st_nlink == 2
    assert [p.name for p in desk.iterdir() if p.name.startswith(".story")] == []


# -- 10. rules' descriptions are text, not markup ------------------------------------------------
def test_rules_table_keeps_brackets(cli, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / ".copydesk.toml", '[house_rules.sic]\nkind = "existence"\ntokens = ["[sic]", "[bold]x"]\n')
    monkeypatch.setenv("COLUMNS", "2000")  # one row a line, so each summary shows whole
    run = cli("rules")
    assert run.code == 0
    for rule in cli("rules", "--format", "json").json():
        assert rule["summary"] in run.out
    assert "`country_form` in the `[house]` table." in run.out and "'[sic]'; '[bold]x'" in run.out
