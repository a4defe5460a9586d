"""The READMEs' Python examples run, and so do the example scripts."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from conftest import ROOT, has_pandas

FENCE = re.compile(r"```python\n(.*?)```", re.S)


def blocks(path):
    return FENCE.findall(path.read_text(encoding="utf-8"))


def run_blocks(path, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    ran = 0
    for code in blocks(path):
        if ("_frame(" in code) and not has_pandas():
            with pytest.raises(ImportError, match="pip install pandas"):
                exec(compile(code, str(path), "exec"), namespace)
            continue
        exec(compile(code, str(path), "exec"), namespace)
        ran += 1
    return namespace, ran


def test_root_readme_python_example_runs(tmp_path, monkeypatch):
    ns, ran = run_blocks(ROOT / "README.md", tmp_path, monkeypatch)
    assert ran == 1
    assert ns["r"].found and ns["r"].passes("chabahar")
    assert (tmp_path / "map.svg").exists()


def test_python_readme_walk_through_runs(tmp_path, monkeypatch):
    ns, ran = run_blocks(ROOT / "python" / "README.md", tmp_path, monkeypatch)
    assert ran >= 8
    assert ns["before"].countries == ["AF", "PK"] and ns["after"].countries == ["AF", "IR", "PK"]
    assert not ns["closed"].found
    assert ns["wider"].capacity(["tashkent", "termez"], ["chabahar", "bandar-abbas", "karachi"], modes="rail").max_flow_mtpa > ns["cap"].max_flow_mtpa
    assert (tmp_path / "routes.svg").exists()


def test_compare_ports_example(tmp_path):
    out = subprocess.run(
        [sys.executable, str(ROOT / "python" / "examples" / "compare_ports.py")],
        capture_output=True, text=True, check=True, cwd=tmp_path,
    ).stdout
    assert "today (" in out and "every planned line built" in out
    assert re.search(r"kabul via chabahar .* <- best", out)
    assert re.search(r"kabul via chabahar: best in \d+% of draws", out)


def test_border_closure_example(tmp_path):
    out = subprocess.run(
        [sys.executable, str(ROOT / "python" / "examples" / "border_closure.py"), "m.svg"],
        capture_output=True, text=True, check=True, cwd=tmp_path,
    ).stdout
    assert "pak-afghan-closure-2025: closes" in out
    assert "kabul -> karachi: +" in out
    assert re.search(r"kabul -> karachi: hurt in 100\.0% of draws, \+\d+ USD/t \(\d+-\d+\)", out)
    assert (tmp_path / "m.svg").read_text(encoding="utf-8").rstrip().endswith("</svg>")
    m = re.search(r"Kabul -> Peshawar: ([\d.]+) days today, ([\d.]+) days with a 6-hour Torkham", out)
    assert m and float(m.group(2)) < float(m.group(1))


def test_docstring_examples_run():
    """The docstrings' examples give the figures they show (the bundled network's answers)."""
    import doctest

    import corridors
    from corridors import _network, _reports

    ran = 0
    for module in (corridors, _network, _reports):
        result = doctest.testmod(module, extraglobs={"corridors": corridors, "Network": corridors.Network}, report=True)
        assert result.failed == 0, module.__name__
        ran += result.attempted
    assert ran >= 10
