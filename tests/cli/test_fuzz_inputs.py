"""Property-based: malformed scenario files and overrides never produce a traceback."""

from __future__ import annotations

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from agi_economy.cli import main
from agi_economy.scenario import Scenario


def field_paths(model: type[BaseModel], prefix: str = "") -> list[str]:
    """Every leaf field of the schema by dotted path."""
    paths = []
    for name, field in model.model_fields.items():
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            paths += field_paths(annotation, f"{prefix}{name}.")
        else:
            paths.append(f"{prefix}{name}")
    return paths


PATHS = field_paths(Scenario)
SAFE_INT = st.integers(min_value=-5, max_value=400)
SCALARS = st.one_of(
    SAFE_INT,
    st.floats(min_value=-50, max_value=50),
    st.sampled_from([float("nan"), float("inf"), -float("inf"), 1e308]),
    st.booleans(),
    st.text(max_size=8),
    st.lists(st.floats(min_value=0, max_value=5, allow_nan=False), max_size=8),
)
KEYS = st.one_of(
    st.sampled_from(PATHS), st.from_regex(r"[a-z]{1,6}(\.[a-z_]{1,8}){0,2}", fullmatch=True)
)


def nest(pairs: list[tuple[str, object]]) -> dict:
    """Build a nested table from dotted keys; clashes keep the first."""
    root: dict = {}
    for key, value in pairs:
        node = root
        parts = key.split(".")
        for part in parts[:-1]:
            child = node.setdefault(part, {})
            if not isinstance(child, dict):
                break
            node = child
        else:
            node.setdefault(parts[-1], value)
    return root


def assert_clean(status: int, text: str) -> None:
    assert status in (0, 2), text
    assert "Traceback" not in text


FUZZ = settings(  # derandomize comes from the suite's profile (tests/conftest.py)
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FUZZ
@given(
    pairs=st.lists(st.tuples(KEYS, SCALARS), max_size=6),
    cut=st.integers(0, 400),
    junk=st.text(max_size=5),
)
def test_validate_never_tracebacks(tmp_path_factory, capsys, pairs, cut, junk):
    """`validate` on generated files, whole or cut and spliced with junk, exits 0 or 2 cleanly."""
    text = tomli_w.dumps(nest(pairs))
    mangled = text[:cut] + junk + text[cut:]
    path = tmp_path_factory.mktemp("fuzz") / "world.toml"
    path.write_text(mangled, encoding="utf-8")
    status = main(["validate", str(path)])
    captured = capsys.readouterr()
    assert_clean(status, captured.out + captured.err)
    if status == 2:
        assert str(path) in captured.err


@FUZZ
@given(sets=st.lists(st.tuples(KEYS, SCALARS), max_size=4), seed=st.integers(0, 2**32))
def test_run_with_overrides_never_tracebacks(capsys, sets, seed):
    """`run --set` with generated overrides either runs or exits 2 naming the problem."""
    args = ["run", "slow_takeoff", "--steps", "2", "--seed", str(seed), "--set", "humans.count=40"]
    for key, value in sets:
        args += ["--set", f"{key}={tomli_w.dumps({'v': value})[4:].strip()}"]
    status = main(args)
    captured = capsys.readouterr()
    assert_clean(status, captured.out + captured.err)
