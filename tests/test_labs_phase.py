"""The labs' phase hands each lab its own capability, and it is the capability it has."""

from __future__ import annotations

import copy

import pytest

from agi_economy.agents import Lab
from agi_economy.phases import contain, run_economy, run_labs, self_improve
from agi_economy.policies import PolicyEngine
from tests.test_world import hand_built_world


@pytest.mark.parametrize("scenario", ["race", "careless_lab", "foom"])
def test_capability_given_is_the_labs_own_at_its_turn(scenario, monkeypatch):
    """What set_safety and ready_to_train are given is the lab's capability at that moment.

    Through steps in which labs train during the phase.
    """
    seen = []
    set_safety, ready = Lab.set_safety, Lab.ready_to_train

    def checked_set_safety(self, leader, own=None):
        seen.append((own, self.capability))
        set_safety(self, leader, own)

    def checked_ready(self, capability=None):
        seen.append((capability, self.capability))
        return ready(self, capability)

    monkeypatch.setattr(Lab, "set_safety", checked_set_safety)
    monkeypatch.setattr(Lab, "ready_to_train", checked_ready)
    world = hand_built_world(scenario, seed=2, labs__training_threshold=1.05)
    trained = 0
    for step in range(1, 40):
        world.begin_step(step)
        before = len(world.agis)
        run_labs(world)
        trained += len(world.agis) > before
        self_improve(world)
        contain(world)
        run_economy(world)
    assert trained > 0  # labs trained during the phase
    assert seen
    assert all(given == actual for given, actual in seen)


def reference_run_labs(world):
    """The labs' phase as it was written before the survey: every lab's systems read twice.

    Capability from :attr:`Lab.capability` for every lab, then at each lab's turn the
    deployment rules applied to all of its systems.
    """
    import math

    from agi_economy.compute_trend import follow_trend
    from agi_economy.phases.labs import deploy_or_recall

    c = world.cfg.labs
    spend, kept = world.clock.share(c.spend_fraction), world.clock.kept(c.spend_fraction)
    capability = {lab: lab.capability for lab in world.labs}
    values = list(capability.values())
    leader = values.index(max(values)) if values else -1
    best = values[leader] if values else 0.0
    runner_up = max(values[:leader] + values[leader + 1 :], default=0.0)
    for lab in world.shuffled(world.labs):
        rival = runner_up if lab is world.labs[leader] else best
        if not (c.capability_visible or lab.levers.capability_visible) and rival > 0.0:
            rival *= math.exp(c.perception_noise * world.rng.standard_normal())
        own = capability[lab]
        lab.set_safety(max(rival, own), own)
        lab.spend(spend, world.price, inflow=lab.funding(), kept=kept)
        follow_trend(world, lab)
        if lab.ready_to_train(own):
            world.train_agi(lab)
        deploy_or_recall(world, lab)


def labs_state(world):
    """What the labs' phase changes, bit for bit: labs, systems, events and the generator."""
    labs = [
        (lab.capital, lab.compute, lab.safety_fraction, lab.safety_stock, lab.box_strength)
        + (lab.last_training_compute, lab.last_training_month, len(lab.agis))
        for lab in world.labs
    ]
    agis = [(a.unique_id, a.status, a.lab.unique_id, a.state) for a in world.agis]
    return labs, agis, world.events, world.rng.bit_generator.state


@pytest.mark.parametrize(
    ("scenario", "overrides"),
    [
        ("race", {}),
        ("careless_lab", {"labs__audits_before_deploy": 0}),  # trained, deployed at once
        ("foom", {"policies": [{"name": "deployment_ban", "above": 1.5, "enforcement": 1.0}]}),
        ("race", {"policies": [{"name": "deployment_ban", "above": 1.0, "enforcement": 1.0}]}),
    ],
)
def test_run_labs_is_the_phase_that_reads_every_lab_twice(scenario, overrides):
    """The phase with its one survey per lab changes the world as the two-pass phase does.

    Each step the same world is copied and given to both; the copies must agree bit for
    bit (labs, systems, the event log, the generator's state), through steps in which
    labs train (and, with no audits needed, deploy what they trained in the same turn)
    and deployment bans recall systems.
    """
    world = hand_built_world(scenario, seed=4, labs__training_threshold=1.05, **overrides)
    policies = PolicyEngine(world.cfg.policies)
    kinds = set()
    for step in range(1, 40):
        world.begin_step(step)
        policies.update(world)
        reference = copy.deepcopy(world)
        reference_run_labs(reference)
        run_labs(world)
        assert labs_state(world) == labs_state(reference)
        kinds |= {e["kind"] for e in world.events if e["step"] == step}
        self_improve(world)
        contain(world)
        run_economy(world)
    assert "new_agi" in kinds
    assert "deployed" in kinds
    if "policies" in overrides:
        assert "recalled" in kinds


@pytest.mark.parametrize("scenario", ["race", "foom", "fizzle"])
def test_survey_gives_the_labs_capability_and_what_its_turn_changes(scenario):
    """A lab's survey is its capability and the systems the deployment rules change."""
    from agi_economy.agents import BOXED, DEPLOYED
    from agi_economy.phases.labs import survey

    world = hand_built_world(scenario, seed=6, labs__training_threshold=1.05)
    changing_seen = 0
    for step in range(1, 30):
        world.begin_step(step)
        c = world.cfg.labs
        for lab in world.labs:
            capability, changing = survey(world, lab)
            ban = lab.levers.deploy_ban_above
            expected = [
                a
                for a in lab.agis
                if (a.status == DEPLOYED and a.state.intelligence >= ban)
                or (
                    a.status == BOXED
                    and ban > a.state.intelligence >= c.deploy_intelligence
                    and a.audits_passed >= c.audits_before_deploy
                )
            ]
            assert capability == lab.capability
            assert changing == expected
            changing_seen += len(changing)
        run_labs(world)
        self_improve(world)
        contain(world)
        run_economy(world)
    assert changing_seen > 0
