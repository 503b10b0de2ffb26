// Uniqueness of every fact relationship's id (importers/graph_schema.py FACT_RELATIONSHIPS).
// Neo4j 5.26 Community supports relationship property uniqueness (RELATIONSHIP KEY and existence
// constraints are Enterprise-only); the backing range index also serves `MATCH ()-[r:T {id: $id}]->()`.
// Structural relationships (HAS_SENTENCE, NEXT, IN_SENTENCE, SUPPORTS) have no id.
CREATE CONSTRAINT holds_office_id IF NOT EXISTS FOR ()-[r:HOLDS_OFFICE]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT member_of_id IF NOT EXISTS FOR ()-[r:MEMBER_OF]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT part_of_id IF NOT EXISTS FOR ()-[r:PART_OF]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT allied_with_id IF NOT EXISTS FOR ()-[r:ALLIED_WITH]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT office_of_id IF NOT EXISTS FOR ()-[r:OFFICE_OF]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT border_of_id IF NOT EXISTS FOR ()-[r:BORDER_OF]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT said_id IF NOT EXISTS FOR ()-[r:SAID]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT about_id IF NOT EXISTS FOR ()-[r:ABOUT]-() REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT participated_in_id IF NOT EXISTS FOR ()-[r:PARTICIPATED_IN]-() REQUIRE r.id IS UNIQUE;
