"""Name search: channels (name, @handle) and video titles, found despite typos, swapped or
run-together words and missing or extra accents. Built on tantivy (a Rust search engine).

Why tantivy and not whoosh or SQLite FTS5: at 2M channels and 20M titles (the size of the
best public tool's index) whoosh, pure Python, took over 30 ms a query and found a typo's
channel in the top 10 about 80% of the time, and FTS5 has no fuzzy matching at all (its
trigram tokenizer matches substrings, so a typo needs every trigram ORed and ranked by hand).
tantivy matches a word within one or two edits by running a Levenshtein automaton over its
term dictionary (an FST), scores with BM25, and reads its files through mmap, so every worker
process of a host shares one copy in the page cache. bench/bench_names.py has the figures.

Two indexes in one folder: channels/ (one document per channel) and titles/ (one per titled
video). A channel is found four ways, whichever scores best: its whole name run together or
its handle, exactly ("marquesbrownlee", "mkbhd": exact names and handles rank first), the same
within an edit or two ("marqesbrownlee"), and its words in any order, each within edits of
its length ("brownlee marques"). Accents are folded away on both sides ("Beyoncé" = "beyonce").
"""

import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

import tantivy
from tantivy import Filter, Occur, Query, TextAnalyzerBuilder, Tokenizer

from . import paths
from .errors import UserError
from .i18n import N_

MAX_WORDS = 8
MAX_FUZZY = 40  # longest word or run-together name matched within edits
CANDIDATES = 50  # channels scored by tantivy, then ranked here (exact first, then popular)
EXACT, NEAR, WORD, FUZZY_WORD = 12.0, 4.0, 2.0, 1.0  # boosts of the ways a channel is found
_WORDS = (TextAnalyzerBuilder(Tokenizer.simple()).filter(Filter.remove_long(60))
          .filter(Filter.lowercase()).filter(Filter.ascii_fold()).build())
_KEYS = (TextAnalyzerBuilder(Tokenizer.raw()).filter(Filter.lowercase())
         .filter(Filter.ascii_fold()).build())


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
    """Matches (channels, best first, then videos) and "did you mean" spellings."""

    matches: list
    suggestions: list


def words(text):
    """The text's words, lower-cased and without accents, as the index holds them."""
    return [t for t in _WORDS.analyze(text or "")][:MAX_WORDS]


def joined(text):
    """The text's words run together, as handles usually are ("marquesbrownlee")."""
    return "".join(words(text))


def handle_key(handle):
    """A handle as the index holds it: without '@', lower-cased, without accents."""
    keys = _KEYS.analyze((handle or "").strip().lstrip("@"))
    return keys[0] if keys else ""


def max_edits(word):
    """Edits tolerated in a word: none for short words, where one edit is another word, nor
    for words longer than any name (the automaton's cost grows with the word)."""
    return 0 if len(word) <= 3 or len(word) > MAX_FUZZY else 1 if len(word) <= 7 else 2


def _schemas():
    channels = tantivy.SchemaBuilder()
    channels.add_text_field("words", tokenizer_name="names_words", index_option="freq")
    channels.add_text_field("keys", tokenizer_name="names_keys", index_option="basic")
    channels.add_text_field("data", stored=True, tokenizer_name="raw", index_option="basic")
    titles = tantivy.SchemaBuilder()
    titles.add_text_field("words", tokenizer_name="names_words", index_option="freq")
    titles.add_text_field("data", stored=True, tokenizer_name="raw", index_option="basic")
    return channels.build(), titles.build()


def _register(index):
    index.register_tokenizer("names_words", _WORDS)
    index.register_tokenizer("names_keys", _KEYS)
    return index


def build(records, path, heap_mb=512, threads=2):
    """Write records into a fresh index at path, replacing the old one only when complete;
    returns how many were written."""
    path = Path(path)
    building = path.with_name(path.name + ".building")
    shutil.rmtree(building, ignore_errors=True)
    (building / "channels").mkdir(parents=True)
    (building / "titles").mkdir()
    channel_schema, title_schema = _schemas()
    writers = {}
    for kind, folder, schema in (("channel", "channels", channel_schema),
                                 ("video", "titles", title_schema)):
        index = _register(tantivy.Index(schema, str(building / folder)))
        writers[kind] = index.writer(heap_mb * 2**20 // 2, threads)
    count = 0
    try:
        for r in records:
            writers[r.kind].add_document(_document(r))
            count += 1
        for writer in writers.values():
            writer.commit()
            writer.wait_merging_threads()
    except BaseException:
        for writer in writers.values():
            writer.rollback()
        shutil.rmtree(building, ignore_errors=True)
        raise
    old = path.with_name(path.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if path.exists():
        path.rename(old)
    building.rename(path)
    shutil.rmtree(old, ignore_errors=True)
    return count


def _document(r):
    data = "\x1f".join((r.key, r.name, r.handle, r.channel_id, r.channel_name, str(r.videos)))
    if r.kind != "channel":
        return tantivy.Document(words=r.name, data=data)
    keys = [joined(r.name), handle_key(r.handle), joined(r.handle)]
    return tantivy.Document(words=r.name, keys=[k for k in dict.fromkeys(keys) if k],
                            data=data)


def records_from_metadata(metadata):
    """NameRecords for every channel and titled video in a lookup.youtube.metadata.Metadata
    database (YouTube's details and the datasets' descriptions)."""
    for key, channel_id, name, handle, videos in metadata.channels():
        yield NameRecord("channel", key, name or "", handle or "", channel_id or "",
                         videos=videos)
    for video, title, channel_id, channel_name, handle in metadata.titles():
        yield NameRecord("video", video, title, handle, channel_id, channel_name)


class NameIndex:
    """The built name index, opened read-only; safe to share between threads."""

    def __init__(self, path=paths.NAMES):
        path = Path(path)
        try:
            self.channels = _register(tantivy.Index.open(str(path / "channels")))
            self.titles = _register(tantivy.Index.open(str(path / "titles")))
        except (OSError, ValueError):
            raise UserError(N_("Name search is not available: the name index has not been "
                               "built."), 503) from None
        self.path = path
        self._lock = threading.Lock()
        self._searchers = (self.channels.searcher(), self.titles.searcher())
        self.schemas = (self.channels.schema, self.titles.schema)

    def search(self, text, limit=10, kind=None):
        """Channels and videos whose name, handle or title is close to text."""
        # A lone surrogate (from JSON) cannot cross into Rust: it becomes "?", a separator.
        text = (text or "").encode("utf-8", "replace").decode("utf-8")
        tokens = words(text)
        if not tokens:
            return SearchResult([], [])
        channels, titles = self._searchers
        matches = []
        if kind in (None, "channel"):
            matches += self._channels(channels, text, tokens, limit)
        if kind in (None, "video"):
            matches += self._titles(titles, tokens, limit)
        return SearchResult(matches, self._suggest(channels, tokens, matches))

    def floor(self, text):
        """One plain term lookup on the channel index: what any query costs at least (the
        benchmark's floor)."""
        tokens = words(text) or ["a"]
        query = Query.term_query(self.schemas[0], "words", tokens[0])
        return self._searchers[0].search(query, 10).hits

    def _channels(self, searcher, text, tokens, limit):
        schema = self.schemas[0]
        handle, whole = handle_key(text), "".join(tokens)
        clauses = [(Occur.Should, Query.boost_query(Query.term_query(schema, "keys", k), EXACT))
                   for k in dict.fromkeys((handle, whole)) if k]
        if max_edits(whole):
            clauses.append((Occur.Should, Query.boost_query(Query.fuzzy_term_query(
                schema, "keys", whole, max_edits(whole), True), NEAR)))
        for token in tokens:
            clauses.append((Occur.Should, Query.boost_query(
                Query.term_query(schema, "words", token), WORD)))
            if max_edits(token):
                clauses.append((Occur.Should, Query.boost_query(Query.fuzzy_term_query(
                    schema, "words", token, max_edits(token), True), FUZZY_WORD)))
        hits = searcher.search(Query.boolean_query(clauses), CANDIDATES).hits
        # "@name" asks for a handle: that handle outranks a name run together the same way.
        asked_handle = text.strip().startswith("@")
        found = []
        for score, address in hits:
            fields = searcher.doc(address)["data"][0].split("\x1f")
            key, name, handle_text, channel_id, channel_name, videos = fields
            same_handle = handle == handle_key(handle_text)
            exact = whole == joined(name) or same_handle or handle == joined(handle_text)
            rank = 0 if asked_handle and same_handle else 1 if exact else 2
            found.append((rank, -round(score, 3), -int(videos), Match(
                "channel", key, name, handle_text, channel_id, channel_name, int(videos),
                round(score, 3))))
        found.sort(key=lambda item: item[:3])
        return [item[3] for item in found[:limit]]

    def _titles(self, searcher, tokens, limit):
        """Titles holding every word (an unknown word: any spelling within its edits)."""
        schema = self.schemas[1]
        clauses = []
        for token in tokens:
            if searcher.doc_freq("words", token) or not max_edits(token):
                clauses.append((Occur.Must, Query.term_query(schema, "words", token)))
            else:
                clauses.append((Occur.Must, Query.fuzzy_term_query(
                    schema, "words", token, max_edits(token), True)))
        found = []
        for score, address in searcher.search(Query.boolean_query(clauses), limit).hits:
            key, name, handle, channel_id, channel_name, _ = \
                searcher.doc(address)["data"][0].split("\x1f")
            found.append(Match("video", key, name, handle, channel_id, channel_name, 0,
                               round(score, 3)))
        return found

    def _suggest(self, searcher, tokens, matches):
        """The text respelt with the best match's words, when some of its words are unknown."""
        if not matches or all(searcher.doc_freq("words", t) for t in tokens):
            return []
        known = words(matches[0].name)
        fixed = [t if searcher.doc_freq("words", t) else
                 min(known, key=lambda w: distance(t, w), default=t) for t in tokens]
        fixed = [f if len(t) > 3 and distance(t, f) <= 2 else t for t, f in zip(tokens, fixed)]
        return [" ".join(fixed)] if fixed != tokens else []

    def close(self):
        """Nothing to release: the files are read through mmap (kept for callers)."""


def distance(a, b):
    """Levenshtein distance, with a swap of two neighbours counting as one edit."""
    previous, before = list(range(len(b) + 1)), None
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y))
            if before is not None and i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                cost = min(cost, before[j - 2] + 1)
            current.append(cost)
        before, previous = previous, current
    return previous[-1]
