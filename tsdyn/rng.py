"""The seed policy: every random draw comes from an explicit ``seed``.

``seed`` may be None (fresh entropy), an int, a :class:`numpy.random.SeedSequence`
or a :class:`numpy.random.Generator`. Work split over members, files or workers
takes child seeds from :func:`spawn` or :func:`seed_for_key`, so a result does
not depend on how many workers ran it or in what order.

>>> from tsdyn.rng import as_generator, spawn, seed_for_key
>>> float(as_generator(1).random()) == float(as_generator(1).random())
True
>>> [float(g.random()) for g in spawn(7, 2)] == [float(g.random()) for g in spawn(7, 2)]
True
>>> key = seed_for_key(7, "a.csv")
>>> bool((key.generate_state(2) == seed_for_key(7, "a.csv").generate_state(2)).all())
True
"""

from __future__ import annotations

import hashlib
import numbers
from typing import cast

import numpy as np

from tsdyn.errors import InputError, check_int

__all__ = ["Seed", "as_generator", "as_seed_sequence", "child_seed", "seed_for_key", "spawn"]

Seed = None | int | np.random.SeedSequence | np.random.Generator


def as_seed_sequence(seed: Seed) -> np.random.SeedSequence:
    """Return the SeedSequence behind ``seed``.

    A Generator contributes a SeedSequence spawned from its bit generator,
    so the caller's generator advances and repeated calls differ.

    Parameters
    ----------
    seed : None, int, SeedSequence or Generator
        None draws fresh entropy from the operating system; an int must be >= 0.

    Returns
    -------
    numpy.random.SeedSequence
        ``seed`` itself when it is one.

    See Also
    --------
    as_generator, seed_for_key

    Examples
    --------
    >>> as_seed_sequence(7).entropy
    7
    """
    if seed is None:
        return np.random.SeedSequence()
    if isinstance(seed, np.random.SeedSequence):
        return seed
    if isinstance(seed, np.random.Generator):
        # numpy types seed_seq as the ISeedSequence interface; a seeded generator holds a SeedSequence
        return cast(np.random.SeedSequence, seed.bit_generator.seed_seq).spawn(1)[0]
    if isinstance(seed, numbers.Integral) and not isinstance(seed, bool) and seed >= 0:
        return np.random.SeedSequence(int(seed))
    raise InputError(
        f"seed must be None, a non-negative int, a numpy SeedSequence or Generator; got {seed!r}"
    )


def as_generator(seed: Seed) -> np.random.Generator:
    """Return a Generator for ``seed`` (a Generator is returned as it is).

    Parameters
    ----------
    seed : None, int, SeedSequence or Generator
        As in :func:`as_seed_sequence`.

    Returns
    -------
    numpy.random.Generator

    See Also
    --------
    as_seed_sequence, spawn

    Examples
    --------
    >>> float(as_generator(1).random()) == float(as_generator(1).random())
    True
    """
    if isinstance(seed, np.random.Generator):
        return seed
    return np.random.default_rng(as_seed_sequence(seed))


def spawn(seed: Seed, n: int) -> list[np.random.Generator]:
    """Return ``n`` independent Generators derived from ``seed`` (``n >= 0``).

    Parameters
    ----------
    seed : None, int, SeedSequence or Generator
        As in :func:`as_seed_sequence`.
    n : int
        How many children (at least 0).

    Returns
    -------
    list of numpy.random.Generator
        Child ``i`` is the same for the same ``seed`` whatever ``n`` is.

    See Also
    --------
    seed_for_key : a child chosen by a key instead of a position.

    Examples
    --------
    >>> a, b = spawn(7, 2)
    >>> float(a.random()) != float(b.random())
    True
    """
    n = check_int(n, "spawn's n", minimum=0)
    return [np.random.default_rng(s) for s in as_seed_sequence(seed).spawn(n)]


def child_seed(root: np.random.SeedSequence, index: int) -> np.random.SeedSequence:
    """The ``index``-th child of ``root``, as ``root.spawn`` gives it on a fresh parent.

    Per-series procedures seed series ``i`` with this child, so a series gets the
    same draws whether it is computed alone, in a batch or in any dask chunk.

    Parameters
    ----------
    root : numpy.random.SeedSequence
        The parent (from :func:`as_seed_sequence`).
    index : int
        The series' position in the whole input (flattened over its other dimensions).

    Returns
    -------
    numpy.random.SeedSequence

    See Also
    --------
    spawn : The first ``n`` children as Generators.

    Examples
    --------
    >>> root = as_seed_sequence(7)
    >>> child_seed(root, 2).generate_state(1) == root.spawn(3)[2].generate_state(1)
    array([ True])
    """
    return np.random.SeedSequence(
        root.entropy, spawn_key=(*root.spawn_key, int(index)), pool_size=root.pool_size
    )


def seed_for_key(seed: Seed, key: str) -> np.random.SeedSequence:
    """A child SeedSequence fixed by ``seed`` and a stable key (e.g. a file path).

    Parameters
    ----------
    seed : None, int, SeedSequence or Generator
        The parent, as in :func:`as_seed_sequence`.
    key : str
        Any stable text (a str: other objects' str() is not stable); its SHA-256 extends the parent's spawn key.

    Returns
    -------
    numpy.random.SeedSequence
        The same for the same ``seed`` and ``key``, in any process and any order.

    See Also
    --------
    spawn

    Examples
    --------
    >>> a = seed_for_key(7, "a.csv").generate_state(2)
    >>> bool((a == seed_for_key(7, "a.csv").generate_state(2)).all())
    True
    >>> bool((a == seed_for_key(7, "b.csv").generate_state(2)).all())
    False
    """
    if not isinstance(key, str):
        # str() of other objects is not stable across runs or versions (reprs, float formatting)
        raise InputError(f"seed_for_key's key must be a str (a file path, a name), got {key!r}")
    parent = as_seed_sequence(seed)
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    words = [int.from_bytes(digest[i : i + 4], "little") for i in range(0, 16, 4)]
    entropy = parent.entropy if parent.entropy is not None else 0
    return np.random.SeedSequence(entropy, spawn_key=(*parent.spawn_key, *words))
