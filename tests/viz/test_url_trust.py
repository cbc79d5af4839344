"""What a link may set in the live view: only what its controls offer, never a file."""

from __future__ import annotations

import pytest

import agi_economy.cli.viz as viz_cli
from agi_economy.cli.common import BadInput
from agi_economy.viz.settings import KNOBS, MAX_REPLICATES, Settings

HOSTILE = (
    "network.kind=file&network.path=/etc/passwd"
    "&humans.count=1000000000&labs.count=1000000&mode=ensemble&replicates=100000000"
    "&agis.growth.k=fast&seed=" + "9" * 5000 + "&policies=no_such_policy"
    "&extends=/dev/zero&meta.name=%1b]0;pwned%07"
)


def test_a_link_sets_only_what_the_controls_offer():
    """Files, huge counts, unknown fields and malformed values are left out and named."""
    s = Settings.from_query(HOSTILE + "&containment.audit_rate=0.3")
    assert s.override_dict() == {"containment.audit_rate": 0.3}
    assert (s.seed, s.replicates, s.policies) == (
        Settings().seed, Settings().replicates, Settings().policies,
    )  # fmt: skip
    assert s.mode == "ensemble"
    for key in ("network.kind", "network.path", "humans.count", "labs.count", "replicates",
                "agis.growth.k", "seed", "policies", "extends", "meta.name"):  # fmt: skip
        assert key in s.ignored


@pytest.mark.parametrize("knob", KNOBS, ids=lambda k: k.path)
def test_a_knob_takes_a_link_value_only_within_its_slider(knob):
    """Values past a slider's ends, NaN and inf are left out; the ends themselves are kept."""
    for value in (knob.low, knob.high):
        assert Settings.from_query(f"{knob.path}={value:g}").override_dict() == {knob.path: value}
    for text in (f"{knob.high * 10 + 1:g}", f"{knob.low - 1:g}", "nan", "inf", "1e999"):
        assert Settings.from_query(f"{knob.path}={text}").ignored == (knob.path,)


def test_replicates_from_a_link_stop_at_the_controls_cap():
    """The Replicates field caps at 1,000; so does a link."""
    assert Settings.from_query(f"replicates={MAX_REPLICATES}").replicates == MAX_REPLICATES
    assert Settings.from_query(f"replicates={MAX_REPLICATES + 1}").ignored == ("replicates",)


def test_viz_never_serves_an_app_from_the_working_directory(tmp_path, monkeypatch):
    """With no app beside the package, a ./viz/app.py in the working folder is not used."""
    (tmp_path / "viz").mkdir()
    (tmp_path / "viz" / "app.py").write_text("raise SystemExit('ran a stranger app')\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(
        viz_cli, "__file__", str(tmp_path / "lib" / "site" / "agi_economy" / "cli" / "viz.py")
    )
    with pytest.raises(BadInput, match="not found"):
        viz_cli.find_app()
