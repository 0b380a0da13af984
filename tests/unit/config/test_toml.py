"""The TOML reader: key line numbers, extends chains, --set parsing and applying."""

from __future__ import annotations

from pathlib import Path

import pytest

from nqpf.sim.config.errors import ConfigError
from nqpf.sim.config.toml import (
    apply_overrides,
    deep_merge,
    flatten,
    key_lines,
    parse_override,
    read_toml,
    resolve_extends,
    set_path,
)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------------ reading


def test_read_toml_parses_and_names_what_is_missing(tmp_path):
    assert read_toml(write(tmp_path, "a.toml", "x = 1\n[t]\ny = 'z'\n")) == {
        "x": 1,
        "t": {"y": "z"},
    }
    with pytest.raises(ConfigError) as info:
        read_toml(tmp_path / "none.toml", what="sweep spec")
    assert str(info.value) == f"{tmp_path / 'none.toml'}: sweep spec not found."


BROKEN_TOML = {
    "unclosed header": (
        "[solow\nalpha = 0.3\n",
        "line 1: not valid TOML: Expected ']' at the end of a table declaration (column 7 in "
        "'[solow').",
    ),
    "table twice": (
        "[solow]\nalpha = 0.3\n\n[solow]\ndelta = 0.1\n",
        "line 4: not valid TOML: table [solow] is declared twice (column 7 in '[solow]').",
    ),
    "unterminated string": (
        'name = "x"\ndescription = """\nnever closed\n',
        "line 2: not valid TOML: a multi-line string opened here is never closed (in "
        '\'description = """\').',
    ),
    "unclosed array": (
        "[solow]\nalpha = 0.3\nx = [1,\n  2,\n",
        "line 3: not valid TOML: an array or inline table opened here is never closed (in "
        "'x = [1,').",
    ),
    "indented line": (  # the column counts in the line as quoted: the second '='
        "[solow]\n    alpha = = 0.3\n",
        "line 2: not valid TOML: Invalid value (column 9 in 'alpha = = 0.3').",
    ),
    "key twice": (
        "[solow]\nalpha = 0.3\nalpha = 0.4\n",
        "line 3: not valid TOML: a key set twice (or a key and a table of the same name) "
        "(column 12 in 'alpha = 0.4').",
    ),
}
"""Broken TOML -> what ``read_toml`` says after ``<file>, ``."""


@pytest.mark.parametrize("case", list(BROKEN_TOML))
def test_read_toml_places_a_syntax_error_at_its_line(tmp_path, case):
    text, expected = BROKEN_TOML[case]
    path = write(tmp_path, "broken.toml", text)
    with pytest.raises(ConfigError) as info:
        read_toml(path)
    assert str(info.value) == f"{path}, {expected}"


def test_read_toml_reports_bad_encoding_at_its_line(tmp_path):
    latin = tmp_path / "latin.toml"
    latin.write_bytes(b'name = "ok"\nother = "\xff"\n')
    with pytest.raises(ConfigError) as info:
        read_toml(latin)
    assert str(info.value).startswith(
        f"{latin}, line 2: not valid TOML: the file is not UTF-8 text ('utf-8' codec can't decode"
    )


def test_a_byte_order_mark_is_not_content(tmp_path):
    """A file saved as 'UTF-8 with BOM' (Windows Notepad) reads as the same file without it, and
    its keys keep their lines."""
    plain, marked = tmp_path / "plain.toml", tmp_path / "marked.toml"
    plain.write_text('name = "x"\n[solow]\nalpha = 0.4\n', encoding="utf-8")
    marked.write_bytes(b"\xef\xbb\xbf" + plain.read_bytes())
    assert read_toml(marked) == read_toml(plain) == {"name": "x", "solow": {"alpha": 0.4}}
    assert key_lines(marked) == key_lines(plain)
    assert key_lines(marked)["name"] == 1
    bad = tmp_path / "bad.toml"
    bad.write_bytes(b'\xef\xbb\xbfname = "ok"\nother = "\xff"\n')
    with pytest.raises(ConfigError, match="line 2: not valid TOML: the file is not UTF-8"):
        read_toml(bad)


def test_key_lines_maps_tables_keys_quoted_and_dotted_keys(tmp_path):
    path = write(
        tmp_path,
        "k.toml",
        "\n".join(
            [
                'name = "x"',  # 1
                "[solow]  # the core",  # 2
                "alpha = 0.3",  # 3
                "",  # 4
                "[[world.regions]]",  # 5
                'name = "A"',  # 6
                "[[world.regions]]",  # 7
                'name = "B"',  # 8
                "[set]",  # 9
                '"solow.alpha" = 0.4',  # 10
                "technology.catch_up_rate = 0.1",  # 11
                "alpha = 0.5",  # 12: a second 'alpha' elsewhere
            ]
        )
        + "\n",
    )
    lines = key_lines(path)
    assert lines["name"] == 1 and lines["solow"] == 2 and lines["solow.alpha"] == 3
    assert lines["world.regions"] == 5 and lines["world.regions.name"] == 6  # first occurrence
    assert lines["set.solow.alpha"] == 10 and lines["set.technology.catch_up_rate"] == 11
    assert lines["set.alpha"] == 12


# ------------------------------------------------------------------ extends


def test_extends_chain_merges_tables_child_wins_and_records_origin(tmp_path):
    write(
        tmp_path,
        "g.toml",
        'name = "grand"\ndescription = "d"\n[solow]\nalpha = 0.35\n'
        "delta = 0.05\n[world]\nend_year = 2030\n",
    )
    write(tmp_path, "p.toml", 'extends = "g.toml"\n[solow]\ndelta = 0.08\n')
    (tmp_path / "sub").mkdir()
    child = write(tmp_path / "sub", "c.toml", 'extends = "../p.toml"\n\n[world]\nend_year = 2040\n')
    data, origin = resolve_extends(child)
    assert data == {"solow": {"alpha": 0.35, "delta": 0.08}, "world": {"end_year": 2040}}
    assert "name" not in data and "description" not in data  # the parent's identity stays
    assert origin["solow.alpha"] == (str(tmp_path / "g.toml"), 4)
    assert origin["solow.delta"] == (str(tmp_path / "p.toml"), 3)
    assert origin["world.end_year"] == (str(child), 4)
    assert list(origin)[-1] == "world.end_year"  # the most recent setter comes last


def test_extends_cycle_is_an_error_naming_the_chain(tmp_path):
    a = write(tmp_path, "a.toml", 'extends = "b.toml"\n')
    b = write(tmp_path, "b.toml", 'extends = "a.toml"\n')
    with pytest.raises(ConfigError) as info:
        resolve_extends(a)
    assert str(info.value) == f"{b}: 'extends' makes a cycle: {a} -> {b} -> {a}."
    me = write(tmp_path, "me.toml", 'extends = "me.toml"\n')
    with pytest.raises(ConfigError, match="'extends' makes a cycle"):
        resolve_extends(me)


def test_extends_missing_file_and_wrong_type(tmp_path):
    path = write(tmp_path, "m.toml", '# a comment\nextends = "nothere.toml"\n')
    with pytest.raises(ConfigError) as info:
        resolve_extends(path)
    assert str(info.value) == (
        f"{path}, line 2: field 'extends' names 'nothere.toml', but {tmp_path / 'nothere.toml'} "
        "does not exist. 'extends' takes a path relative to the file."
    )
    path = write(tmp_path, "n.toml", "extends = 3\n")
    with pytest.raises(ConfigError, match=r"must be a file name \(a string\), got 3\.$"):
        resolve_extends(path)
    with pytest.raises(ConfigError, match="scenario file not found"):
        resolve_extends(tmp_path / "gone.toml", what="scenario file")


def test_deep_merge_leaves_its_inputs_alone_and_replaces_non_tables():
    base = {"a": {"b": 1, "c": [1, 2]}, "d": 1}
    top = {"a": {"c": [3]}, "d": {"e": 2}, "extends": "x.toml"}
    merged = deep_merge(base, top)
    assert merged == {"a": {"b": 1, "c": [3]}, "d": {"e": 2}}
    assert base == {"a": {"b": 1, "c": [1, 2]}, "d": 1}
    merged["a"]["c"].append(9)
    assert top["a"]["c"] == [3]


def test_flatten_gives_dotted_leaves():
    assert flatten(
        {"world": {"end_year": 2030, "regions": [{"name": "A"}]}, "solow.alpha": 0.4}
    ) == {"world.end_year": 2030, "world.regions": [{"name": "A"}], "solow.alpha": 0.4}


# ------------------------------------------------------------------ --set


@pytest.mark.parametrize(
    "item, expected",
    [
        ("solow.alpha=0.4", ("solow.alpha", 0.4)),
        ("world.end_year = 2030", ("world.end_year", 2030)),
        ("economy.enabled=false", ("economy.enabled", False)),
        ("strategy.mode=herding", ("strategy.mode", "herding")),  # a bare word is a string
        ('name="two words"', ("name", "two words")),
        ("x.values=[1, 2.5]", ("x.values", [1, 2.5])),
        (
            "strategy.by_region={Beijing = 'tailored'}",
            ("strategy.by_region", {"Beijing": "tailored"}),
        ),
        ("name=a=b", ("name", "a=b")),
    ],
)
def test_parse_override_reads_the_value_as_toml(item, expected):
    assert parse_override(item) == expected


@pytest.mark.parametrize(
    "item, message",
    [
        (
            "solow.alpha",
            "--set 'solow.alpha': expected path.to.field=value (for example solow.alpha=0.4).",
        ),
        ("a b=1", "--set 'a b=1': 'a b' is not a dotted field path."),
        ("solow..x=1", "--set 'solow..x=1': 'solow..x' is not a dotted field path."),
        ("=3", "--set '=3': '' is not a dotted field path."),
        (
            "solow={alpha=0.4",
            "--set 'solow={alpha=0.4': the value '{alpha=0.4' is not valid TOML (Unclosed inline "
            "table (at end of document)); for example solow={alpha = 0.4} or "
            'strategy.by_region={Beijing = "tailored"}.',
        ),
    ],
)
def test_parse_override_errors(item, message):
    with pytest.raises(ConfigError) as info:
        parse_override(item)
    assert str(info.value) == message


def test_set_path_creates_tables_and_apply_overrides_records_origin():
    data = {"solow": 3, "world": {"end_year": 2030}}
    set_path(data, ["solow", "alpha"], 0.4)
    set_path(data, ["a", "b", "c"], 1)
    assert data == {"solow": {"alpha": 0.4}, "world": {"end_year": 2030}, "a": {"b": {"c": 1}}}
    origin = {"world.end_year": ("f.toml", 3), "solow.delta": ("f.toml", 4)}
    apply_overrides(data, origin, ["world.end_year=2040", "talent.mobility=0.1"])
    assert data["world"]["end_year"] == 2040 and data["talent"] == {"mobility": 0.1}
    assert origin["world.end_year"] == ("--set", None)
    assert list(origin) == ["solow.delta", "world.end_year", "talent.mobility"]
