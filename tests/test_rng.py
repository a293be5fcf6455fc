import numpy as np
import pytest

from tsdyn.errors import InputError
from tsdyn.rng import as_generator, as_seed_sequence, seed_for_key, spawn


def test_same_int_seed_same_draws():
    assert np.array_equal(as_generator(3).random(5), as_generator(3).random(5))
    assert not np.array_equal(as_generator(3).random(5), as_generator(4).random(5))


def test_generator_is_used_as_is_and_seed_sequence_accepted():
    g = np.random.default_rng(0)
    assert as_generator(g) is g
    ss = np.random.SeedSequence(5)
    assert np.array_equal(as_generator(ss).random(3), np.random.default_rng(5).random(3))


def test_spawn_children_are_independent_and_reproducible():
    a = [g.random() for g in spawn(11, 4)]
    assert a == [g.random() for g in spawn(11, 4)]
    assert len(set(a)) == 4
    # the first k children do not depend on how many were asked for
    assert [g.random() for g in spawn(11, 2)] == a[:2]


def test_seed_for_key_depends_on_key_not_order():
    x = np.random.default_rng(seed_for_key(1, "b.csv")).random()
    y = np.random.default_rng(seed_for_key(1, "a.csv")).random()
    assert x != y
    assert np.random.default_rng(seed_for_key(1, "b.csv")).random() == x
    assert np.random.default_rng(seed_for_key(2, "b.csv")).random() != x


@pytest.mark.parametrize("bad", [-1, 1.5, "7", True])
def test_bad_seed(bad):
    with pytest.raises(InputError, match="seed must be"):
        as_seed_sequence(bad)


@pytest.mark.parametrize("key", [123, None, b"a.csv", ("a", 1)])
def test_seed_for_key_needs_a_str_key(key):
    """Issue 13, problem 15: a non-str key raised AttributeError from deep inside."""
    with pytest.raises(InputError, match="key must be a str"):
        seed_for_key(0, key)


@pytest.mark.parametrize("n", [-1, 2.5, True])
def test_spawn_needs_a_non_negative_count(n):
    """Issue 13, problem 16: spawn(0, -1) raised OverflowError."""
    with pytest.raises(InputError, match="spawn's n must be an integer >= 0"):
        spawn(0, n)
    assert spawn(0, 0) == []
