"""Reading the R earlywarnings fixtures (made by tools/earlywarnings_refs.R; CI needs no R)."""

from pathlib import Path

import pandas as pd

FIXTURES = Path(__file__).parent / "fixtures" / "earlywarnings"


def table(name: str) -> pd.DataFrame:
    return pd.read_csv(FIXTURES / name)


def series(name: str) -> pd.Series:
    """A fixture series as a pandas Series indexed by R's time index."""
    df = table(f"series_{name}.csv")
    return pd.Series(df["value"].to_numpy(), index=pd.Index(df["time"].to_numpy(), name="time"))
