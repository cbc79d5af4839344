"""The settings column of the live view: scenarios, seed, knobs and policy switches.

Every control edits the draft settings; the page applies the draft on Reset.
"""

from __future__ import annotations

from dataclasses import replace

import solara

from agi_economy.validation.opened import special_cases
from agi_economy.viz.settings import (
    KNOBS,
    MAX_REPLICATES,
    MODE_LABELS,
    Settings,
    config_of,
    is_special_case,
    policy_registry,
    scenario_names,
    scenario_policy_names,
)


def label_mode(label: str) -> str:
    """The mode whose button reads ``label``."""
    return next(mode for mode, text in MODE_LABELS.items() if text == label)


@solara.component
def Knobs(draft: solara.Reactive[Settings]):
    """Sliders of the main parameters; untouched ones show scenario A's value."""
    s = draft.value
    cfg = config_of(s.scenario)
    overrides = s.override_dict()
    for knob in KNOBS:
        default = None if isinstance(cfg, Exception) else knob.value_in(cfg)
        value = overrides.get(knob.path, default if default is not None else knob.low)

        def set_value(v, knob=knob, default=default):
            v = int(v) if knob.integer else round(float(v), 6)
            draft.value = draft.value.with_override(knob.path, None if v == default else v)

        moved = knob.path in overrides
        with solara.Column(gap="0px", classes=["knob"]):
            with solara.Row(justify="space-between", classes=["knob-head"]):
                solara.Text(knob.label)
                note = f" (scenario {default:g})" if moved and default is not None else ""
                solara.Text(f"{value:g}{note}", classes=["knob-value", "moved" if moved else ""])
            if not moved and default is not None and not knob.low <= default <= knob.high:
                # A slider would pull the scenario's value to its nearest end and report
                # that as a move: han2020's 100 labs became 10 on the next Reset.
                solara.Text(
                    f"beyond this slider ({knob.low:g} to {knob.high:g}); --set changes it",
                    classes=["hint", "knob-beyond"],
                )
                continue
            if knob.integer:
                solara.SliderInt(
                    knob.label,
                    value=int(value),
                    min=int(knob.low),
                    max=int(knob.high),
                    on_value=set_value,
                    thumb_label=False,
                )
            else:
                solara.SliderFloat(
                    knob.label,
                    value=float(value),
                    min=knob.low,
                    max=knob.high,
                    step=knob.step,
                    on_value=set_value,
                    thumb_label=False,
                )


@solara.component
def PolicyToggles(draft: solara.Reactive[Settings]):
    """A switch per policy the package offers (hidden until it offers a registry)."""
    registry = solara.use_memo(policy_registry, [])
    if not registry:
        return
    s = draft.value
    on = s.policies if s.policies is not None else scenario_policy_names(s.scenario)
    solara.Text("Policies", classes=["hint"])
    for name in registry:

        def toggle(value, name=name):
            kept = tuple(p for p in on if p != name)
            draft.value = replace(draft.value, policies=(*kept, name) if value else kept)

        solara.Checkbox(label=name.replace("_", " "), value=name in on, on_value=toggle)


@solara.component
def FullWorldSwitch(draft: solara.Reactive[Settings]):
    """Two worlds: put beside a published special case (A) its full world (B)."""
    s = draft.value
    special = is_special_case(s.scenario)
    solara.Checkbox(
        label="B: full world from A's parameters",
        value=s.full_world and special,
        on_value=lambda v: draft.set(replace(draft.value, full_world=bool(v))),
        disabled=not special,
    )
    if not special:
        names = " or ".join(special_cases())
        solara.Text(f"(for a published special case as A: {names})", classes=["hint"])


@solara.component
def Controls(draft: solara.Reactive[Settings]):
    """The settings column: mode, scenarios, seed, knobs, policies."""
    s = draft.value
    names = scenario_names()
    names += [n for n in dict.fromkeys((s.scenario, s.scenario_b)) if n not in names]
    with solara.Column(gap="2px", classes=["agi-controls"]):
        solara.Select(
            "Scenario" if s.mode != "two" else "Scenario A",
            values=names,
            value=s.scenario,
            on_value=lambda v: draft.set(
                replace(
                    draft.value,
                    scenario=v,
                    full_world=draft.value.full_world and is_special_case(v),
                )
            ),
        )
        if s.mode == "two":
            FullWorldSwitch(draft)
            solara.Select(
                "Scenario B",
                values=names,
                value=s.scenario_b,
                on_value=lambda v: draft.set(replace(draft.value, scenario_b=v)),
                disabled=s.full_world,
            )
        solara.InputInt(
            "Seed",
            value=s.seed,
            on_value=lambda v: draft.set(replace(draft.value, seed=max(int(v or 0), 0))),
        )
        if s.mode == "ensemble":
            solara.InputInt(
                "Replicates",
                value=s.replicates,
                on_value=lambda v: draft.set(
                    replace(draft.value, replicates=min(max(int(v or 1), 1), MAX_REPLICATES))
                ),
            )
        Knobs(draft)
        if s.mode == "two":
            solara.Text(
                "Knobs you move apply to both worlds; untouched ones keep each scenario's value.",
                classes=["hint"],
            )
        PolicyToggles(draft)
        other = [(k, v) for k, v in s.overrides if k not in {knob.path for knob in KNOBS}]
        if other:
            solara.Text(
                "Other overrides: " + ", ".join(f"{k}={v}" for k, v in other), classes=["hint"]
            )
        if s.overrides:
            solara.Button(
                "Clear overrides",
                text=True,
                on_click=lambda: draft.set(replace(draft.value, overrides=())),
            )
