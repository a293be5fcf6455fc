"""The catalog's table (tsdyn/systems/catalog/systems.json) is well formed and is what the catalog serves."""

import numpy as np

from tsdyn.systems import catalog

TABLE = catalog.table()
SPECS = catalog.load()

# Columns the decorators read, and the notes that go to Spec.extra: a misspelt column fails here.
COLUMNS = {"kind", "equations", "params", "ic", "period", "dt", "citation", "description"}
COLUMNS |= {"unbounded", "hamiltonian", "nonautonomous", "size_params"}
NOTES = {"chaotic", "period_note", "ic_note", "array_params", "delay_param", "noise_type", "stiff"}
NOTES |= {"variant_of", "lyapunov_dt", "lyapunov_rtol", "dysts_period", "discontinuous"}


def test_rows_use_known_columns():
    for name, row in TABLE.items():
        assert set(row) <= COLUMNS | NOTES, (name, sorted(set(row) - COLUMNS - NOTES))
        assert row["citation"] and row["description"], name
        assert "ic" in row or row.get("size_params"), f"{name}: only a grid builds its ic from a size hook"


def test_every_row_is_served_as_written():
    assert set(TABLE) <= set(SPECS)
    for name, row in TABLE.items():
        spec = SPECS[name]
        assert spec.kind == row["kind"] and dict(spec.params) == row["params"], name
        assert spec.period == row.get("period") and spec.dt == row.get("dt"), name
        if "ic" in row:
            np.testing.assert_array_equal(spec.ic, row["ic"])
        for note in NOTES & set(row):
            assert note in spec.extra, (name, note)


def test_delay_time_is_the_delay_parameter():
    for name, row in TABLE.items():
        if row["kind"] == "delay":
            assert row["delay_param"] == "delay_time" and SPECS[name].delay == row["params"]["delay_time"], (
                name
            )
