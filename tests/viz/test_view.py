"""The live view's parts without a browser.

Settings and URLs, figures, layout, ensemble seeds, the command line, and the
package's independence from the view.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
import urllib.request
from dataclasses import replace

import numpy as np
import pytest
from PIL import Image

from agi_economy import AGIEconomy
from agi_economy.cli import main
from agi_economy.cli.viz import choose_port, port_free
from agi_economy.experiment import replicate_seeds
from agi_economy.experiment.stats import wilson_interval
from agi_economy.viz.canvas import png_bytes
from agi_economy.viz.ensemble import Ensemble, Replicate, padded
from agi_economy.viz.network import NetworkView, agi_slot
from agi_economy.viz.serve import free_port, stop, wait_until_up
from agi_economy.viz.settings import KNOBS, Settings, config_of, scenario_names
from agi_economy.viz.world import World

SMALL = {"humans.count": 150, "meta.steps": 40}


def test_settings_survive_the_url():
    """A view's settings written as a query string read back the same."""
    s = Settings(
        mode="two",
        scenario="foom",
        scenario_b="fizzle",
        seed=9,
        overrides=(("agis.growth.k", 1.2), ("labs.count", 4)),
        policies=("audit_mandate", "pause"),
    )
    assert Settings.from_query(s.to_query()) == replace(s, replicates=Settings().replicates)


def test_a_link_with_typos_still_opens():
    """Unknown modes, scenarios and malformed seeds are ignored, not fatal."""
    s = Settings.from_query("mode=three&scenario=nope&seed=-4&replicates=x&agis.growth.k=1.1")
    assert (s.mode, s.scenario, s.seed) == ("one", Settings().scenario, Settings().seed)
    assert s.override_dict() == {"agis.growth.k": 1.1}


def test_default_pair_is_slow_takeoff_and_foom():
    """Two worlds open as slow_takeoff beside foom."""
    assert scenario_names()[:2] == ["slow_takeoff", "foom"]
    assert Settings(mode="two").scenarios == ("slow_takeoff", "foom")


@pytest.mark.parametrize("knob", KNOBS, ids=lambda k: k.path)
def test_every_knob_names_a_scenario_field(knob):
    """Each knob reads a numeric field of every built-in world."""
    for name in scenario_names():
        value = knob.value_in(config_of(name))
        assert isinstance(value, int | float)
        assert not isinstance(value, bool)


def test_png_bytes_is_a_valid_png():
    """The hand-written encoder produces a PNG that decodes to the same pixels."""
    rgba = np.random.default_rng(0).integers(0, 256, (7, 5, 4), dtype=np.uint8)
    decoded = np.asarray(Image.open(io.BytesIO(png_bytes(rgba))).convert("RGB"))
    assert np.array_equal(decoded, rgba[:, :, :3])


def test_watching_does_not_change_the_run():
    """Drawing every step leaves the model's frames exactly as an unwatched run's."""
    watched = World("foom", {"seed": 5, **SMALL})
    plain = AGIEconomy("foom", seed=5, **SMALL)
    for _ in range(25):
        watched.step()
        watched.network_png()
        watched.chart()
        plain.step()
    assert watched.model.recorder.rows == plain.recorder.rows


def test_layout_stays_put_as_agis_appear():
    """Positions given to AGIs never move, and new AGIs get places of their own."""
    world = World("foom", {"seed": 2, **SMALL})
    world.network_png()
    view = world._network
    first = dict(view.agi_xy)
    people = view.people_xy.copy()
    for _ in range(30):
        world.step()
        world.network_png()
    assert len(world.model.agis) > len(first), "the test world should train new AGIs"
    assert all(view.agi_xy[uid] == xy for uid, xy in first.items())
    assert np.array_equal(view.people_xy, people)
    assert len(set(view.agi_xy.values())) == len(view.agi_xy)


def test_large_population_is_sampled_and_counted():
    """A world of many people draws a sample and says how many it shows."""
    model = AGIEconomy("slow_takeoff", seed=1, **{"humans.count": 3000})
    view = NetworkView(model, sample_size=100)
    assert view.sample.size == 100
    assert "100 of 3,000 shown" in view.caption(model)


def test_agi_slots_differ_within_a_lab():
    """The first hundred slots beside one lab are all distinct places."""
    slots = {agi_slot(0.3, n, 3) for n in range(100)}
    assert len(slots) == 100


def test_figures_redraw_each_step():
    """Each step yields a new network image (PNG) and chart, each cached within a step."""
    world = World("slow_takeoff", {"seed": 3, **SMALL})
    first = (world.network_png(), world.chart())
    assert world.network_png() is first[0]
    assert world.chart() is first[1]
    world.step()
    second = (world.network_png(), world.chart())
    assert second[0] != first[0]
    assert second[0].startswith(b"\x89PNG")
    assert len(second[1].trace("maximum")["x"]) == len(first[1].trace("maximum")["x"]) + 1


@pytest.mark.parametrize(("seed", "n"), [(7, 5), (0, 1), (123_456, 12)])
def test_ensemble_replicate_i_is_the_experiments_replicate_i(seed, n):
    """The ensemble view runs replicate i with the seed compare and sweep give replicate i."""
    ensemble = Ensemble(Settings(mode="ensemble", scenario="foom", seed=seed, replicates=n))
    assert ensemble.seeds == replicate_seeds(seed, n)


@pytest.mark.parametrize(("k", "n"), [(0, 0), (0, 10), (10, 10), (3, 7)])
def test_ensemble_takeover_interval_is_the_experiments(k, n):
    """The view's takeover probability carries the same Wilson interval as the experiments."""
    ensemble = Ensemble(Settings(mode="ensemble", scenario="foom", seed=1, replicates=n))
    none = np.zeros(1)
    ensemble.results = [
        Replicate(s, none, none, 5 if i < k else None) for i, s in enumerate(ensemble.seeds)
    ]
    _, low, high = wilson_interval(k, n)
    assert ensemble.takeover() == (k, n, low, high)


def test_runs_that_stop_early_carry_their_last_value():
    """Padding repeats a short run's last value to the full length."""
    out = padded([np.array([1.0, 2.0]), np.array([1.0, 2.0, 3.0, 4.0])], 4)
    assert out.tolist() == [[1.0, 2.0, 2.0, 2.0], [1.0, 2.0, 3.0, 4.0]]


def test_package_never_imports_the_view():
    """Importing the simulator and its command line loads neither viz nor Solara."""
    code = (
        "import sys, agi_economy, agi_economy.cli;"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('solara', 'reacton')"
        " or m.startswith('agi_economy.viz')];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_port_choice():
    """An explicit busy port is refused; no port asked for means 8765 or any free one."""
    port = free_port()
    assert port_free("127.0.0.1", port)
    assert choose_port("127.0.0.1", None) > 0
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", port))
        sock.listen()
        with pytest.raises(ValueError, match="in use"):
            choose_port("127.0.0.1", port)


@pytest.mark.parametrize(
    "args",
    [["viz", "a", "b", "c"], ["viz", "no_such_world"], ["viz", "--set", "agis.growth.k=-1"]],
)
def test_viz_command_rejects_bad_input(args):
    """Too many scenarios, an unknown one or a bad override exit with status 2."""
    assert main(args) == 2


def test_viz_command_serves_and_prints_its_address(tmp_path):
    """``agi-economy viz --port N`` prints http://127.0.0.1:N/ and answers there."""
    port = free_port()
    log = tmp_path / "out.txt"
    env = {**os.environ, "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False"}
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "from agi_economy.cli import main; main()",
                "viz",
                "foom",
                "--port",
                str(port),
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
        try:
            wait_until_up(f"http://127.0.0.1:{port}/", process, timeout=60)
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as page:
                assert page.status == 200
            deadline = time.monotonic() + 5
            while (
                f"http://127.0.0.1:{port}/" not in log.read_text() and time.monotonic() < deadline
            ):
                time.sleep(0.1)
        finally:
            stop(process)
    assert f"agi-economy live view: http://127.0.0.1:{port}/" in log.read_text()


def test_a_link_cannot_name_a_file():
    """Scenario paths in a URL are ignored unless the command line opened them."""
    assert Settings.from_query("scenario=/etc/x.toml").scenario == Settings().scenario
    base = Settings(scenario="mine.toml")
    assert Settings.from_query("scenario_b=mine.toml", base).scenario_b == "mine.toml"


def test_steps_csv_carries_provenance():
    """The downloadable frame has a row per step so far, tagged with seed and scenario."""
    world = World("foom", {"seed": 4, **SMALL})
    for _ in range(3):
        world.step()
    lines = world.steps_csv().decode().splitlines()
    header = lines[0].split(",")
    assert {"step", "seed", "scenario", "max_intelligence"} <= set(header)
    assert len(lines) == 1 + 4  # steps 0..3
    assert lines[-1].split(",")[header.index("seed")] == "4"


def test_summary_estimates_k():
    """The comparison strip's k estimate tells foom (explosion) from a fizzle."""
    foom, fizzle = World("foom", {"seed": 1, **SMALL}), World("fizzle", {"seed": 1, **SMALL})
    for _ in range(20):
        foom.step()
        fizzle.step()
    assert foom.summary()["k_hat"] > 1.0
    assert fizzle.summary()["k_hat"] < 1.0


def test_the_ensembles_last_redraw_sees_it_finished():
    """The redraw after the last replicate shows the ensemble done, never still running."""
    from agi_economy.viz.ensemble import Ensemble
    from agi_economy.viz.settings import Settings

    ensemble = Ensemble(Settings(mode="ensemble", scenario="fizzle", seed=3, replicates=2))
    seen = []
    ensemble.start(lambda: seen.append((ensemble.done, ensemble.running)))
    ensemble._thread.join(120)
    assert seen[-1] == (2, False)
    assert not ensemble.running
