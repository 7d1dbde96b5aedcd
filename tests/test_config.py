"""Configuration through real files and the real CLI: discovery, --config, validation errors,
per-glob overrides, select/ignore and severities."""

from __future__ import annotations

import pytest

from copydesk import config as configs
from copydesk.config import Config, ConfigError

from conftest import TEXT_RULES, write

STORY = "The us -led coalition struck twice.\n\nAdjust Comment Print\n"


def rules_fired(run) -> list[tuple[str, str]]:
    """(path, rule) pairs, in output order."""
    return [(f["path"], x["rule"]) for f in run.json()["files"] for x in f["findings"]]


@pytest.fixture
def tree(tmp_path, monkeypatch):
    """A project with a story two folders down, linted from the project root."""
    write(tmp_path / "desk" / "world" / "story.txt", STORY)
    monkeypatch.chdir(tmp_path)
    # Only the text rules, so that these tests are about config, not about the NLP rules.
    write(tmp_path / ".copydesk.toml", f"select = {TEXT_RULES!r}\n".replace("'", '"'))
    return tmp_path


def test_defaults_without_any_config(tmp_path, cli):
    path = write(tmp_path / "story.txt", STORY)
    assert configs.find(path) is None
    run = cli("lint", "--format", "json", "--select", ",".join(TEXT_RULES), path)
    assert sorted(r for _, r in rules_fired(run)) == ["page-furniture", "spaced-hyphen"]


def test_nearest_config_walking_up_from_the_file(tree, cli):
    # A pyproject.toml without [tool.copydesk] is not a copydesk config: the walk goes past it.
    write(tree / "desk" / "world" / "pyproject.toml", '[project]\nname = "x"\n')
    write(tree / "desk" / "pyproject.toml", '[tool.copydesk]\nignore = ["page-furniture"]\n')
    assert configs.find(tree / "desk" / "world" / "story.txt") == (tree / "desk" / "pyproject.toml").resolve()
    run = cli("lint", "--format", "json", "desk")
    # The nearest config replaces the root one entirely: its select is the default "all".
    assert "page-furniture" not in [r for _, r in rules_fired(run)]
    assert "spaced-hyphen" in [r for _, r in rules_fired(run)]


def test_dot_copydesk_toml_beats_pyproject_in_the_same_folder(tree, cli):
    write(tree / "desk" / "pyproject.toml", '[tool.copydesk]\nignore = ["page-furniture"]\n')
    write(tree / "desk" / ".copydesk.toml", 'select = ["page-furniture"]\n')
    run = cli("lint", "--format", "json", "desk")
    assert rules_fired(run) == [("desk/world/story.txt", "page-furniture")]


def test_config_option_overrides_discovery(tree, cli):
    write(tree / "desk" / ".copydesk.toml", 'select = ["page-furniture"]\n')
    chosen = write(tree / "elsewhere" / "house.toml", 'select = ["spaced-hyphen"]\n')
    run = cli("lint", "--format", "json", "--config", chosen, "desk")
    assert rules_fired(run) == [("desk/world/story.txt", "spaced-hyphen")]


@pytest.mark.parametrize(
    "body,named",
    [
        ("colour = 1\n", "'colour'"),
        ('[house]\ncountry = "US"\n', "'house.country'"),
        ('[house]\ncountry_form = "USA"\n', "'house.country_form'"),
        ('select = "typography"\n', "'select'"),
        ("max_file_size = \"big\"\n", "'max_file_size'"),
        ('[severity]\nspaced-hyphen = "loud"\n', "'severity.spaced-hyphen'"),
        ('[severity]\nno-such-rule = "off"\n', "'no-such-rule'"),
        ('ignore = ["no-such-rule"]\n', "'no-such-rule'"),
        ('[[overrides]]\nfiles = ["a/*"]\nselct = ["x"]\n', "'overrides.0.selct'"),
        ('[[overrides]]\nignore = ["typography"]\n', "'files'"),
        ("select = [\n", "not valid TOML"),
        # issue 26: the key at fault, and the one meant when it is near
        ('[gazetteer]\nRaqqa = { variant = ["Rakka"] }\n', "unknown key 'gazetteer.Raqqa.variant'; did you mean 'variants'?"),
        ('[gazetteer]\nRaqqa = 3\n', "'gazetteer.Raqqa': expected a list of strings, or a table of variants, kind, exonyms"),
        ('[gazetteer]\nRaqqa = { kind = "plaec" }\n', "'gazetteer.Raqqa.kind': 'plaec' is not one of ['place', 'person', 'org']; did you mean 'place'?"),
        ('selct = ["typography"]\n', "unknown key 'selct'; did you mean 'select'?"),
        ('ignore = ["hyphen-as-dsh"]\n', "unknown rule or group 'hyphen-as-dsh' in 'ignore'; did you mean 'hyphen-as-dash'?"),
    ],
)
def test_bad_config_is_an_error_naming_key_and_file(tree, cli, body, named):
    bad = write(tree / "desk" / ".copydesk.toml", body)
    other = write(tree / "other.txt", STORY)
    run = cli("lint", "desk", other)
    assert run.code == 2
    assert f"{bad}" in run.err and named in run.err, run.err
    [line] = [line for line in run.err.splitlines() if str(bad) in line]  # one line says it all
    # The files that config governs are not linted; the others still are.
    assert "desk/world/story.txt: not linted (config error)" in run.err
    assert "other.txt:1:7: info spaced-hyphen" in run.out


def test_bad_pyproject_table_is_named(tree, cli):
    bad = write(tree / "desk" / "pyproject.toml", "[tool.copydesk]\nselect = [1]\n")
    run = cli("lint", "desk")
    assert run.code == 2 and f"{bad}: bad value for 'select.0'" in run.err, run.err


def test_bad_config_option_is_an_error(tree, cli):
    bad = write(tree / "house.toml", "surprise = true\n")
    run = cli("lint", "--config", bad, "desk")
    assert run.code == 2 and f"{bad}: unknown key 'surprise'" in run.err
    run = cli("lint", "--config", tree / "missing.toml", "desk")
    assert run.code == 2 and "missing.toml: cannot read config" in run.err


def test_per_glob_overrides(tree, cli):
    write(tree / "archive" / "2019" / "old.txt", STORY)
    write(tree / "archive" / "2019" / "old.md", STORY)
    write(tree / "desk" / "world" / "note.md", STORY)
    write(
        tree / ".copydesk.toml",
        f"select = {TEXT_RULES!r}\n".replace("'", '"')
        + '[[overrides]]\nfiles = ["archive/**"]\nignore = ["typography"]\n'
        + '[[overrides]]\nfiles = ["*.md"]\n[overrides.severity]\npage-furniture = "error"\n',
    )
    run = cli("lint", "--format", "json", ".")
    fired = {(e["path"], f["rule"], f["severity"]) for e in run.json()["files"] for f in e["findings"]}
    assert fired == {
        ("desk/world/note.md", "page-furniture", "error"),  # *.md matches the file name anywhere
        ("desk/world/note.md", "spaced-hyphen", "info"),
        ("desk/world/story.txt", "page-furniture", "warning"),
        ("desk/world/story.txt", "spaced-hyphen", "info"),
    }
    assert run.code == 1


@pytest.mark.parametrize("globs,applies", [
    (["wire/*.txt"], ["wire/x.txt"]),  # `*` stays inside one folder
    (["wire/**/*.txt"], ["wire/x.txt", "wire/2019/x.txt", "wire/2019/01/x.txt"]),
    (["**/*.md"], ["a.md", "wire/a.md", "wire/2019/a.md"]),  # a leading **/ matches zero folders too
    (["*.md"], ["a.md", "wire/a.md", "wire/2019/a.md"]),  # no slash: the name, at any depth
    (["/a.md"], ["a.md"]),  # a leading slash: the config's folder only
    (["wire/"], ["wire/x.txt", "wire/a.md", "wire/2019/x.txt", "wire/2019/a.md", "wire/2019/01/x.txt"]),
    (["wire/**", "!wire/2019/**"], ["wire/x.txt", "wire/a.md"]),  # `!` takes some back
])
def test_override_globs_read_as_gitignore_reads_them(tree, cli, globs, applies):
    names = ["a.md", "x.txt", "wire/a.md", "wire/x.txt", "wire/2019/a.md", "wire/2019/x.txt", "wire/2019/01/x.txt"]
    for name in names:
        write(tree / "copy" / name, STORY)
    write(tree / "copy" / ".copydesk.toml", f"select = {TEXT_RULES!r}\n".replace("'", '"')
          + f"[[overrides]]\nfiles = {globs!r}\n".replace("'", '"') + 'ignore = ["page-furniture"]\n')
    run = cli("lint", "--format", "json", "copy")
    ignored = {f for f, rule in [(p.removeprefix("copy/"), r) for p, r in rules_fired(run)]} - {
        p.removeprefix("copy/") for p, r in rules_fired(run) if r == "page-furniture"}
    assert sorted(ignored) == sorted(applies)
    # The same answer for an absolute path, as the language server asks.
    from copydesk.config import load

    config = load(tree / "copy" / ".copydesk.toml")
    assert sorted(n for n in names if "page-furniture" in config.for_path(str(tree / "copy" / n)).ignore) == sorted(applies)


def test_select_and_ignore_by_rule_and_group(tree, cli):
    write(tree / ".copydesk.toml", 'select = ["typography", "unbalanced-quotes"]\nignore = ["page-furniture"]\n')
    run = cli("lint", "--format", "json", "desk")
    assert rules_fired(run) == [("desk/world/story.txt", "spaced-hyphen")]
    # The command line replaces the config's select and ignore.
    run = cli("lint", "--format", "json", "--select", "quotes,page-furniture", "desk")
    assert rules_fired(run) == [("desk/world/story.txt", "page-furniture")]
    run = cli("lint", "--format", "json", "--ignore", "typography", "desk")
    assert rules_fired(run) == []
    run = cli("lint", "--select", "no-such-rule", "desk")
    assert run.code == 2 and "command line: unknown rule or group 'no-such-rule' in '--select'" in run.err


def test_severity_overrides_and_off(tree, cli):
    write(tree / ".copydesk.toml",
          f"select = {TEXT_RULES!r}\n".replace("'", '"')
          + '[severity]\nspaced-hyphen = "info"\npage-furniture = "off"\n')
    run = cli("lint", "--format", "json", "desk")
    [finding] = run.json()["files"][0]["findings"]
    assert (finding["rule"], finding["severity"]) == ("spaced-hyphen", "info")
    assert run.code == 0  # info is below the default --fail-on warning
    assert cli("lint", "--fail-on", "info", "desk").code == 1


def test_max_file_size(tree, cli):
    write(tree / ".copydesk.toml", "max_file_size = 20\n")
    run = cli("lint", "desk")
    size = len(STORY.encode())
    assert run.code == 2 and f"desk/world/story.txt: file is {size} bytes, over the limit of 20 (max_file_size)" in run.err


def test_a_house_style_sets_its_keys_and_the_config_s_own_keys_win():
    bbc = Config.from_dict({"house": {"style": "bbc"}})
    assert bbc.house["country_form"] == "US" and bbc.house["spelling"] == "british" and bbc.house["dash"] == " - "
    own = Config.from_dict({"house": {"style": "bbc", "country_form": "U.S."}})
    assert own.house["country_form"] == "U.S." and own.house["spelling"] == "british"
    # a style laid over by the editor's settings re-reads the keys it sets; the config's own keys stay
    switched = own.merged({"house": {"style": "ap"}})
    assert switched.house["dash"] == " — " and switched.house["spelling"] == "american"
    assert switched.house["country_form"] == "U.S."
    with pytest.raises(ConfigError, match="'house.style'"):
        Config.from_dict({"house": {"style": "nyt"}})


def test_house_style_and_merged_settings():
    cfg = Config.from_dict({"house": {"country_form": "US"}})
    assert cfg.house == {"country_form": "US", "dash": " — ", "dateline": " — "}
    merged = cfg.merged({"house": {"dash": "—"}, "select": ["typography"]})
    assert merged.house == {"country_form": "US", "dash": "—", "dateline": " — "} and merged.select == ["typography"]
    assert cfg.select == ["all"]  # merging never changes the original
    with pytest.raises(ConfigError, match="settings: unknown key 'house.colour'"):
        cfg.merged({"house": {"colour": "red"}})


def test_config_is_data_not_code(tree, cli):
    # TOML has no way to run code; a string that looks like code stays a (bad) value.
    write(tree / ".copydesk.toml", 'model = "__import__(\'os\').system(\'touch pwned\')"\nselect = ["spaced-hyphen"]\n')
    run = cli("lint", "desk")
    assert not (tree / "pwned").exists()
    assert run.code == 0 and "spaced-hyphen" in run.out  # found, at its default severity (info)
