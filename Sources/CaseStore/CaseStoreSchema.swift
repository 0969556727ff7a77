import GRDB

/// The case store's schema, as GRDB migrations from the first version on. A migration is never
/// edited once released: a change is a new migration appended here (learned scoring will add a
/// `models` table this way). `PRAGMA user_version` follows the number of migrations applied.
///
/// Tables (one row …):
/// - `runs`: per recorded `analyze` run: dataset, run folder, tool version, seed, parameters
///   (JSON), arguments (JSON), run hash and time; `run_inputs`: per input file with its SHA-256.
/// - `rings`, `ring_members`: per ring of a run and per entity of it, with the case it holds,
///   its change and the lineage explanation; `factory_ranking`: the run's raid ranking.
/// - `cases`: per case (`C-2026-0042`): status, the run that opened it, the last run it was seen
///   in; `case_members`: the entities of its latest ring (what later rings are matched against).
/// - `lineage`: per relation between a ring and a case (continues, re-emerges, opens, split
///   from, merged into, related), with its similarity and explanation.
/// - `case_events`: the case history: opened, status changes, notes, outcomes, lineage, each
///   with who, when and a reference.
/// - `outcomes`, `outcome_entities`: enforcement results per case and the entities they name.
/// - `ring_features` (v2): per ring of a run and per learned-scoring feature, its value (NULL when
///   the dataset does not say) and, when a model ranked the run, its contribution in log-odds and
///   the sentence "why this rank" shows; `ring_scores`: the model's probability and margin per
///   ring; `models`: trained models (``CaseStore/storeModel(_:)``).
enum CaseStoreSchema {
    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: runs, rings, cases, lineage, events, outcomes") { db in
            try db.execute(sql: "PRAGMA application_id = \(CaseStore.applicationID)")
            try db.execute(sql: """
                CREATE TABLE runs (
                    id INTEGER PRIMARY KEY,
                    dataset TEXT NOT NULL,
                    dataset_path TEXT NOT NULL,
                    run_folder TEXT NOT NULL,
                    tool_version TEXT NOT NULL,
                    seed TEXT NOT NULL,
                    parameters TEXT NOT NULL DEFAULT '{}',
                    arguments TEXT NOT NULL DEFAULT '[]',
                    run_hash TEXT NOT NULL DEFAULT '',
                    recorded_at TEXT NOT NULL
                );
                CREATE TABLE run_inputs (
                    run_id INTEGER NOT NULL REFERENCES runs(id),
                    path TEXT NOT NULL,
                    bytes INTEGER NOT NULL,
                    sha256 TEXT NOT NULL,
                    PRIMARY KEY (run_id, path)
                ) WITHOUT ROWID;
                CREATE TABLE cases (
                    id TEXT PRIMARY KEY,
                    year INTEGER NOT NULL,
                    number INTEGER NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('new', 'under_review', 'referred', 'raided', 'closed', 'dismissed', 're_emerged')),
                    opened_run INTEGER NOT NULL REFERENCES runs(id),
                    last_run INTEGER NOT NULL REFERENCES runs(id),
                    last_ring TEXT NOT NULL,
                    summary TEXT NOT NULL,
                    brands TEXT NOT NULL,
                    province TEXT NOT NULL,
                    UNIQUE (year, number)
                );
                CREATE TABLE case_members (
                    case_id TEXT NOT NULL REFERENCES cases(id),
                    entity_type TEXT NOT NULL,
                    entity_id TEXT NOT NULL,
                    role TEXT NOT NULL,
                    PRIMARY KEY (case_id, entity_type, entity_id)
                ) WITHOUT ROWID;
                CREATE INDEX case_members_by_entity ON case_members (entity_type, entity_id);
                CREATE TABLE rings (
                    run_id INTEGER NOT NULL REFERENCES runs(id),
                    ring_id TEXT NOT NULL,
                    rank INTEGER NOT NULL,
                    score REAL NOT NULL,
                    assessment TEXT NOT NULL,
                    summary TEXT NOT NULL,
                    reasons TEXT NOT NULL,
                    brands TEXT NOT NULL,
                    province TEXT NOT NULL,
                    confirmed_fakes INTEGER NOT NULL,
                    case_id TEXT REFERENCES cases(id),
                    change TEXT NOT NULL DEFAULT '',
                    similarity REAL,
                    explanation TEXT NOT NULL DEFAULT '',
                    previous_run INTEGER REFERENCES runs(id),
                    PRIMARY KEY (run_id, ring_id)
                ) WITHOUT ROWID;
                CREATE INDEX rings_by_case ON rings (case_id, run_id);
                CREATE TABLE ring_members (
                    run_id INTEGER NOT NULL REFERENCES runs(id),
                    ring_id TEXT NOT NULL,
                    entity_type TEXT NOT NULL,
                    entity_id TEXT NOT NULL,
                    role TEXT NOT NULL,
                    PRIMARY KEY (run_id, ring_id, entity_type, entity_id)
                ) WITHOUT ROWID;
                CREATE TABLE factory_ranking (
                    run_id INTEGER NOT NULL REFERENCES runs(id),
                    rank INTEGER NOT NULL,
                    factory_id TEXT NOT NULL,
                    score REAL NOT NULL,
                    rings TEXT NOT NULL,
                    reasons TEXT NOT NULL,
                    PRIMARY KEY (run_id, rank)
                ) WITHOUT ROWID;
                CREATE TABLE lineage (
                    run_id INTEGER NOT NULL REFERENCES runs(id),
                    ring_id TEXT NOT NULL,
                    case_id TEXT NOT NULL REFERENCES cases(id),
                    relation TEXT NOT NULL CHECK (relation IN ('opens', 'continues', 're_emerges', 'split_from', 'merged_into', 'related')),
                    similarity REAL NOT NULL,
                    explanation TEXT NOT NULL,
                    PRIMARY KEY (run_id, ring_id, case_id, relation)
                ) WITHOUT ROWID;
                CREATE INDEX lineage_by_case ON lineage (case_id, run_id);
                CREATE TABLE case_events (
                    id INTEGER PRIMARY KEY,
                    case_id TEXT NOT NULL REFERENCES cases(id),
                    at TEXT NOT NULL,
                    who TEXT NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('opened', 'status', 'note', 'outcome', 'lineage')),
                    from_status TEXT,
                    to_status TEXT,
                    reference TEXT NOT NULL DEFAULT '',
                    text TEXT NOT NULL DEFAULT '',
                    run_id INTEGER REFERENCES runs(id)
                );
                CREATE INDEX case_events_by_case ON case_events (case_id, id);
                CREATE TABLE outcomes (
                    id INTEGER PRIMARY KEY,
                    case_id TEXT NOT NULL REFERENCES cases(id),
                    result TEXT NOT NULL CHECK (result IN ('confirmed', 'unfounded')),
                    date TEXT NOT NULL,
                    arrests INTEGER,
                    seized_value REAL,
                    currency TEXT NOT NULL DEFAULT '',
                    sites_shut INTEGER,
                    reference TEXT NOT NULL,
                    who TEXT NOT NULL,
                    recorded_at TEXT NOT NULL,
                    source TEXT NOT NULL
                );
                CREATE INDEX outcomes_by_case ON outcomes (case_id);
                CREATE INDEX outcomes_by_reference ON outcomes (reference);
                CREATE TABLE outcome_entities (
                    outcome_id INTEGER NOT NULL REFERENCES outcomes(id),
                    entity_type TEXT NOT NULL,
                    entity_id TEXT NOT NULL,
                    line INTEGER NOT NULL,
                    PRIMARY KEY (outcome_id, entity_type, entity_id)
                ) WITHOUT ROWID;
                PRAGMA user_version = 1;
                """)
        }
        migrator.registerMigration("v2: ring features, ring scores, models") { db in
            try db.execute(sql: """
                CREATE TABLE models (
                    id INTEGER PRIMARY KEY,
                    created_at TEXT NOT NULL,
                    format_version INTEGER NOT NULL,
                    training_sha256 TEXT NOT NULL,
                    positives INTEGER NOT NULL,
                    negatives INTEGER NOT NULL,
                    metrics TEXT NOT NULL,
                    bytes BLOB NOT NULL
                );
                CREATE TABLE ring_features (
                    run_id INTEGER NOT NULL REFERENCES runs(id),
                    ring_id TEXT NOT NULL,
                    position INTEGER NOT NULL,
                    feature TEXT NOT NULL,
                    value REAL,
                    contribution REAL,
                    sentence TEXT NOT NULL DEFAULT '',
                    PRIMARY KEY (run_id, ring_id, position)
                ) WITHOUT ROWID;
                CREATE TABLE ring_scores (
                    run_id INTEGER NOT NULL REFERENCES runs(id),
                    ring_id TEXT NOT NULL,
                    model_id INTEGER NOT NULL REFERENCES models(id),
                    probability REAL NOT NULL,
                    margin REAL NOT NULL,
                    rule_rank INTEGER NOT NULL,
                    PRIMARY KEY (run_id, ring_id)
                ) WITHOUT ROWID;
                PRAGMA user_version = 2;
                """)
        }
        return migrator
    }()
}
