"""A wheel built from the checkout serves ``agi-economy viz`` from a fresh environment.

The wheel is installed in a new virtual environment outside the clone, and the
command is run from a folder outside it too, so nothing can come from the source
tree or the editable install. To keep the test short the environment sees the
machine's site-packages (``--system-site-packages``) and the wheel goes in without
its dependencies; the test proves that ``agi_economy`` (and its live view) is then
imported from the environment's own copy. The files that dependencies install
under the environment's prefix rather than in site-packages (Solara's offline page
assets, the Jupyter widget extensions and their configuration) are not seen through
``--system-site-packages``, so the distributions of the ``viz`` extra that carry such
files are installed into the environment again, at the versions this machine has.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from agi_economy.viz.serve import CHROMIUM, CHROMIUM_ARGS, free_port, stop, wait_until_up

pytestmark = pytest.mark.slow

CHECKOUT = Path(__file__).resolve().parents[2]
LOCAL = re.compile(r"^(https?|wss?)://(127\.0\.0\.1|localhost)[:/]")
PIP_QUIET = ["--disable-pip-version-check", "--no-input", "-q"]


def viz_closure() -> set[str]:
    """Installed distributions the checkout's ``viz`` extra needs, directly or not."""
    project = tomllib.loads((CHECKOUT / "pyproject.toml").read_text())["project"]
    wanted = [Requirement(r) for r in project["optional-dependencies"]["viz"]]
    seen: set[str] = set()
    while wanted:
        req = wanted.pop()
        name = req.name.lower().replace("_", "-")
        if name in seen or (req.marker and not req.marker.evaluate({"extra": ""})):
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        seen.add(name)
        for r in map(Requirement, dist.requires or []):
            # a plain requirement, or one of an extra asked for (mesa[rec])
            if r.marker is None or any(r.marker.evaluate({"extra": e}) for e in req.extras):
                wanted.append(r)
    return seen


def prefix_data_dists() -> list[str]:
    """``name==version`` of each distribution of the closure with files outside site-packages."""
    pinned = []
    for name in sorted(viz_closure()):
        dist = metadata.distribution(name)
        if any(str(f).startswith(("../../../share/", "../../../etc/")) for f in dist.files or []):
            pinned.append(f"{dist.metadata['Name']}=={dist.version}")
    return pinned


def clean_env(**extra: str) -> dict[str, str]:
    """The environment without anything that points Python at the clone."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    return {**env, "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False", **extra}


def run(command: list[str], cwd: Path, env: dict[str, str]) -> str:
    """Run ``command``, failing the test with its output if it fails."""
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    assert done.returncode == 0, f"{command} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh virtual environment, outside the clone, with the wheel of the checkout in it."""
    root = tmp_path_factory.mktemp("wheel-env")
    assert not root.is_relative_to(CHECKOUT)
    env = clean_env()
    dist = root / "dist"
    run([sys.executable, "-m", "pip", "wheel", *PIP_QUIET, "--no-deps", "-w", str(dist),
         str(CHECKOUT)], root, env)  # fmt: skip
    (wheel,) = dist.glob("agi_economy-*.whl")
    venv = root / "venv"
    run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", str(venv)],
        root, env)  # fmt: skip
    python = venv / "bin" / "python"
    pip = [sys.executable, "-m", "pip", "--python", str(python), "install", *PIP_QUIET]
    run([*pip, "--no-deps", str(wheel)], root, env)
    run([*pip, "--no-deps", "--ignore-installed", *prefix_data_dists()], root, env)
    return venv


def test_the_environment_imports_its_own_copy(installed):
    """``agi_economy`` and its live view load from the environment's wheel, not the clone."""
    code = (
        "import agi_economy, agi_economy.viz, agi_economy.cli.viz as v;"
        "print(agi_economy.__file__); print(v.find_app())"
    )
    outside = installed.parent
    shown = run([str(installed / "bin" / "python"), "-c", code], outside, clean_env())
    package, app = (Path(line) for line in shown.split())
    site = installed / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}"
    assert package.is_relative_to(site / "site-packages"), package
    assert app == site / "site-packages" / "agi_economy" / "viz" / "app.py"
    assert not package.is_relative_to(CHECKOUT)
    script = (installed / "bin" / "agi-economy").read_text().splitlines()[0]
    assert script == f"#!{installed / 'bin' / 'python'}"


def test_agi_economy_viz_serves_the_page_from_the_wheel(installed, tmp_path):
    """``agi-economy viz`` of the installed wheel, run outside the clone, serves the live view.

    The page is loaded in headless Chromium allowed to reach only this machine: its
    step counter, world and interactive chart appear, so the page is the app, not a
    blank shell.
    """
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    log = tmp_path / "server.log"
    command = [str(installed / "bin" / "agi-economy"), "viz", "foom", "--port", str(port)]
    with open(log, "wb") as out:
        process = subprocess.Popen(
            command, cwd=tmp_path, env=clean_env(), stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        try:
            try:
                wait_until_up(url, process, timeout=90)
            except (RuntimeError, TimeoutError) as exc:
                pytest.fail(f"{exc}; the command printed:\n{log.read_text(errors='replace')}")
            outside: list[str] = []
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1280, "height": 720})

                def local_only(route) -> None:
                    address = route.request.url
                    if address.startswith(("data:", "blob:")) or LOCAL.match(address):
                        route.continue_()
                    else:
                        outside.append(address)
                        route.abort()

                page.route("**/*", local_only)
                page.goto(url)
                page.locator(".step-counter").wait_for(timeout=90_000)
                page.locator(".world-name").wait_for(timeout=90_000)
                assert page.locator(".step-counter").inner_text().strip() == "Step: 0"
                assert "foom" in page.locator(".world-name").inner_text()
                # the interactive chart draws: its code came with the installed packages
                page.locator(".charts-live .js-plotly-plot .scatterlayer .trace").first.wait_for(
                    state="attached", timeout=180_000
                )
                browser.close()
        finally:
            stop(process)
    assert "Traceback" not in log.read_text(errors="replace"), log.read_text(errors="replace")
    assert not outside, f"the page asked for outside addresses: {outside}"
