"""Ordinal patterns: permutation entropy and its relatives, complexity, the C-H plane.

Functions load their module on first use, so ``import tsdyn.ordinal`` compiles
nothing (numba kernels compile, or load from the cache, on first call).

>>> import tsdyn.ordinal as to
>>> round(to.permutation_entropy([4.0, 7.0, 9.0, 10.0, 6.0, 11.0, 3.0], allow_short=True), 6)
0.588762
"""

from tsdyn._lazy import lazy_exports

__getattr__, __dir__, __all__ = lazy_exports(
    __name__,
    {
        "n_patterns": "patterns",
        "ordinal_distribution": "patterns",
        "ordinal_sequence": "patterns",
        "pattern_table": "patterns",
        "permutation_entropy": "entropy",
        "weighted_permutation_entropy": "entropy",
        "amplitude_aware_permutation_entropy": "entropy",
        "renyi_entropy": "entropy",
        "tsallis_entropy": "entropy",
        "conditional_permutation_entropy": "entropy",
        "complexity_entropy": "complexity",
        "statistical_complexity": "complexity",
        "renyi_complexity_entropy": "complexity",
        "tsallis_complexity_entropy": "complexity",
        "fisher_shannon": "complexity",
        "complexity_bounds": "plane",
        "minimum_complexity_curve": "plane",
        "maximum_complexity_curve": "plane",
        "plane_position": "plane",
        "rolling_permutation_entropy": "rolling",
        "rolling_complexity_entropy": "rolling",
        "missing_patterns": "missing",
        "missing_patterns_test": "missing",
        "white_noise_missing": "missing",
        "multiscale_complexity_entropy": "multiscale",
        "multiscale_permutation_entropy": "multiscale",
        "transition_matrix": "networks",
        "ordinal_network": "networks",
        "OrdinalNetwork": "networks",
        "global_node_entropy": "networks",
        "missing_links": "networks",
        "random_ordinal_network": "networks",
        "image_transition_matrix": "networks",
        "image_global_node_entropy": "networks",
        "image_ordinal_sequence": "images",
        "image_ordinal_distribution": "images",
        "image_complexity_entropy": "images",
        "smoothness_structure": "images",
        "two_by_two_patterns": "images",
        "two_by_two_labels": "images",
        "permutation_js_distance": "distance",
        "permutation_contrasts": "distance",
        "natural_timescale": "tau",
        "choose_delay": "tau",
        "classify": "classification",
        "rolling_classify": "classification",
        "Classification": "classification",
        "periodic_band": "classification",
    },
)
