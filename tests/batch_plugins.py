"""Measure sets defined outside tsdyn, loaded by the batch tests as "batch_plugins:NAME"."""

import os
import time

import numpy as np
import xarray as xr

from tsdyn.io.measures import MeasureResult


def draw(series, params, seed):
    """One random number from the series' own seed, and the series mean."""
    return {"draw": float(np.random.default_rng(seed).random()), "mean_plugin": float(series.mean())}


def slow(series, params, seed):
    """Sleeps ``delay`` seconds: long enough to kill a batch in the middle."""
    time.sleep(float(params.get("delay", 0.2)))
    return {"slept": float(params.get("delay", 0.2))}


def cumulative(series, params, seed):
    """A rolling output: the running mean along time."""
    running = np.cumsum(series.values) / np.arange(1, series.size + 1)
    return MeasureResult(
        {"last": float(running[-1])},
        xr.Dataset({"running_mean": ("time", running)}, coords={"time": series["time"].values}),
    )


def broken(series, params, seed):
    """A bug in a measure: recorded as an internal error, not a crash of the batch."""
    raise ZeroDivisionError("division by zero in a plugin")


def crash(series, params, seed):
    """Kills its own worker process on the series named 'boom' (a segfault or the OOM killer, say)."""
    if series.name == "boom":
        os._exit(3)
    return {"fine": 1.0}


def gate(series, params, seed):
    """Lets the first ``free`` series through; holds the others while the file ``hold`` exists.

    Each call takes a numbered ticket in the folder ``tickets`` (created
    exclusively, so worker processes never share a number) and leaves a file
    named after its process id there: a test then knows how far the batch got
    and which processes run it, with no timing guess.
    """
    folder = params["tickets"]
    ticket = 0
    while True:
        try:
            os.close(os.open(os.path.join(folder, f"ticket-{ticket}"), os.O_CREAT | os.O_EXCL))
            break
        except FileExistsError:
            ticket += 1
    open(os.path.join(folder, f"pid-{os.getpid()}"), "w").close()
    while ticket >= params["free"] and os.path.exists(params["hold"]):
        time.sleep(0.02)
    return {"mean": float(series.mean())}


def flag(series, params, seed):
    """A boolean result and one that is never defined (NaN for every series)."""
    return {"positive": bool(series.mean() > 0), "undefined": float("nan")}
