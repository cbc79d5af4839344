"""The example notebook runs from top to bottom and shows its figures and the live view."""

from __future__ import annotations

from pathlib import Path

import pytest

nbclient = pytest.importorskip("nbclient")
nbformat = pytest.importorskip("nbformat")

NOTEBOOK = Path(__file__).resolve().parents[1] / "examples" / "first_run.ipynb"
WIDGET = "application/vnd.jupyter.widget-view+json"


@pytest.mark.slow
def test_example_notebook_runs(tmp_path):
    """Every cell executes; the figure cells display PNG images, the last the live view."""
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": tmp_path}}
    )
    client.execute()
    figures = [
        cell for cell in notebook.cells if cell.cell_type == "code" and ".plot(" in cell.source
    ]
    assert len(figures) == 3
    for cell in figures:
        assert any("image/png" in out.get("data", {}) for out in cell.outputs), cell.source
    assert list(tmp_path.iterdir()) == []  # compare(out=None) left no files behind
    (live,) = [cell for cell in notebook.cells if "LiveWorld(" in cell.source]
    views = [out for out in live.outputs if WIDGET in out.get("data", {})]
    assert len(views) == 1, live.outputs  # the world, displayed as a widget the page draws
