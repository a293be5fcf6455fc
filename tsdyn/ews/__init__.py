"""Early-warning signals: detrending, rolling critical-slowing-down indicators, trends.

The common case is one call::

    res = tsdyn.ews.analyze(x, window=0.5, detrend="gaussian", bandwidth=0.2,
                            indicators=["variance", "ac1"], transition=None)
    res.data   # Dataset: state, trend, residuals, indicators along time
    res.ktau   # DataFrame: Kendall tau of each indicator

Names load on first use, so ``import tsdyn.ews`` compiles nothing.

>>> import tsdyn.ews
>>> callable(tsdyn.ews.analyze)
True
"""

from tsdyn._lazy import lazy_exports

__getattr__, __dir__, __all__ = lazy_exports(
    __name__,
    {
        # the pipeline
        "analyze": "api",
        "rolling_indicators": "api",
        "EWSSpec": "api",
        "EWSResult": "api",
        "detrend": "detrending",
        "loess_smooth": "detrending",
        "bw_nrd0": "detrending",
        "kendall_trend": "trend",
        "sensitivity_grid": "sensitivity",
        "get_convention": "conventions",
        "CONVENTIONS": "conventions",
        "INDICATORS": "indicators",
        "Indicator": "indicators",
        "get_indicator": "indicators",
        "indicator_names": "indicators",
        "register_indicator": "indicators",
        "bimodality_coefficient": "indicators",
        "rolling_spectral": "spectral",
        # R earlywarnings' whole-series methods
        "ddj_nonparametric": "ddj",
        "DDJResult": "ddj",
        "potential_analysis": "potential",
        "moving_potential": "potential",
        "kernel_density": "potential",
        "PotentialResult": "potential",
        "find_optima": "potential",
        "bw_nrd": "potential",
        "conditional_heteroskedasticity": "heteroskedasticity",
        "ar_ols_residuals": "heteroskedasticity",
        "bds_statistic": "bds",
        "bds_test": "bds",
        "arma_residuals": "bds",
        "garch_residuals": "bds",
        "quick_detection": "qda",
        "QuickDetection": "qda",
        # significance
        "trend_test": "significance",
        "surrogate_significance": "significance",
        "TrendTest": "significance",
        # model-based detection
        "fit_ou": "likelihood",
        "fit_lsn": "likelihood",
        "likelihood_ratio": "likelihood",
        "bootstrap_lr": "likelihood",
        # ROC
        "roc_curve": "roc",
        "roc_auc": "roc",
        "RocCurve": "roc",
        # scenarios and the atlas
        "scenario": "scenarios",
        "system_scenario": "scenarios",
        "SCENARIOS": "scenarios",
        "indicator_atlas": "atlas",
        "atlas_table": "atlas",
        "ATLAS_INDICATORS": "atlas",
        # multivariate, spatial, classifier hook
        "analyze_multivariate": "multivariate",
        "rolling_multivariate": "multivariate",
        "MULTIVARIATE_INDICATORS": "multivariate",
        "analyze_spatial": "spatial",
        "spatial_indicators": "spatial",
        "SpatialOptions": "spatial",
        "field_frames": "spatial",
        "SPATIAL_INDICATORS": "spatial",
        "spatial_grazing": "scenarios",
        "grayscott_ramp": "scenarios",
        "classify_transition": "classify",
        "multivariate_atlas": "atlas",
        "spatial_atlas": "atlas",
        "combine_atlases": "atlas",
        "register_atlas_indicator": "atlas",
        "MULTIVARIATE_SYSTEMS": "atlas",
        "LOCATED_SYSTEMS": "atlas",
        "smap_theta": "multivariate",
        "patch_distribution": "patchfit",
        "PatchDistribution": "patchfit",
        "xmin_estimate": "patchfit",
        "plrange": "patchfit",
    },
)
