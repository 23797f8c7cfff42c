"""A whoosh index of channel names, handles and video titles, searched with typo tolerance."""

import shutil
import threading
import time
from bisect import bisect_left
from dataclasses import dataclass
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.automata.fsa import find_all_matches
from whoosh.automata.lev import levenshtein_automaton
from whoosh.analysis import LowercaseFilter, RegexTokenizer
from whoosh.collectors import TimeLimit, WrappingCollector
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.query import And, AndMaybe, Or, Term
from whoosh.support.levenshtein import distance

from . import paths
from .errors import UserError
from .i18n import N_

MAX_WORDS = 8
# No stemming: typo matching compares what people type with the words as written.
ANALYZER = RegexTokenizer(r"\w+") | LowercaseFilter()
MAX_CANDIDATES = 8  # spellings tried per mistyped word, most frequent first
# Indexing cost grows with distinct terms, so only what is searched is indexed, and everything
# shown comes back from one stored tuple. `keys` holds a channel's handle and its name run
# together ("marquesbrownlee"), often one term: a whole name or handle is then found exactly
# without scoring every name sharing a word, and typo expansion scans name words only.
SCHEMA = Schema(kind=ID(), words=TEXT(analyzer=ANALYZER, phrase=False),
                keys=KEYWORD(lowercase=True), data=STORED)
COMMON = 5_000  # a word (with its spellings) in more names than this is not required
TIME_LIMIT = 0.016  # seconds of scoring before a very common word's matches are cut short


@dataclass(frozen=True)
class NameRecord:
    """One thing to index: a channel (name, handle) or a video (title, its channel)."""

    kind: str
    key: str
    name: str
    handle: str = ""
    channel_id: str = ""
    channel_name: str = ""
    videos: int = 0


@dataclass(frozen=True)
class Match:
    """One search hit, as plain data."""

    kind: str
    key: str
    name: str
    handle: str
    channel_id: str
    channel_name: str
    videos: int
    score: float


@dataclass(frozen=True)
class SearchResult:
    """Matches, best first, and "did you mean" spellings when the text had unknown words."""

    matches: list
    suggestions: list


def max_edits(word):
    """Edits tolerated in a word: none for short words, where one edit is a different word."""
    return 0 if len(word) <= 3 else 1 if len(word) <= 6 else 2


def joined(text):
    """The text's words lower-cased and run together, as handles usually are."""
    return "".join(t.text for t in ANALYZER(text))


def build(records, path, limitmb=256, procs=1):
    """Write records into a fresh index at path, replacing the old one only when complete."""
    path = Path(path)
    building = path.with_name(path.name + ".building")
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir(parents=True)
    ix = whoosh_index.create_in(building, SCHEMA)
    # procs > 1 indexes in worker processes and keeps their segments unmerged (faster build).
    writer = ix.writer(limitmb=limitmb, procs=procs, multisegment=procs > 1)
    count = 0
    try:
        for r in records:
            # Only channel documents answer to a handle; videos carry it just for display.
            keys = f"{r.handle.lstrip('@')} {joined(r.name)}" if r.kind == "channel" else ""
            writer.add_document(kind=r.kind, words=r.name, keys=keys,
                                data=(r.kind, r.key, r.name, r.handle, r.channel_id,
                                      r.channel_name, r.videos))
            count += 1
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    old = path.with_name(path.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if path.exists():
        path.rename(old)
    building.rename(path)
    shutil.rmtree(old, ignore_errors=True)
    return count


def records_from_metadata(metadata):
    """NameRecords for every channel and titled video in a lookup.youtube.metadata.Metadata database."""
    channel = None
    for row in metadata.rows():
        key = row.channel_id or row.handle or ""
        if key and (channel is None or channel.key != key):
            if channel is not None:
                yield channel
            channel = NameRecord("channel", key, row.channel_name or "", row.handle or "",
                                 row.channel_id or "")
        if channel is not None and key == channel.key:
            channel = NameRecord(**{**channel.__dict__, "videos": channel.videos + 1})
        if row.title:
            yield NameRecord("video", row.video, row.title, row.handle or "",
                             row.channel_id or "", row.channel_name or "")
    if channel is not None:
        yield channel


class NameIndex:
    """The built name index, opened read-only; one searcher per thread."""

    def __init__(self, path=paths.NAMES, time_limit=TIME_LIMIT):
        path, self.time_limit = Path(path), time_limit
        if not whoosh_index.exists_in(path):
            raise UserError(N_("Name search is not available: the name index has not been "
                               "built."), 503)
        self.ix = whoosh_index.open_dir(path, readonly=True)
        self._local = threading.local()
        # The name vocabulary in memory (a few MB even at a million channels): typo expansion
        # then seeks with bisect instead of whoosh's on-disk term table, ~10x faster.
        with self.ix.reader() as reader:
            self.vocabulary = [w.decode("utf-8") for w in reader.lexicon("words")]

    def _searcher(self):
        searcher = getattr(self._local, "searcher", None)
        if searcher is None:
            searcher = self._local.searcher = self.ix.searcher()
        return searcher

    def search(self, text, limit=10, kind=None):
        """Channels and videos whose name, handle or title is close to text."""
        words = [t.text for t in ANALYZER(text or "")][:MAX_WORDS]
        if not words:
            return SearchResult([], [])
        searcher = self._searcher()
        expanded = [self._word(searcher.reader(), w) for w in words]
        handle = text.strip().lstrip("@").lower()
        query = Or([_words_query(expanded), Term("keys", handle, boost=5.0),
                    Term("keys", joined(text), boost=5.0)])
        if kind:
            query = And([query, Term("kind", kind)])
        hits = self._run(searcher, query, limit)
        matches = [Match(*h["data"], round(h.score, 3)) for h in hits]
        # A misspelt word is corrected towards the best match's spelling when it has one.
        top = {t.text for t in ANALYZER(matches[0].name)} if matches else set()
        fixed = [next((w for w in near if w in top), near[0]) if near else word
                 for word, (_, near, _) in zip(words, expanded)]
        return SearchResult(matches, [" ".join(fixed)] if fixed != words else [])

    def _run(self, searcher, query, limit):
        """Top hits, scoring for at most time_limit seconds."""
        collector = _Deadline(searcher.collector(limit=limit), self.time_limit)
        try:
            searcher.search_with_collector(query, collector)
        except TimeLimit:
            pass  # a word shared by 100,000+ names: rank the matches scored so far
        return collector.results()

    def _near(self, word, edits):
        """Known words within `edits` edits of word (same first letter), any order."""
        vocabulary = self.vocabulary

        def first_at_or_after(text):
            i = bisect_left(vocabulary, text)
            return vocabulary[i] if i < len(vocabulary) else None

        dfa = levenshtein_automaton(word, edits, prefix=1).to_dfa()
        return find_all_matches(dfa, first_at_or_after)

    def _word(self, reader, word):
        """(query for the word or its spellings, closest spellings if unknown, documents)."""
        parts = [Term("words", word, boost=3.0)]
        edits = max_edits(word)
        if not edits:
            return parts[0], [], reader.doc_frequency("words", word)
        # Expanded once here rather than by FuzzyTerm, which expands again for every size
        # estimate and matcher; capped so a common prefix cannot explode the query.
        near = [w for w in self._near(word, edits) if w != word]
        frequency = {w: reader.doc_frequency("words", w) for w in near}
        near.sort(key=lambda w: -frequency[w])
        near = near[:MAX_CANDIDATES]
        parts += [Term("words", w) for w in near]
        documents = reader.doc_frequency("words", word) + sum(frequency[w] for w in near)
        if reader.doc_frequency("words", word):
            return Or(parts), [], documents
        return Or(parts), sorted(near, key=lambda w: (distance(word, w), -frequency[w])), \
            documents

    def close(self):
        """Close this thread's searcher."""
        searcher = getattr(self._local, "searcher", None)
        if searcher is not None:
            searcher.close()
            self._local.searcher = None


def _words_query(expanded):
    """Names must hold the rarest words (or spellings); commoner words only add to the score.

    An intersection of common words can spin inside whoosh between two results, out of reach
    of the deadline; requiring the rare words and scoring the common ones where they occur
    (AndMaybe) visits only the rare words' documents.
    """
    ranked = sorted(expanded, key=lambda item: item[2])
    rarest = ranked[0][2]
    required = [clause for clause, _, documents in ranked if documents <= max(rarest, COMMON)]
    optional = [clause for clause, _, documents in ranked if documents > max(rarest, COMMON)]
    query = Or(required) if len(required) > 1 else required[0]
    return AndMaybe(query, Or(optional)) if optional else query


class _Deadline(WrappingCollector):
    """Stops collecting once a deadline passes, checking the clock every 256 documents."""

    # whoosh's TimeLimitCollector relies on a timer thread (or SIGALRM, main thread only);
    # the scoring loop holds the GIL, so that thread fired 30-50 ms late here.
    def __init__(self, child, seconds):
        self.child, self.seconds = child, seconds

    def prepare(self, top_searcher, q, context):
        self.child.prepare(top_searcher, q, context)
        self.deadline = time.monotonic() + self.seconds

    def collect_matches(self):
        child, deadline, clock = self.child, self.deadline, time.monotonic
        for count, docnum in enumerate(child.matches()):
            if not count & 255 and clock() > deadline:
                raise TimeLimit
            child.collect(docnum)
