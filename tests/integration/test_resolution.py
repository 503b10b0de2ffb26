"""Cross-document entity resolution against a real Neo4j (issue 11): one real person, one node.

The articles under tests/fixtures/resolution are invented; they name people the way news does (a
full name, a longer form of it, a surname alone). They go through the real extractor and loader.
"""

from __future__ import annotations

import json
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import neo4j
import pytest

from app.graph import entities as graph_entities
from app.graph.search import resolve_ref, search
from app.settings import get_settings
from importers.contract import Extraction
from importers.cypher_runner import CypherRunner
from importers.loader import Loader
from importers.pipeline import Extractor
from importers.readers import SourceDocument, read_file
from importers.retraction import retract_document

pytestmark = pytest.mark.neo4j

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_2783307ef2ad6d18.md"
FIXTURES = ROOT / "tests" / "fixtures" / "resolution"
INTELGRAPH = str(Path(sys.executable).parent / "intelgraph")


@cache
def _extractor() -> Extractor:
    return Extractor(get_settings().spacy_model)


@cache
def extraction(name: str) -> Extraction:
    path = SEED if name == "seed" else FIXTURES / f"{name}.md"
    (doc,) = [d for d in read_file(path) if isinstance(d, SourceDocument)]
    return _extractor().extract(doc)


def load(driver: neo4j.Driver, database: str, *names: str) -> None:
    report = Loader(CypherRunner(driver, database)).load([extraction(n) for n in names])
    assert report.failed == []


def rows(driver: neo4j.Driver, database: str, query: str, **params: Any) -> list[dict[str, Any]]:
    records, _, _ = driver.execute_query(query, params, database_=database)
    return [r.data() for r in records]


def person_ids(driver: neo4j.Driver, database: str) -> list[str]:
    return [r["id"] for r in rows(driver, database, "MATCH (p:Person) RETURN p.id AS id ORDER BY id")]


def clusters(driver: neo4j.Driver, database: str) -> set[frozenset[tuple[str, int, int]]]:
    """Each person as the set of mention spans (document, start, end) it gathers."""
    found = rows(
        driver,
        database,
        """MATCH (p:Person)
           MATCH (e:Evidence {fact_id: p.id, fact_kind: 'mention'})
           RETURN p.id AS id, collect([e.doc_id, e.start, e.end]) AS spans""",
    )
    return {frozenset((d, s, t) for d, s, t in r["spans"]) for r in found}


def resolutions(driver: neo4j.Driver, database: str) -> list[dict[str, Any]]:
    return rows(
        driver,
        database,
        """MATCH (r:Resolution)
           RETURN r.written_id AS written, r.entity_id AS entity, r.decision AS decision,
                  r.rule AS rule, r.score AS score, r.status AS status, r.candidates AS candidates
           ORDER BY written""",
    )


def test_seed_then_articles_naming_people_differently(clean_neo4j: neo4j.Driver, neo4j_database: str) -> None:
    load(clean_neo4j, neo4j_database, "seed", "05_long_leader", "06_surnames_leaders")
    people = person_ids(clean_neo4j, neo4j_database)
    assert [p for p in people if "maduro" in p] == ["person:nicolas-maduro"]
    assert [p for p in people if "petro" in p] == ["person:gustavo-petro"]
    assert len(people) == 8  # the seed's eight people, no more

    decided = {r["written"]: r for r in resolutions(clean_neo4j, neo4j_database)}
    assert set(decided) == {"person:maduro", "person:nicolas-maduro-moros", "person:petro"}
    assert decided["person:nicolas-maduro-moros"]["entity"] == "person:nicolas-maduro"
    assert decided["person:nicolas-maduro-moros"]["rule"] == "name_rules@1:name-extension"
    assert decided["person:maduro"]["entity"] == "person:nicolas-maduro"
    assert decided["person:maduro"]["rule"] == "name_rules@1:surname-only"
    assert decided["person:maduro"]["score"] == 0.85  # 0.8 surname + 0.05 Petro co-mentioned
    assert decided["person:petro"]["entity"] == "person:gustavo-petro"
    assert {r["decision"] for r in decided.values()} == {"merge"}

    # Every document's mention evidence cites the one node: a path runs from story to story.
    a, b = extraction("05_long_leader").document.id, extraction("06_surnames_leaders").document.id
    linked = rows(
        clean_neo4j,
        neo4j_database,
        """MATCH (:Document {id: $a})-[:HAS_SENTENCE]->(:Sentence)<-[:IN_SENTENCE]-(:Evidence)
                 -[:SUPPORTS]->(p:Person)<-[:SUPPORTS]-(:Evidence)-[:IN_SENTENCE]->(:Sentence)
                 <-[:HAS_SENTENCE]-(:Document {id: $b})
           RETURN DISTINCT p.id AS id""",
        a=a,
        b=b,
    )
    assert linked == [{"id": "person:nicolas-maduro"}]

    # Reachable by any of its names.
    (maduro,) = rows(clean_neo4j, neo4j_database, "MATCH (p:Person {id: 'person:nicolas-maduro'}) RETURN p")
    assert {"Maduro", "Maduro Moros", "Nicolás Maduro Moros"} <= set(maduro["p"]["aliases"])
    for name in ("Maduro Moros", "Nicolás Maduro Moros", "Nicolas Maduro"):
        assert resolve_ref(clean_neo4j, neo4j_database, name, field="from").id == "person:nicolas-maduro"
        hits = search(clean_neo4j, neo4j_database, name, ["Person"], 10).results
        assert [h.id for h in hits] == ["person:nicolas-maduro"]
    for ref in ("Maduro", "Maduro Moros", "person:maduro", "person:nicolas-maduro-moros"):
        assert [e["id"] for e in graph_entities.lookup(clean_neo4j, neo4j_database, ref)] == [
            "person:nicolas-maduro"
        ]
    shown = graph_entities.show(clean_neo4j, neo4j_database, "person:nicolas-maduro")
    assert len(shown["documents"]) == 3
    by_doc = {d["id"]: d["written"] for d in shown["documents"]}
    assert sorted(by_doc[a]) == ["Maduro Moros", "Nicolás Maduro Moros"]
    assert by_doc[b] == ["Maduro"]


def test_shared_given_names_and_name_tokens_stay_apart(
    clean_neo4j: neo4j.Driver, neo4j_database: str
) -> None:
    load(clean_neo4j, neo4j_database, "seed", "01_summit", "04_given", "07_lone_given")
    people = person_ids(clean_neo4j, neo4j_database)
    assert {"person:ivan-duque", "person:ivan-velasquez"} <= set(people)
    assert {"person:tomas-echeverria", "person:tomas-larrain"} <= set(people)
    assert {"person:omar-haddad", "person:karim-omar", "person:omar"} <= set(people)
    # The lone "Omar" fits two known people: it stays apart and waits for an analyst.
    queue = graph_entities.review(clean_neo4j, neo4j_database)
    assert [(i["written_id"], i["entity_id"]) for i in queue] == [("person:omar", "person:omar")]
    assert sorted(c["id"] for c in queue[0]["candidates"]) == ["person:karim-omar", "person:omar-haddad"]
    assert queue[0]["reason"] == "2 known people fit a lone name"
    assert all(r["decision"] != "merge" for r in resolutions(clean_neo4j, neo4j_database))


ORDERED = ("01_summit", "02_longname", "03_surnames")


@pytest.mark.parametrize("one_call", [True, False], ids=["one-import", "one-import-per-document"])
def test_clusters_do_not_depend_on_import_order(
    clean_neo4j: neo4j.Driver, neo4j_database: str, one_call: bool
) -> None:
    def run(names: tuple[str, ...]) -> set[frozenset[tuple[str, int, int]]]:
        rows(clean_neo4j, neo4j_database, "MATCH (n) WHERE NOT n:SchemaVersion DETACH DELETE n")
        if one_call:
            load(clean_neo4j, neo4j_database, *names)
        else:
            for name in names:
                load(clean_neo4j, neo4j_database, name)
        return clusters(clean_neo4j, neo4j_database)

    forward = run(ORDERED)
    assert len(person_ids(clean_neo4j, neo4j_database)) == 3  # Echeverría, Quispe, Larraín
    backward = run(tuple(reversed(ORDERED)))
    assert len(person_ids(clean_neo4j, neo4j_database)) == 3
    # Loaded last, the full names absorbed the lone surnames loaded first.
    absorbed = [r for r in resolutions(clean_neo4j, neo4j_database) if r["decision"] == "absorb"]
    assert sorted(r["written"] for r in absorbed) == ["person:echeverria", "person:quispe"]
    assert forward == backward
    assert run(("03_surnames", "01_summit", "02_longname")) == forward


def test_reimport_is_idempotent(clean_neo4j: neo4j.Driver, neo4j_database: str) -> None:
    from importers.graph_checksum import graph_checksum

    load(clean_neo4j, neo4j_database, "seed", "05_long_leader", "06_surnames_leaders")
    before = graph_checksum(clean_neo4j, neo4j_database)
    report = Loader(CypherRunner(clean_neo4j, neo4j_database)).load(
        [extraction(n) for n in ("seed", "05_long_leader", "06_surnames_leaders")]
    )
    assert (report.loaded, report.skipped) == (0, 3)
    assert graph_checksum(clean_neo4j, neo4j_database).checksum == before.checksum


def test_retraction_removes_what_only_the_document_supported(
    clean_neo4j: neo4j.Driver, neo4j_database: str
) -> None:
    load(clean_neo4j, neo4j_database, "seed")
    seed_people = person_ids(clean_neo4j, neo4j_database)
    seed_evidence = rows(clean_neo4j, neo4j_database, "MATCH (e:Evidence) RETURN count(e) AS n")
    load(clean_neo4j, neo4j_database, "06_surnames_leaders")
    doc = extraction("06_surnames_leaders").document.id
    assert len(resolutions(clean_neo4j, neo4j_database)) == 2
    result = retract_document(CypherRunner(clean_neo4j, neo4j_database), doc)
    assert result is not None and result.entities_removed == []
    assert person_ids(clean_neo4j, neo4j_database) == seed_people
    assert rows(clean_neo4j, neo4j_database, "MATCH (e:Evidence) RETURN count(e) AS n") == seed_evidence
    assert resolutions(clean_neo4j, neo4j_database) == []


def run_cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [INTELGRAPH, *args], env=env, capture_output=True, text=True, timeout=600, check=False
    )


def test_entities_cli_show_ambiguous_and_review(clean_neo4j: neo4j.Driver, neo4j_env: dict[str, str]) -> None:
    files = [str(FIXTURES / f"{n}.md") for n in ("01_summit", "08_namesake", "03_surnames")]
    imported = run_cli(neo4j_env, "import", *files, "--json")
    assert imported.returncode == 0, imported.stderr

    shown = run_cli(neo4j_env, "entities", "show", "Tomás Echeverría", "--json")
    assert shown.returncode == 0, shown.stderr
    detail = json.loads(shown.stdout)
    assert (detail["id"], detail["type"], detail["name"]) == (
        "person:tomas-echeverria",
        "Person",
        "Tomás Echeverría",
    )
    assert len(detail["documents"]) == 1

    # Two senior Echeverrías: the surname alone is ambiguous, on the CLI and in the import.
    ambiguous = run_cli(neo4j_env, "entities", "show", "Echeverria", "--json")
    assert ambiguous.returncode == 1
    payload = json.loads(ambiguous.stdout)
    assert sorted(c["id"] for c in payload["candidates"]) == [
        "person:echeverria",
        "person:pablo-echeverria",
        "person:tomas-echeverria",
    ]
    assert "ambiguous" in ambiguous.stderr

    review = run_cli(neo4j_env, "entities", "review", "--json")
    assert review.returncode == 0, review.stderr
    items = json.loads(review.stdout)
    assert sorted(i["written_id"] for i in items) == ["person:echeverria", "person:quispe"]
    lone = next(i for i in items if i["written_id"] == "person:echeverria")
    assert sorted(c["id"] for c in lone["candidates"]) == [
        "person:pablo-echeverria",
        "person:tomas-echeverria",
    ]

    missing = run_cli(neo4j_env, "entities", "show", "Nobody Atall", "--json")
    assert missing.returncode == 1


def test_analyst_judgements_are_honoured_on_later_imports(
    clean_neo4j: neo4j.Driver, neo4j_database: str
) -> None:
    # "Not the same": the longer name loaded after the judgement stays its own person.
    load(clean_neo4j, neo4j_database, "01_summit")
    judged = graph_entities.judge(
        clean_neo4j,
        neo4j_database,
        "person:tomas-echeverria",
        "person:tomas-echeverria-vidal",
        "different",
        "t",
    )
    assert (judged["verdict"], judged["merged_into"]) == ("different", None)
    load(clean_neo4j, neo4j_database, "02_longname")
    people = person_ids(clean_neo4j, neo4j_database)
    assert {"person:tomas-echeverria", "person:tomas-echeverria-vidal"} <= set(people)

    # "The same": a lone surname two people fit waits for review; the analyst merges it now, and a
    # later document writing the same id joins the same person.
    load(clean_neo4j, neo4j_database, "08_namesake", "03_surnames")
    queue = graph_entities.review(clean_neo4j, neo4j_database)
    assert "person:echeverria" in [i["written_id"] for i in queue]
    merged = graph_entities.judge(
        clean_neo4j, neo4j_database, "person:tomas-echeverria", "person:echeverria", "same", "t"
    )
    assert merged["merged_into"] == "person:tomas-echeverria"
    assert "person:echeverria" not in person_ids(clean_neo4j, neo4j_database)
    assert "person:echeverria" not in [
        i["written_id"] for i in graph_entities.review(clean_neo4j, neo4j_database)
    ]
    spans = rows(
        clean_neo4j,
        neo4j_database,
        "MATCH (e:Evidence {fact_id: 'person:tomas-echeverria', fact_kind: 'mention'}) RETURN count(e) AS n",
    )
    assert spans == [{"n": 4}]  # 01: "Tomás Echeverría", "Echeverría"; 03: "Echeverría" twice

    doc = extraction("03_surnames").document.id
    assert retract_document(CypherRunner(clean_neo4j, neo4j_database), doc) is not None
    load(clean_neo4j, neo4j_database, "03_surnames")
    decided = {r["written"]: r for r in resolutions(clean_neo4j, neo4j_database) if r["rule"] != "analyst"}
    assert decided["person:echeverria"]["entity"] == "person:tomas-echeverria"
    assert decided["person:echeverria"]["rule"] == "name_rules@1:analyst"
    assert "person:echeverria" not in person_ids(clean_neo4j, neo4j_database)
