"""``a NEAR/n b`` and ``"a b"~n``: exactly the documents where both strings have at
most n characters between them, in either order (checked by a brute-force scan)."""
import random

import pytest

from analyzers import normalize_query_chars
from indexer.engines import open_engine
from indexer.reading.records import KINDS
from indexer.searching.fields import searchable_text
from indexer.searching.querysyntax import lex, parse_tree

EVERY_KIND = {"kind": list(KINDS)}


def brute_force(records, a, b, n):
    """Ids of records whose text has a and b with at most n characters between
    the end of one and the start of the other (every pair of positions tried)."""
    a, b = normalize_query_chars(a).strip(), normalize_query_chars(b).strip()
    found = set()
    for r in records:
        text = normalize_query_chars(searchable_text(r))
        sa = [i for i in range(len(text)) if text.startswith(a, i)]
        sb = [j for j in range(len(text)) if text.startswith(b, j)]
        if any(max(j - (i + len(a)), i - (j + len(b))) <= n for i in sa for j in sb):
            found.add(r["id"])
    return found


def ids(result):
    return {hit["id"] for hit in result["hits"]}


def sample_pairs(records, count, seed):
    """(a, b, n) drawn from the texts: two substrings at a known gap, n around it."""
    rng = random.Random(seed)
    pairs = []
    while len(pairs) < count:
        text = normalize_query_chars(searchable_text(rng.choice(records)))
        if len(text) < 40:
            continue
        la, lb, gap = rng.randint(1, 4), rng.randint(2, 4), rng.randint(0, 30)
        i = rng.randrange(0, len(text) - la - lb - gap)
        a, b = text[i:i + la].strip(), text[i + la + gap:i + la + gap + lb].strip()
        if a and b and not set(a + b) & set("\" \ue000"):
            pairs.append((a, b, max(0, gap + rng.randint(-3, 3))))
    return pairs


def test_the_two_spellings_read_the_same():
    assert parse_tree(lex('"职工 书屋"~10')) == parse_tree(lex("职工 NEAR/10 书屋")) \
        == ("near", "职工", "书屋", 10)
    assert parse_tree(lex('"职工书屋"~3')) == ("phrase", "职工书屋")
    assert parse_tree(lex("a NEAR/2 b NEAR/5 c")) == (
        "and", [("near", "a", "b", 2), ("near", "b", "c", 5)])


@pytest.fixture(scope="module")
def embedded(seed_index):
    return open_engine(seed_index)


def test_proximity_equals_a_brute_force_scan_of_the_seeds(embedded, seed_records):
    pairs = sample_pairs(seed_records, 60, seed=27)
    for a, b, n in pairs:
        truth = brute_force(seed_records, a, b, n)
        for q in (f"{a} NEAR/{n} {b}", f'"{b} {a}"~{n}'):
            found = ids(embedded.search(q, filters=EVERY_KIND, per_page=0, snippets=False))
            assert found == truth, (q, found ^ truth)


def test_a_distance_counts_the_characters_between_the_two(embedded, seed_records):
    text = normalize_query_chars(searchable_text(seed_records[0]))
    i = next(i for i in range(len(text)) if not set(text[i:i + 9]) & set(" \ue000"))
    a, b = text[i:i + 2], text[i + 7:i + 9]        # five characters between them
    assert seed_records[0]["id"] in ids(embedded.search(f"{a} NEAR/5 {b}", per_page=0,
                                                        filters=EVERY_KIND, snippets=False))
    assert brute_force(seed_records, a, b, 4) == ids(embedded.search(
        f"{b} NEAR/4 {a}", per_page=0, filters=EVERY_KIND, snippets=False))


@pytest.fixture(scope="module")
def cluster(sphinx_clusters, seed_records):
    return open_engine(sphinx_clusters("seeds", seed_records))


def test_the_cluster_finds_the_same_set_as_the_brute_force_scan(cluster, embedded, seed_records):
    for a, b, n in sample_pairs(seed_records, 15, seed=2027):
        truth = brute_force(seed_records, a, b, n)
        q = f'"{a} {b}"~{n}'
        assert ids(cluster.search(q, filters=EVERY_KIND, per_page=0, snippets=False)) == truth, q
    a, b, n = sample_pairs(seed_records, 1, seed=5)[0]
    q = f"{a} NEAR/{n} {b} 工会"
    assert ids(cluster.search(q, filters=EVERY_KIND, per_page=0, snippets=False)) == ids(
        embedded.search(q, filters=EVERY_KIND, per_page=0, snippets=False))


def test_a_pair_inside_or_and_not_keeps_its_distance_on_the_cluster(cluster, embedded,
                                                                     seed_records):
    """``(a NEAR/n b) OR "c"`` and ``"a" -(a NEAR/n b)``, for pairs where some documents
    hold both strings farther apart than n: the cluster, the embedded index and a
    brute-force scan find the same set (before, the cluster only asked for both)."""
    def holding(string):
        return {r["id"] for r in seed_records
                if normalize_query_chars(string) in normalize_query_chars(searchable_text(r))}

    pairs = [(a, b, n) for a, b, n in sample_pairs(seed_records, 80, seed=11)
             if brute_force(seed_records, a, b, n) != holding(a) & holding(b)][:4]
    assert len(pairs) == 4
    c = "书屋"
    for a, b, n in pairs:
        near = brute_force(seed_records, a, b, n)
        for q, truth in ((f'({a} NEAR/{n} {b}) OR "{c}"', near | holding(c)),
                         (f'"{a}" -({a} NEAR/{n} {b})', holding(a) - near),
                         (f'"{c}" OR -"{c}" -({b} NEAR/{n} {a})', {r["id"] for r in seed_records}
                          - near)):
            for engine in (cluster, embedded):
                found = ids(engine.search(q, filters=EVERY_KIND, per_page=0, snippets=False))
                assert found == truth, (q, engine, found ^ truth)


def test_the_page_the_api_and_the_cli_take_proximity(client, runner, seed_index, seed_records):
    a, b, n = sample_pairs(seed_records, 1, seed=11)[0]
    truth = brute_force(seed_records, a, b, n)
    got = client.get("/api/search", query_string={"q": f"{a} NEAR/{n} {b}", "per_page": 100,
                                                  "kind": list(KINDS)}).get_json()
    assert got["total"] == len(truth)
    form = client.get("/", query_string={"near_a": a, "near_b": b, "near_n": n})
    assert form.status_code == 200 and f"{a} {b}".encode() in form.data
    assert client.get("/", query_string={"near_a": a, "near_b": b,
                                              "near_n": "x"}).status_code == 400
    assert "NEAR/n" in client.get("/api/openapi.json").get_data(as_text=True)
    assert "NEAR/10" in client.get("/help").get_data(as_text=True)
    from search_app.cli import cli
    out = runner.invoke(cli, ["search", f'"{a} {b}"~{n}', "--index", seed_index, "--limit", "0",
                              "--json", *[x for k in KINDS for x in ("--kind", k)]])
    assert out.exit_code == 0, out.output
    import json
    assert json.loads(out.output)["total"] == len(truth)


def test_the_fast_check_agrees_with_the_position_check_overlaps_included():
    from indexer.searching.proximity import checker
    rng = random.Random(1)
    for _ in range(5000):
        text = "".join(rng.choice("abc") for _ in range(rng.randint(0, 30)))
        a, b = ("".join(rng.choice("abc") for _ in range(rng.randint(1, 3))) for _ in "ab")
        n = rng.randint(0, 6)
        truth = any(max(j - (i + len(a)), i - (j + len(b))) <= n
                    for i in range(len(text)) if text.startswith(a, i)
                    for j in range(len(text)) if text.startswith(b, j))
        assert checker(a, b, n)(text) == truth, (text, a, b, n)
