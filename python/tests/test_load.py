"""Loading: the bundled network, files, text, writing back, and every load error."""

from __future__ import annotations

import pytest

import corridors
from conftest import bad_fixtures


def test_bundled_network_summary(net, cli):
    assert net.name == "Trans-Afghan corridors"
    assert net.summary()["nodes"] == len(net.nodes()) == 94
    assert repr(net).startswith("<Network 'Trans-Afghan corridors': 94 nodes")


def test_to_toml_round_trip(net, tmp_path):
    text = net.to_toml()
    again = corridors.Network.from_toml(text)
    assert again == net
    assert again.to_toml() == text
    path = tmp_path / "net.toml"
    path.write_text(text, encoding="utf-8")
    assert corridors.Network.from_path(path) == net
    assert corridors.Network.from_path(str(path)) == net


def test_network_is_made_by_its_constructors():
    with pytest.raises(TypeError, match="trans_afghan"):
        corridors.Network(object())  # type: ignore[arg-type]


def test_load_error_lists_every_problem_with_its_position():
    text = '[network]\nyear = 2026\n[[nodes]]\nid = "Bad Id"\n'
    with pytest.raises(corridors.LoadError) as info:
        corridors.Network.from_toml(text)
    err = info.value
    assert isinstance(err, corridors.CorridorsError)
    assert err.problems, "an invalid file lists its problems"
    first = err.problems[0]
    assert (first.path, first.line, first.column) == ("<string>", 1, 1)
    assert first.message == '[network] has no "name"'
    assert str(err).splitlines() == [str(p) for p in err.problems]
    assert err.to_dict()["problems"][0] == {"path": "<string>", "line": 1, "column": 1, "message": '[network] has no "name"'}


def test_unreadable_file_is_a_load_error_without_problems(tmp_path):
    missing = tmp_path / "nope.toml"
    with pytest.raises(corridors.LoadError, match="cannot read the file") as info:
        corridors.Network.from_path(missing)
    assert info.value.problems == []
    # A missing file is also what open() raises for one.
    assert isinstance(info.value, FileNotFoundError)
    assert isinstance(info.value, corridors.MissingFileError)
    assert info.value.filename == str(missing)
    # A folder is there but cannot be read as a file: a load error only.
    with pytest.raises(corridors.LoadError, match="cannot read the file") as info:
        corridors.Network.from_path(tmp_path)
    assert not isinstance(info.value, OSError)


@pytest.mark.parametrize("path", bad_fixtures(), ids=lambda p: p.name)
def test_every_bad_fixture_equals_cli_check(path, cli):
    code, out, _ = cli("check", str(path), ok=False)
    assert code == 1
    with pytest.raises(corridors.LoadError) as info:
        corridors.Network.from_path(path)
    assert info.value.to_dict() == {"error": out["error"], "problems": out["problems"]}
    assert [p.to_dict() for p in info.value.problems] == out["problems"]


def test_good_file_check_summary_equals_cli(net, cli):
    from conftest import ROOT

    out = cli("check", str(ROOT / "corridors.toml"))
    assert out["ok"] is True
    assert corridors.Network.from_path(ROOT / "corridors.toml").summary() == out["summary"]
