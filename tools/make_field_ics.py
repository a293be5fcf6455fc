"""On-attractor initial conditions and periods of GrayScott, SwiftHohenberg and Robinson.

Writes tsdyn/systems/catalog/field_ics.npz, which tsdyn/systems/catalog/extra_flows.py loads.
Each system starts from the state its paper (or tsdynamics 6.1.1) starts from,
is integrated past the transient with tsdyn's own integrator, and the period
is the dominant period of the power spectrum of a sampled stretch (mean
spacing of maxima where the spectrum has no peak). Needs an importable tsdyn,
so on a fresh checkout run it once with any placeholder npz.
Usage: ``python tools/make_field_ics.py``.
"""

from pathlib import Path

import numpy as np

import tsdyn.systems as ts

OUT = Path(__file__).resolve().parents[1] / "tsdyn" / "systems" / "catalog" / "field_ics.npz"


def gray_scott_start(n=48, seed=0):
    """Pearson's seeding: rest state (u, v) = (1, 0), a central square at (1/2, 1/4), 1% noise."""
    rng = np.random.default_rng(seed)
    u, v = np.ones((n, n)), np.zeros((n, n))
    sq = slice(n // 2 - n // 8, n // 2 + n // 8)
    u[sq, sq], v[sq, sq] = 0.5, 0.25
    u += 0.01 * rng.standard_normal((n, n))
    v += 0.01 * rng.standard_normal((n, n))
    return np.concatenate([u.ravel(), v.ravel()])


def dominant_period(x, dt):
    x = x - x.mean()
    power = np.abs(np.fft.rfft(x * np.hanning(x.size))) ** 2
    freqs = np.fft.rfftfreq(x.size, dt)
    k = 1 + int(np.argmax(power[1:]))
    return 1.0 / freqs[k]


def settle(name, start, transient, span, n=4000):
    s = ts.get(name)
    traj = s.integrate(2, dt=transient, ic=start, rtol=1e-8, atol=1e-8).values[-1]
    probe = s.integrate(n, dt=span / n, ic=traj, rtol=1e-8, atol=1e-8).values
    return traj, probe, span / n


def main():
    arrays = {}
    rng = np.random.default_rng(1)
    starts = {
        "GrayScott": (gray_scott_start(), 4000.0, 4000.0),
        "SwiftHohenberg": (0.1 * rng.standard_normal(32 * 32), 200.0, 400.0),
        "Robinson": (np.array([0.1, 0.1, 0.1]), 2000.0, 2000.0),
    }
    for name, (start, transient, span) in starts.items():
        ic, probe, dt = settle(name, start, transient, span)
        x = probe[:, -1] if name == "GrayScott" else probe[:, 0]
        period = dominant_period(x, dt)
        change = float(np.max(np.abs(probe[-1] - probe[0])))
        print(name, "period", period, "max change over probe", change, "range", np.ptp(x))
        arrays[name] = ic
        arrays[f"{name}_period"] = period
        if period >= span / 2:
            # No spectral peak inside the window: the field drifts slowly (Gray-Scott
            # spots still splitting, Swift-Hohenberg's gradient flow still coarsening),
            # so the catalog period is that drift time scale, the probe window.
            note = (
                f"no oscillation: the pattern keeps evolving slowly (max change {change:.2g} over t = {span:g} "
                f"after a {transient:g} transient); period set to that window"
            )
        else:
            note = f"dominant spectral period over t = {span:g} after a {transient:g} transient"
        arrays[f"{name}_period_note"] = note
    np.savez_compressed(OUT, **arrays)


if __name__ == "__main__":
    main()
