"""Regenerate the example CSV files in datasets/examples/.

    python datasets/make_examples.py

Real series come from statsmodels' bundled datasets (offline); the Lorenz
series is integrated by tsdyn's systems engine (so run it where tsdyn imports,
e.g. after ``pip install .``); the others are simulated with fixed seeds, so
rerunning gives the same files. Each file shows
one thing the CSV reader handles (see datasets/examples/README.md).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import statsmodels.api as sm

HERE = Path(__file__).with_name("examples")
FLOAT = "%.6g"


def nile() -> None:
    """Annual flow of the Nile at Aswan, 1871-1970 (10^8 m^3), comma-separated."""
    data = sm.datasets.nile.load_pandas().data
    frame = pd.DataFrame({"year": data["year"].astype(int), "volume": data["volume"]})
    frame.to_csv(HERE / "nile.csv", index=False, float_format=FLOAT)


def sunspots() -> None:
    """Yearly mean sunspot numbers, 1700-2008, tab-separated."""
    data = sm.datasets.sunspots.load_pandas().data
    frame = pd.DataFrame({"year": data["YEAR"].astype(int), "sunspots": data["SUNACTIVITY"]})
    frame.to_csv(HERE / "sunspots.tsv", index=False, sep="\t", float_format=FLOAT)


def lorenz() -> None:
    """Lorenz (1963) system at sigma=10, rho=28, beta=8/3; x, y, z sampled every 0.02 after a transient.

    Integrated by tsdyn's systems engine (compiled DOP853, tight tolerances)
    from (1, 1, 1); time counts from the end of the transient.
    """
    from tsdyn import systems

    dt, n, transient = 0.02, 2000, 20.0
    traj = systems.get("Lorenz").integrate(
        n=n, dt=dt, transient=transient, ic=[1.0, 1.0, 1.0], rtol=1e-10, atol=1e-12
    )
    values = traj.transpose("time", "variable").values
    frame = pd.DataFrame(
        {"t": np.round(dt * np.arange(n), 10), "x": values[:, 0], "y": values[:, 1], "z": values[:, 2]}
    )
    frame.to_csv(HERE / "lorenz.csv", index=False, float_format=FLOAT)


def slowing_down() -> None:
    """AR(1) whose coefficient rises from 0.2 to 0.95 (critical slowing down before a transition).

    Written the European way: semicolons and decimal commas.
    """
    rng = np.random.default_rng(20261123)
    n = 600
    phi = np.linspace(0.2, 0.95, n)
    x = np.zeros(n)
    for i in range(1, n):
        x[i] = phi[i] * x[i - 1] + rng.normal(scale=0.5)
    frame = pd.DataFrame({"time": np.arange(n), "state": 10.0 + x})
    frame.to_csv(HERE / "slowing_down.csv", index=False, sep=";", decimal=",", float_format=FLOAT)


def stations() -> None:
    """Long layout (station, date, value): daily temperatures at two simulated stations, gzip-compressed."""
    rng = np.random.default_rng(7)
    days = pd.date_range("2024-01-01", periods=365, freq="D")
    seasonal = 10.0 - 8.0 * np.cos(2 * np.pi * np.arange(365) / 365.25)
    rows = []
    for name, offset in (("north", -3.0), ("south", 4.0)):
        noise = np.zeros(365)
        for i in range(1, 365):
            noise[i] = 0.7 * noise[i - 1] + rng.normal(scale=1.5)
        rows.append(
            pd.DataFrame(
                {"station": name, "date": days.strftime("%Y-%m-%d"), "value": seasonal + offset + noise}
            )
        )
    frame = pd.concat(rows, ignore_index=True)
    frame.to_csv(
        HERE / "stations_long.csv.gz",
        index=False,
        float_format=FLOAT,
        compression={"method": "gzip", "mtime": 0},
    )


def main() -> None:
    HERE.mkdir(exist_ok=True)
    for make in (nile, sunspots, lorenz, slowing_down, stations):
        make()
        print("wrote", make.__name__)


if __name__ == "__main__":
    main()
