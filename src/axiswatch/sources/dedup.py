"""Near-duplicate documents (the same wire story on ten sites): MinHash + LSH over word shingles.

Signatures are persisted in the workspace (``document_minhash``) and loaded
into an in-memory LSH index at the start of a run, so a copy is recognised
whether its original came in this run or a month ago. A copy is linked to the
first document of its cluster (``documents.duplicate_of``), never dropped.
"""

from __future__ import annotations

import re

import numpy as np
from datasketch import MinHash, MinHashLSH

from axiswatch.store.workspace import Workspace

NUM_PERM = 64
# Lightly edited syndicated copies (new dateline, a sentence added) score 0.75-0.95 on 5-word
# shingles; independent reports of the same event stay far below 0.5.
THRESHOLD = 0.7
SHINGLE = 5
# Pinned so stored signatures stay comparable whatever datasketch's default becomes.
SCHEME = "affine32"
MIN_WORDS = 12  # below this a text is too short to call a copy of anything
_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, k: int = SHINGLE) -> list[bytes]:
    """Case-folded word k-grams of a text, as bytes."""
    words = _WORD.findall(text.casefold())
    return [" ".join(words[i:i + k]).encode("utf-8") for i in range(len(words) - k + 1)]


# Permutations are drawn once: MinHash() draws them afresh for every object, which costs as much
# as hashing a whole article.
_TEMPLATE = MinHash(num_perm=NUM_PERM, scheme=SCHEME)


def _new_minhash(hashvalues: np.ndarray | None = None) -> MinHash:
    return MinHash(num_perm=NUM_PERM, scheme=SCHEME, permutations=_TEMPLATE.permutations,
                   hashvalues=hashvalues)


def signature(text: str) -> MinHash | None:
    """The MinHash of a text, or None when the text is too short to compare."""
    if len(_WORD.findall(text[:200_000])) < MIN_WORDS:
        return None
    mh = _new_minhash()
    mh.update_batch(shingles(text[:200_000]))
    return mh


class NearDuplicateIndex:
    """The LSH index of every stored signature, with each document's origin and cluster root."""

    def __init__(self) -> None:
        self.lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
        self.minhashes: dict[str, MinHash] = {}
        self.origin: dict[str, str | None] = {}
        self.root: dict[str, str] = {}

    @classmethod
    def load(cls, ws: Workspace) -> NearDuplicateIndex:
        """Build the index from the signatures stored in the workspace."""
        idx = cls()
        rows = ws.fetchall(
            # Corpus documents (own ids) have no versions: the file they share is not a reason to skip.
            "SELECT m.document_id, m.signature, CASE WHEN d.kind IN ('jsonl') THEN NULL ELSE d.origin END, "
            "d.duplicate_of FROM document_minhash m JOIN documents d USING (document_id)")
        for doc_id, sig, origin, dup in rows:
            mh = minhash_from_bytes(sig)
            idx._add(doc_id, mh, origin, dup or doc_id)
        return idx

    def _add(self, doc_id: str, mh: MinHash, origin: str | None, root: str) -> None:
        if doc_id in self.minhashes:
            return
        self.lsh.insert(doc_id, mh)
        self.minhashes[doc_id] = mh
        self.origin[doc_id] = origin
        self.root[doc_id] = root

    def find(self, doc_id: str, mh: MinHash, origin: str | None) -> str | None:
        """The cluster root this text copies, if any; versions of the same origin do not count."""
        best: tuple[float, str] | None = None
        for cand in self.lsh.query(mh):
            if cand == doc_id or (origin is not None and self.origin.get(cand) == origin):
                continue
            sim = mh.jaccard(self.minhashes[cand])
            if sim >= THRESHOLD and (best is None or (sim, cand) > best):
                best = (sim, cand)
        return self.root[best[1]] if best else None

    def add(self, doc_id: str, mh: MinHash, origin: str | None, duplicate_of: str | None) -> None:
        """Index a stored document."""
        self._add(doc_id, mh, origin, duplicate_of or doc_id)

    def remove(self, doc_id: str) -> None:
        """Forget a document (its write was rolled back, or it was replaced)."""
        if doc_id in self.minhashes:
            self.lsh.remove(doc_id)
            del self.minhashes[doc_id], self.origin[doc_id], self.root[doc_id]


def minhash_from_bytes(data: bytes) -> MinHash:
    """A signature back from its stored form."""
    return _new_minhash(np.frombuffer(data, dtype=np.uint64))


def signature_bytes(mh: MinHash) -> bytes:
    """The stored form of a signature."""
    return np.asarray(mh.hashvalues, dtype=np.uint64).tobytes()
