"""Model-based detection and surrogate significance: speed, false-positive rate, LR ROC.

Run from benchmarks/: PYTHONPATH=.. python ews_models.py [--write]

Times the surrogate test (1000 surrogates at N = 1e4) and the likelihood
fits, then measures two statistical properties the issue asks to report:
the surrogate p-value's false-positive rate at alpha = 0.05 over 200 seeded
null runs, and the ROC AUC of the likelihood ratio, fold runs vs null runs.
"""

import sys
import time

import numpy as np
from harness import Case, run_cases, write_section

from tsdyn.ews.likelihood import fit_lsn, fit_ou, likelihood_ratio
from tsdyn.ews.roc import roc_auc
from tsdyn.ews.scenarios import scenario
from tsdyn.ews.significance import trend_test


def false_positive_rate(method: str, n_runs: int = 200) -> tuple[np.ndarray, float]:
    null = scenario("fold", n_members=n_runs, n_time=400, seed=12, null=True)
    res = trend_test(null, n_surrogates=199, seed=0, method=method, max_iter=100)
    per_indicator = (res["p_value"] <= 0.05).mean("member").values
    return per_indicator, float((res["p_min"] <= 0.05).mean())


def lr_auc(n_runs: int = 50, n_time: int = 400) -> float:
    alt = scenario("fold", n_members=n_runs, n_time=n_time, seed=21)
    null = scenario("fold", n_members=n_runs, n_time=n_time, seed=21, null=True)
    t = alt["time"].values
    lr_alt, lr_null = [], []
    for m in range(n_runs):
        n_use = int(np.searchsorted(t, float(alt["transition_time"][m]) - 5.0, side="right"))
        lr_alt.append(likelihood_ratio(alt.values[:n_use, m]))
        lr_null.append(likelihood_ratio(null.values[:n_use, m]))
    return roc_auc(lr_null, lr_alt)


def main() -> None:
    rng = np.random.default_rng(0)
    x = rng.standard_normal(10_000)
    ou = np.empty(10_000)
    ou[0] = 0.0
    for i in range(9_999):
        ou[i + 1] = 0.8 * ou[i] + rng.standard_normal()

    def arima():
        from statsmodels.tsa.arima.model import ARIMA

        return ARIMA(ou, order=(1, 0, 0), trend="c").fit()

    cases = [
        Case(
            "surrogate test, 1000 AR(1) surrogates (variance, ac1)",
            "N=1e4",
            lambda: trend_test(x, n_surrogates=1000, seed=0, method="ar1"),
            "none",
            None,
            repeats=1,
        ),
        Case(
            "surrogate test, 1000 phase surrogates (variance, ac1)",
            "N=1e4",
            lambda: trend_test(x, n_surrogates=1000, seed=0, method="phase"),
            "none",
            None,
            repeats=1,
        ),
        Case("OU maximum likelihood fit", "N=1e4", lambda: fit_ou(ou), "statsmodels ARIMA(1,0,0)", arima),
        Case("LSN maximum likelihood fit", "N=1e3", lambda: fit_lsn(ou[:1000]), "none", None),
    ]
    rows = run_cases(cases)
    start = time.perf_counter()
    fpr_ar1, fpr_ar1_min = false_positive_rate("ar1")
    fpr_phase, fpr_phase_min = false_positive_rate("phase")
    fpr_iaaft, fpr_iaaft_min = false_positive_rate("iaaft")
    auc = lr_auc()
    notes = (
        "False-positive rate of the surrogate p-value at alpha = 0.05, 200 seeded stationary null runs "
        "(fold model at fixed parameter, N = 400, 199 surrogates, Gaussian detrending): "
        f"AR(1) surrogates variance {fpr_ar1[0]:.3f}, ac1 {fpr_ar1[1]:.3f}, combined min-p {fpr_ar1_min:.3f}; "
        f"phase surrogates variance {fpr_phase[0]:.3f}, ac1 {fpr_phase[1]:.3f}, combined min-p {fpr_phase_min:.3f}; "
        f"IAAFT surrogates (at most 100 iterations) variance {fpr_iaaft[0]:.3f}, ac1 {fpr_iaaft[1]:.3f}, "
        f"combined min-p {fpr_iaaft_min:.3f}.\n"
        f"ROC AUC of the likelihood ratio (OU vs LSN), 50 fold runs vs 50 null runs, N = 400: {auc:.3f}.\n"
        f"(statistical part: {time.perf_counter() - start:.0f} s)"
    )
    print(notes)
    if "--write" in sys.argv:
        write_section("ews-models", rows, notes=notes)


if __name__ == "__main__":
    main()
