"""The kind table: one row per kind the catalog registers, each naming what the engine does with it."""

import dataclasses

import pytest

import tsdyn.systems as ts
from tsdyn.systems._kinds import KIND_TABLE, SCHEMES
from tsdyn.systems._request import Request
from tsdyn.systems.base import KINDS


def test_every_kind_has_one_row():
    assert tuple(KIND_TABLE) == KINDS
    assert all(row.name == kind for kind, row in KIND_TABLE.items())


@pytest.mark.parametrize("kind", KINDS)
def test_a_kinds_scheme_and_lyapunov_procedure_are_reachable(kind):
    row = KIND_TABLE[kind]
    assert SCHEMES[row.scheme.name] is row.scheme
    assert row.scheme.attrs[0] == "integrator" and row.scheme.attrs[-1] == "obs_noise"
    assert row.lyapunov is None or callable(row.lyapunov)
    system = ts.get(ts.list(kind=kind)[0])
    assert system.behaviour is row


def test_the_request_cannot_change():
    req = Request.build(ts.get("Lorenz"), n=4, dt=0.1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        req.n = 5  # type: ignore[misc]
