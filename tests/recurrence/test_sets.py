"""Recurrence sets: the sparse triangle and the dense matrix against the dense reference."""

import numpy as np
import pytest
import scipy.sparse

from tests.recurrence import reference
from tsdyn.chaos import embed
from tsdyn.errors import InputError
from tsdyn.recurrence import recurrence_matrix


@pytest.mark.parametrize("metric", ["euclidean", "chebyshev", "manhattan"])
def test_sparse_triangle_and_dense_matrix_equal_the_reference(metric):
    x = np.random.default_rng(1).normal(size=300)
    # m = 5: more coordinates than the search grid has axes
    want = reference.matrix(embed(x, m=5, tau=2), 1.2, metric, theiler=4)
    sparse = recurrence_matrix(x, m=5, tau=2, threshold=1.2, metric=metric, theiler=4)
    assert isinstance(sparse, scipy.sparse.csr_matrix)
    assert sparse.indices.dtype == np.int32 and sparse.indptr.dtype == np.int32
    np.testing.assert_array_equal(sparse.toarray(), np.triu(want))
    dense = recurrence_matrix(x, m=5, tau=2, threshold=1.2, metric=metric, theiler=4, sparse=False)
    np.testing.assert_array_equal(dense, want)


def test_line_of_identity_is_never_recurrent():
    r = recurrence_matrix(np.zeros(10), m=1, threshold=1.0, sparse=False)
    assert not r.diagonal().any() and r.sum() == 90


def test_dense_request_above_the_memory_limit_is_refused():
    x = np.random.default_rng(0).normal(size=3000)
    with pytest.raises(InputError, match=r"takes 8\.6 MiB .* pass sparse=True"):
        recurrence_matrix(x, m=1, threshold=0.1, sparse=False, max_bytes=2**20)
    assert recurrence_matrix(x, m=1, threshold=0.1, max_bytes=2**20).shape == (3000, 3000)


def test_one_series_only():
    with pytest.raises(InputError, match="takes one series, x holds 2"):
        recurrence_matrix(np.zeros((2, 50)), m=1, threshold=0.1)
