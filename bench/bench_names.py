"""Benchmark: the name index at the scale of the best public tool (2M channels, 20M titles).

Every channel, handle and title here is SYNTHETIC (seeded random.Random): plausible names put
together from lists of first names, surnames and words, made up for timing only. It prints the
build time, the index size, and, for at least 1,000 queries of each kind a creator types
(exact name, handle, handle without @, one typo, words swapped, a missing space, accents
dropped, accents added), the share whose channel is in the top 10, over all queries and over
those whose name no other synthetic channel bears (the bar's measure: with ten namesakes no
search can rank the one meant in the top 10), for exact names and handles the share whose
first channel bears that exact name or handle, and the query times p50/p95, beside a floor
measured in the same run: one plain term lookup on the same index. The index is built once
and kept under bench/out/ (--rebuild builds it again); a second run only times queries.

Examples:
  python bench/bench_names.py                                  # 2M channels, 20M titles
  python bench/bench_names.py --channels 100000 --titles 1000000 --queries 300
  python bench/bench_names.py --index data/index.db            # also time a channel check
"""

import itertools
import json
import random
import statistics
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lookup import cli  # noqa: E402
from lookup.names import NameIndex, NameRecord, build  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"
FIRST = """James Mary John Patricia Robert Jennifer Michael Linda David Elizabeth William Barbara
Richard Susan Joseph Jessica Thomas Sarah Charles Karen Christopher Lisa Daniel Nancy Matthew
Betty Anthony Sandra Mark Margaret Donald Ashley Steven Kimberly Andrew Emily Paul Donna Joshua
Michelle Kenneth Carol Kevin Amanda Brian Melissa George Deborah Timothy Stephanie Ronald Rebecca
Jason Laura Edward Sharon Jeffrey Cynthia Ryan Kathleen Jacob Helen Gary Amy Nicholas Anna Eric
Shirley Jonathan Angela Stephen Ruth Larry Brenda Justin Pamela Scott Nicole Brandon Katherine
Benjamin Samantha Samuel Christine Gregory Catherine Alexander Virginia Frank Rachel Patrick Janet
Raymond Emma Jack Carolyn Dennis Maria Jerry Heather Tyler Diane Aaron Julie Jose Joyce Adam
Victoria Nathan Kelly Henry Christina Douglas Lauren Zachary Joan Peter Evelyn Kyle Olivia Ethan
Judith Walter Megan Noah Cheryl Jeremy Martha Christian Andrea Keith Frances Roger Hannah Terry
Jacqueline Gerald Ann Harold Gloria Sean Jean Austin Kathryn Carl Alice Arthur Teresa Lawrence
Sara Dylan Janice Jesse Doris Jordan Madison Bryan Julia Billy Grace Joe Judy Bruce Abigail
Gabriel Marie Logan Denise Albert Beverly Willie Amber Alan Theresa Juan Marilyn Wayne Danielle
Elijah Diana Randy Brittany Roy Natalie Vincent Sophia Ralph Rose Eugene Isabella Russell Alexis
Bobby Kayla Mason Charlotte Philip Louis Marques Linus Felix Hugo Lukas Elias Jonas Leon Finn
Matteo Luca Giulia Chiara Sofia Alessandro Lorenzo Francesco Mateo Santiago Valentina Camila
Lucia Pablo Javier Diego Carmen Ines Thiago Gabriela Rafael Leticia Yuki Haruto Sakura Hiroshi
Mei Wei Jun Min Seo Jiwoo Arjun Priya Rohan Ananya Vikram Aisha Omar Fatima Youssef Amir Layla
Noor Ivan Olga Dmitri Anastasia Sergei Katarina Piotr Agnieszka Lars Ingrid Sven Astrid Nils""".split()
ACCENTED = """José Zoë Renée Chloé Björn Søren Ångström Jürgen Günter Müller García López
Pérez Sánchez Gómez Martínez Hernández Díaz Rodríguez Núñez Peña Muñoz Jiménez Álvarez Ramírez
François Hélène Théo Léa Zoé Anaïs Maëlle Mathéo Noël Célia Émile Andrés Sebastián Inés
Fernández Iñaki Óscar Rubén Adrián Tomás Martín Joaquín Ramón Dvořák Łukasz Zoltán Gábor Ágnes
Bäcker Schröder Jäger Krüger Straße Çelik Yılmaz Öztürk Şahin Doğan Ünal Håkon Øystein""".split()
LAST = """Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore
Jackson Martin Lee Thompson White Harris Clark Lewis Robinson Walker Young Allen King Wright Scott
Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts
Phillips Evans Turner Parker Collins Edwards Stewart Morris Murphy Cook Rogers Morgan Peterson
Cooper Reed Bailey Bell Kelly Howard Ward Cox Richardson Wood Watson Brooks Bennett Gray James
Hughes Price Sanders Myers Long Ross Foster Powell Jenkins Perry Russell Sullivan Fisher Henderson
Coleman Simmons Patterson Jordan Reynolds Hamilton Graham Kim Gonzales Alexander Ramos Wallace
Griffin West Cole Hayes Chavez Gibson Bryant Ellis Stevens Murray Ford Marshall Owens McDonald
Harrison Ruiz Kennedy Wells Alvarez Woods Mendoza Castillo Olson Webb Washington Tucker Freeman
Burns Henry Vasquez Snyder Simpson Crawford Jimenez Porter Mason Shaw Gordon Wagner Hunter Romero
Hicks Dixon Hunt Palmer Robertson Black Holmes Stone Meyer Boyd Mills Warren Fox Rose Rice Moreno
Schmidt Patel Ferguson Nichols Herrera Medina Ryan Fernandez Weaver Daniels Stephens Gardner Payne
Kelley Dunn Pierce Arnold Tran Spencer Peters Hawkins Grant Hansen Castro Hoffman Hart Elliott
Cunningham Knight Bradley Brownlee Sebastian Tips Rossi Russo Ferrari Esposito Bianchi Romano
Colombo Ricci Marino Greco Bruno Gallo Conti Costa Giordano Mancini Rizzo Lombardi Moretti Tanaka
Suzuki Takahashi Watanabe Ito Yamamoto Nakamura Kobayashi Sato Wang Li Zhang Liu Chen Yang Huang
Zhao Wu Zhou Sharma Singh Kumar Gupta Reddy Khan Ali Hassan Ivanov Petrov Novak Kowalski Nowak
Larsen Nielsen Andersen Johansson Lindberg Berg Dahl""".split()
WORDS = """tech gaming vlogs cooking official tv music daily studio kitchen plays reviews games
crafts garden travel fitness yoga science history news sports football live channel media
films animation comedy kids family tutorials diy academy lab podcast radio records beats
guitar piano drums art design photo nature wildlife cars motors racing flight space cosmic
retro pixel arcade quest legends heroes squad crew club nation world planet city street home
tips tricks hacks facts stories tales show hub zone central official unboxing asmr minecraft
fortnite roblox chess math physics chemistry coding python linux cloud""".split()
SYLLABLES = ("ka ri to mu ne sa lo vi an el or ba de ki po ru ta zen mar que brow lee vex "
             "nor tal zu qi fa go hu ja ly mo pe ra si tu wo xa yo").split()
TITLE_FORMS = ("{w} {w} review", "How to {w} a {w}", "{w} {w} {w} tutorial", "My {w} {w}",
               "{w} vs {w}", "Top 10 {w} {w}", "{n} plays {w}", "{w} {w} part {d}",
               "The {w} of {w}", "{w} {w} {w} {w}", "I tried {w} for {d} days",
               "{w} with {n}", "{w} {w} ({d})", "Why {w} is {w}")
KINDS = ("exact name", "handle", "handle without @", "one typo", "words swapped",
         "missing space", "accents dropped", "accents added")
ACCENT_OF = {"a": "á", "e": "é", "i": "í", "o": "ó", "u": "ü", "n": "ñ", "c": "ç"}


def synthetic_word(rng):
    """A made-up word of 2-4 syllables (brand names, rare surnames)."""
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


class Names:
    """SYNTHETIC name parts, seeded: Zipf-weighted, as word use in real names is."""

    def __init__(self, seed=7):
        rng = random.Random(seed)
        made_up = sorted({synthetic_word(rng) for _ in range(200_000)})
        rng.shuffle(made_up)
        self.first = FIRST + ACCENTED[:40]
        self.last = LAST + ACCENTED[12:] + made_up[:30_000]
        self.words = WORDS + made_up[30_000:]
        self.weights = {name: list(itertools.accumulate(1.0 / (r + 1) ** 0.8
                                                        for r in range(len(values))))
                        for name, values in (("first", self.first), ("last", self.last),
                                             ("words", self.words))}

    def pick(self, rng, part, k=1):
        return rng.choices(getattr(self, part), cum_weights=self.weights[part], k=k)

    def channel_name(self, rng):
        """A plausible channel name: a person, a person and a word, or a brand."""
        roll = rng.random()
        if roll < 0.40:
            return f"{self.pick(rng, 'first')[0]} {self.pick(rng, 'last')[0]}"
        if roll < 0.55:
            return f"{self.pick(rng, 'first')[0]} {self.pick(rng, 'last')[0]} " \
                   f"{self.pick(rng, 'words')[0].capitalize()}"
        if roll < 0.70:
            return f"{self.pick(rng, 'last')[0]} {self.pick(rng, 'words')[0].capitalize()}"
        return " ".join(w.capitalize() for w in self.pick(rng, "words", rng.randint(1, 3)))


def fold(text):
    """Lower case without accents, as people type a name they half remember."""
    return "".join(c for c in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(c)).lower()


def handle_of(name, rng, taken):
    """A unique @handle made from the name, the way people make theirs (taken: {handle or
    base: the last number given to that base})."""
    words = [w for w in fold(name).split() if w.isalnum()] or ["channel"]
    roll = rng.random()
    base = "".join(words) if roll < 0.6 else "".join(w[0] for w in words) + words[-1] \
        if roll < 0.8 else "_".join(words) if roll < 0.9 else words[0] + "official"
    base = "".join(c for c in base if c.isalnum() or c in "_.-")[:24] or "channel"
    handle, n = base, taken.get(base, 1)
    while handle in taken:
        n += 1
        handle = f"{base}{n}"
    taken[handle] = 1
    taken[base] = n  # the next of this name starts counting here
    return "@" + handle


def synthetic_channels(count, seed=7, names=None):
    """SYNTHETIC channel NameRecords with unique handles and made-up channel IDs."""
    names = names or Names()
    rng, taken = random.Random(seed), {}
    for n in range(count):
        name = names.channel_name(rng)
        channel_id = f"UC{n:022d}"  # made up; never a real channel ID
        yield NameRecord("channel", channel_id, name, handle_of(name, rng, taken), channel_id,
                         videos=int(rng.paretovariate(1.2)))


def synthetic_titles(count, channels, seed=11, names=None):
    """SYNTHETIC video title NameRecords spread over the channel records given."""
    names = names or Names()
    rng = random.Random(seed)
    for n in range(count):
        channel = channels[rng.randrange(len(channels))]
        form = rng.choice(TITLE_FORMS)
        text = form.replace("{n}", channel[1].split()[0])
        while "{w}" in text:
            text = text.replace("{w}", names.pick(rng, "words")[0], 1)
        text = text.replace("{d}", str(rng.randint(1, 100)))
        video = f"{n:011d}"  # a made-up key; titles are only searched here
        yield NameRecord("video", video, text[0].upper() + text[1:], channel[2], channel[0],
                         channel[1])


def typo(word, rng):
    """The word with one edit a typist makes: a letter dropped, doubled, changed or swapped."""
    if len(word) < 4:
        return word
    i = rng.randint(1, len(word) - 2)
    return rng.choice([word[:i] + word[i + 1:], word[:i] + word[i] + word[i:],
                       word[:i] + rng.choice("aeiounrst") + word[i + 1:],
                       word[:i] + word[i + 1] + word[i] + word[i + 2:]])


def query(kind, channel, rng):
    """The text a creator of this kind would type for the channel, or None if it cannot."""
    key, name, handle = channel
    words = name.split()
    if kind == "exact name":
        return name
    if kind == "handle":
        return handle
    if kind == "handle without @":
        return handle[1:]
    if kind == "one typo":
        long = [i for i, w in enumerate(words) if len(w) >= 4]
        if not long:
            return None
        i = rng.choice(long)
        return " ".join(typo(w, rng) if j == i else w for j, w in enumerate(words))
    if kind == "words swapped":
        return " ".join(words[1:] + words[:1]) if len(words) > 1 else None
    if kind == "missing space":
        if len(words) < 2:
            return None
        i = rng.randrange(len(words) - 1)
        return " ".join(words[:i] + [words[i] + words[i + 1]] + words[i + 2:])
    if kind == "accents dropped":
        return fold(name) if fold(name) != name.lower() else None
    if kind == "accents added":
        places = [i for i, c in enumerate(name) if c.lower() in ACCENT_OF]
        if fold(name) != name.lower() or not places:
            return None
        i = rng.choice(places)
        return name[:i] + ACCENT_OF[name[i].lower()] + name[i + 1:]
    raise ValueError(kind)


def queries(sample, per_kind, seed=3):
    """{kind: [(text, channel)]} with per_kind queries of each kind, from sampled channels."""
    rng, found = random.Random(seed), {}
    for kind in KINDS:
        found[kind] = []
        for channel in itertools.cycle(rng.sample(sample, len(sample))):
            text = query(kind, channel, rng)
            if text:
                found[kind].append((text, channel))
            if len(found[kind]) >= per_kind:
                break
    return found


def folder_size(path):
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file())


def build_once(folder, channels, titles, rebuild):
    """(seconds, built now) for the cached index in folder, building it if needed."""
    stamp = folder.with_name(folder.name + ".json")
    wanted = {"channels": channels, "titles": titles}
    if not rebuild and stamp.exists() and json.loads(stamp.read_text()).get("size") == wanted:
        return json.loads(stamp.read_text())["seconds"], False
    names = Names()
    channels = list(synthetic_channels(channels, names=names))
    sample = [(r.key, r.name, r.handle) for r in channels]
    records = itertools.chain(channels, synthetic_titles(titles, sample, names=names))
    started = time.perf_counter()
    build(records, folder)
    seconds = time.perf_counter() - started
    stamp.write_text(json.dumps({"size": wanted, "seconds": seconds}))
    return seconds, True


def sample_and_sharing(channels, size=200_000):
    """The first size channels as (key, name, handle), and a function counting how many of all
    the synthetic channels bear a name (accents and case aside): a name that ten others bear
    cannot rank its own channel in the top 10, however good the search."""
    count, sample = Counter(), []
    for n, record in enumerate(synthetic_channels(channels)):
        count[fold(record.name)] += 1
        if n < size:
            sample.append((record.key, record.name, record.handle))
    return sample, lambda name: count[fold(name)]


def percentile(values, share):
    """The value below which `share` of the sorted values fall."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def run_queries(index, asked, shared):
    """{kind: Figures} and the floor's times; shared(name) counts channels bearing that name."""
    figures, floor = {}, []
    for kind, pairs in asked.items():
        got = Figures()
        for text, (key, name, handle) in pairs:
            started = time.perf_counter()
            result = index.search(text, limit=10)
            got.times.append(time.perf_counter() - started)
            found = [m for m in result.matches if m.kind == "channel"][:10]
            keys = [m.key for m in found]
            unique = shared(name) == 1
            got.add(key in keys, unique, bool(found) and fold(found[0].name) == fold(name),
                    bool(found) and found[0].handle.lower() == handle.lower())
            if hasattr(index, "floor"):
                started = time.perf_counter()
                index.floor(text)
                floor.append(time.perf_counter() - started)
        figures[kind] = got
    return figures, floor


class Figures:
    """Counts for one kind of query: found in the top 10 (all, and names no other channel
    bears), and whether the first channel bears the exact name or handle asked for."""

    def __init__(self):
        self.times, self.top, self.unique, self.top_unique = [], 0, 0, 0
        self.same_name, self.same_handle, self.asked = 0, 0, 0

    def add(self, in_top, unique, same_name, same_handle):
        self.asked += 1
        self.top += in_top
        self.unique += unique
        self.top_unique += in_top and unique
        self.same_name += same_name
        self.same_handle += same_handle


def bench_channel_check(lookup, videos=20000, repeats=5):
    """Median seconds for one batch lookup of a 20,000-video channel via lookup(ids)."""
    rng = random.Random(11)
    ids = ["".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
                   for _ in range(10)) + rng.choice("AEIMQUYcgkosw048") for _ in range(videos)]
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        lookup(ids)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main(argv=None):
    """Build (once) and query the synthetic name index; print a table."""
    p = cli.parser(__doc__)
    p.add_argument("--channels", type=int, default=2_000_000, help="synthetic channels")
    p.add_argument("--titles", type=int, default=20_000_000, help="synthetic video titles")
    p.add_argument("--queries", type=int, default=1000, help="queries of each kind")
    p.add_argument("--rebuild", action="store_true", help="build the index again")
    p.add_argument("--index", type=Path, help="dataset index for a 20,000-video channel check")
    args = p.parse_args(argv)
    OUT.mkdir(exist_ok=True)
    folder = OUT / f"names-{args.channels}-{args.titles}"
    build_s, built = build_once(folder, args.channels, args.titles, args.rebuild)
    sample, shared = sample_and_sharing(args.channels)
    index = NameIndex(folder)
    asked = queries(sample, args.queries)
    index.search("warm up the caches", limit=10)
    figures, floor = run_queries(index, asked, shared)
    index.close()
    floor = floor or [0.0]
    rows = [(f"build {args.channels:,} channels + {args.titles:,} titles (synthetic)",
             f"{build_s:.0f} s" + ("" if built else " (cached)"), ""),
            ("index size", f"{folder_size(folder) / 2**20:,.0f} MiB", ""),
            ("floor: one term lookup, p50 / p95",
             f"{percentile(floor, .5) * 1000:.2f} / {percentile(floor, .95) * 1000:.2f} ms", "")]
    every = []
    for kind, got in figures.items():
        every += got.times
        first = {"exact name": f"; first bears the name {got.same_name / got.asked:.1%}",
                 "handle": f"; first bears the handle {got.same_handle / got.asked:.1%}",
                 "handle without @":
                     f"; first bears the handle {got.same_handle / got.asked:.1%}"}.get(kind, "")
        rows.append((f"{kind} ({got.asked:,}; {got.unique:,} unique names): top 10",
                     f"{got.top / got.asked:.1%} / {got.top_unique / max(got.unique, 1):.1%}",
                     f"p50 {percentile(got.times, .5) * 1000:.1f} ms, "
                     f"p95 {percentile(got.times, .95) * 1000:.1f} ms{first}"))
    p95 = percentile(every, .95)
    rows.append(("all queries: p50 / p95",
                 f"{percentile(every, .5) * 1000:.1f} / {p95 * 1000:.1f} ms",
                 f"{p95 / max(percentile(floor, .95), 1e-9):.0f}x the floor's p95 (bar: < 30 ms)"))
    if args.index:
        from lookup.index import Index

        seconds = bench_channel_check(Index.open(args.index).lookup)
        rows.append(("check 20,000-video channel", f"{seconds * 1000:.0f} ms", ""))
    rows.insert(3, ("queries: top 10 of all / of names no other channel bears", "", ""))
    width = max(len(r[0]) for r in rows)
    for name, value, note in rows:
        print(f"{name.ljust(width)}  {value:>16}  {note}")


if __name__ == "__main__":
    main()
