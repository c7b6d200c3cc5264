//! The database schema: an append-only list of migrations keyed on `PRAGMA user_version`, run
//! in one exclusive transaction (cargo's pattern). Never edit a migration that has shipped; add
//! one.

use rusqlite::{Connection, TransactionBehavior};

/// Marks a file as a rapport database (`PRAGMA application_id`): "RPRT".
pub const APPLICATION_ID: i64 = 0x5250_5254;

/// Each entry moves the schema one version up.
const MIGRATIONS: &[&str] = &[
    // 1: the roster, sessions, rubric versions and assessments with their revisions.
    r"
    -- Students on the roster; archived ones keep their records.
    CREATE TABLE student (
        id          TEXT PRIMARY KEY,
        name        TEXT NOT NULL,
        email       TEXT,
        cohort      TEXT,
        archived_at TEXT,
        created_at  TEXT NOT NULL
    ) STRICT;
    -- Instructors who may score in the instructor role.
    CREATE TABLE instructor (
        id         TEXT PRIMARY KEY,
        name       TEXT NOT NULL,
        created_at TEXT NOT NULL
    ) STRICT;
    -- Live sessions, team projects, mentorship meetings, etiquette drills.
    CREATE TABLE session (
        id         TEXT PRIMARY KEY,
        date       TEXT NOT NULL,
        kind       TEXT NOT NULL CHECK (kind IN ('live', 'team', 'mentorship', 'etiquette', 'other')),
        title      TEXT NOT NULL,
        artist     TEXT,
        created_at TEXT NOT NULL
    ) STRICT;
    -- Every version of a rubric that something was scored against: its content hash and a
    -- JSON snapshot, so editing or deleting the rubric file changes nothing recorded.
    CREATE TABLE rubric_version (
        hash      TEXT PRIMARY KEY,
        rubric_id TEXT NOT NULL,
        snapshot  TEXT NOT NULL
    ) STRICT;
    -- One assessment: who rated whom, in which role, on which rubric, in which session.
    CREATE TABLE assessment (
        id         INTEGER PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES session (id),
        student_id TEXT NOT NULL REFERENCES student (id),
        rater_id   TEXT NOT NULL,
        role       TEXT NOT NULL CHECK (role IN ('instructor', 'self', 'peer')),
        rubric_id  TEXT NOT NULL,
        UNIQUE (session_id, student_id, rater_id, role, rubric_id)
    ) STRICT;
    -- The revisions of an assessment: 1 is the original, each amendment adds the next. Never
    -- updated or deleted; the highest number is the current one.
    CREATE TABLE revision (
        id            INTEGER PRIMARY KEY,
        assessment_id INTEGER NOT NULL REFERENCES assessment (id),
        number        INTEGER NOT NULL,
        rubric_hash   TEXT NOT NULL REFERENCES rubric_version (hash),
        comment       TEXT,
        reason        TEXT,
        recorded_at   TEXT NOT NULL,
        UNIQUE (assessment_id, number)
    ) STRICT;
    -- The criterion levels of one revision, in rubric order.
    CREATE TABLE score (
        revision_id  INTEGER NOT NULL REFERENCES revision (id),
        position     INTEGER NOT NULL,
        criterion_id TEXT NOT NULL,
        level        REAL NOT NULL,
        note         TEXT,
        PRIMARY KEY (revision_id, criterion_id)
    ) STRICT;
    CREATE INDEX assessment_student ON assessment (student_id);
    CREATE INDEX revision_assessment ON revision (assessment_id, number);
    ",
    // 2: every change to a student, session or instructor record after it was added.
    r"
    -- One change to a record: who (`$RAPPORT_USER`, else the OS user; NULL when the change
    -- was made before rapport kept who), when, and what. Never updated or deleted.
    CREATE TABLE record_change (
        id         INTEGER PRIMARY KEY,
        subject    TEXT NOT NULL CHECK (subject IN ('student', 'session', 'instructor')),
        subject_id TEXT NOT NULL,
        kind       TEXT NOT NULL CHECK (kind IN ('edit', 'archive', 'restore')),
        changed_by TEXT,
        changed_at TEXT NOT NULL
    ) STRICT;
    -- The fields an edit changed, with the value before and after (NULL: none).
    CREATE TABLE record_change_field (
        change_id INTEGER NOT NULL REFERENCES record_change (id),
        position  INTEGER NOT NULL,
        field     TEXT NOT NULL,
        old       TEXT,
        new       TEXT,
        PRIMARY KEY (change_id, field)
    ) STRICT;
    CREATE INDEX record_change_subject ON record_change (subject, subject_id);
    -- Students archived before changes were kept: their archiving, by someone unknown.
    INSERT INTO record_change (subject, subject_id, kind, changed_by, changed_at)
        SELECT 'student', id, 'archive', NULL, archived_at FROM student
        WHERE archived_at IS NOT NULL ORDER BY archived_at, id;
    ",
    // 3: compact scores and hashes, one index fewer, and the indexes `check` finds rubric
    // versions and stray levels by. Each table is rebuilt (new table, copy, drop, rename: the
    // only way SQLite changes a column's type), every row kept as it was; `migrate` turns
    // foreign-key enforcement off around it, as SQLite's own procedure does, so that dropping a
    // table others point at deletes nothing. The old `revision_assessment` index goes with the
    // old table: it repeated `UNIQUE (assessment_id, number)`.
    r"
    -- Rubric versions keyed by the 32 bytes of their SHA-256 rather than 64 hex digits. A hash
    -- that is not 64 lower-case hex digits (only another tool writes one) keeps its bytes.
    CREATE TABLE rubric_version_v3 (
        hash      BLOB PRIMARY KEY,
        rubric_id TEXT NOT NULL,
        snapshot  TEXT NOT NULL
    ) STRICT;
    INSERT INTO rubric_version_v3 (hash, rubric_id, snapshot)
        SELECT CASE WHEN length(hash) = 64 AND hash NOT GLOB '*[^0-9a-f]*'
                    THEN unhex(hash) ELSE CAST(hash AS BLOB) END,
               rubric_id, snapshot
        FROM rubric_version;
    -- Revisions as before, the rubric version's hash as bytes.
    CREATE TABLE revision_v3 (
        id            INTEGER PRIMARY KEY,
        assessment_id INTEGER NOT NULL REFERENCES assessment (id),
        number        INTEGER NOT NULL,
        rubric_hash   BLOB NOT NULL REFERENCES rubric_version (hash),
        comment       TEXT,
        reason        TEXT,
        recorded_at   TEXT NOT NULL,
        UNIQUE (assessment_id, number)
    ) STRICT;
    INSERT INTO revision_v3 (id, assessment_id, number, rubric_hash, comment, reason, recorded_at)
        SELECT id, assessment_id, number,
               CASE WHEN length(rubric_hash) = 64 AND rubric_hash NOT GLOB '*[^0-9a-f]*'
                    THEN unhex(rubric_hash) ELSE CAST(rubric_hash AS BLOB) END,
               comment, reason, recorded_at
        FROM revision ORDER BY id;
    -- Scores stored in their primary key's order (WITHOUT ROWID): no rowid, no second copy of
    -- the key in an index of its own.
    CREATE TABLE score_v3 (
        revision_id  INTEGER NOT NULL REFERENCES revision (id),
        position     INTEGER NOT NULL,
        criterion_id TEXT NOT NULL,
        level        REAL NOT NULL,
        note         TEXT,
        PRIMARY KEY (revision_id, criterion_id)
    ) STRICT, WITHOUT ROWID;
    INSERT INTO score_v3 (revision_id, position, criterion_id, level, note)
        SELECT revision_id, position, criterion_id, level, note
        FROM score ORDER BY revision_id, criterion_id;
    DROP TABLE score;
    DROP TABLE revision;
    DROP TABLE rubric_version;
    ALTER TABLE rubric_version_v3 RENAME TO rubric_version;
    ALTER TABLE revision_v3 RENAME TO revision;
    ALTER TABLE score_v3 RENAME TO score;
    -- The rubric versions that revisions were scored against, read without reading revisions.
    CREATE INDEX revision_rubric_hash ON revision (rubric_hash);
    -- The (criterion, level) pairs recorded, read without reading scores: a level no current
    -- rubric has is found at once.
    CREATE INDEX score_criterion_level ON score (criterion_id, level);
    ",
    // 4: the ID a student information system gives a student or instructor (OneRoster's
    // `sourcedId`), kept beside rapport's own; unique where it is given.
    r"
    ALTER TABLE student ADD COLUMN sourced_id TEXT;
    CREATE UNIQUE INDEX student_sourced_id ON student (sourced_id);
    ALTER TABLE instructor ADD COLUMN sourced_id TEXT;
    CREATE UNIQUE INDEX instructor_sourced_id ON instructor (sourced_id);
    ",
    // 5: Open Badges credentials issued (and revoked).
    r"
    -- Open Badges credentials issued: one row per credential, never deleted. A student holds
    -- a badge at most once while it is not revoked (the partial unique index); a revoked one
    -- keeps its row (who revoked it, when, why) and the badge may be issued again.
    CREATE TABLE badge_credential (
        id            INTEGER PRIMARY KEY,
        student_id    TEXT NOT NULL REFERENCES student (id),
        badge_id      TEXT NOT NULL,
        credential_id TEXT NOT NULL UNIQUE,
        issued_at     TEXT NOT NULL,
        valid_from    TEXT NOT NULL,
        jwt           TEXT NOT NULL,
        issued_by     TEXT,
        revoked_at    TEXT,
        revoked_by    TEXT,
        revoke_reason TEXT
    ) STRICT;
    CREATE UNIQUE INDEX badge_credential_held ON badge_credential (student_id, badge_id)
        WHERE revoked_at IS NULL;
    CREATE INDEX badge_credential_student ON badge_credential (student_id);
    ",
];

/// The schema on PostgreSQL, in its dialect: the version it stands for, then what creates it in
/// an empty schema. A PostgreSQL gradebook starts at the schema `SQLite` reached in three
/// migrations; a later migration is appended to both lists. Text is compared and ordered byte by
/// byte (`COLLATE "C"`, as `SQLite` does) so that every listing comes out in the same order on
/// both engines; IDs are given by rapport (the largest plus one, as `SQLite` would), never by a
/// sequence.
pub(super) const POSTGRES_BASE: (i64, &str) = (
    3,
    r#"
    -- The migrations applied, one row each: the marker that makes a schema rapport's.
    CREATE TABLE rapport_migration (
        version    BIGINT PRIMARY KEY,
        applied_at TEXT COLLATE "C" NOT NULL
    );
    CREATE TABLE student (
        id          TEXT COLLATE "C" PRIMARY KEY,
        name        TEXT COLLATE "C" NOT NULL,
        email       TEXT COLLATE "C",
        cohort      TEXT COLLATE "C",
        archived_at TEXT COLLATE "C",
        created_at  TEXT COLLATE "C" NOT NULL
    );
    CREATE TABLE instructor (
        id         TEXT COLLATE "C" PRIMARY KEY,
        name       TEXT COLLATE "C" NOT NULL,
        created_at TEXT COLLATE "C" NOT NULL
    );
    CREATE TABLE session (
        id         TEXT COLLATE "C" PRIMARY KEY,
        date       TEXT COLLATE "C" NOT NULL,
        kind       TEXT COLLATE "C" NOT NULL
                   CHECK (kind IN ('live', 'team', 'mentorship', 'etiquette', 'other')),
        title      TEXT COLLATE "C" NOT NULL,
        artist     TEXT COLLATE "C",
        created_at TEXT COLLATE "C" NOT NULL
    );
    CREATE TABLE rubric_version (
        hash      BYTEA PRIMARY KEY,
        rubric_id TEXT COLLATE "C" NOT NULL,
        snapshot  TEXT COLLATE "C" NOT NULL
    );
    CREATE TABLE assessment (
        id         BIGINT PRIMARY KEY,
        session_id TEXT COLLATE "C" NOT NULL REFERENCES session (id),
        student_id TEXT COLLATE "C" NOT NULL REFERENCES student (id),
        rater_id   TEXT COLLATE "C" NOT NULL,
        role       TEXT COLLATE "C" NOT NULL CHECK (role IN ('instructor', 'self', 'peer')),
        rubric_id  TEXT COLLATE "C" NOT NULL,
        UNIQUE (session_id, student_id, rater_id, role, rubric_id)
    );
    CREATE TABLE revision (
        id            BIGINT PRIMARY KEY,
        assessment_id BIGINT NOT NULL REFERENCES assessment (id),
        number        BIGINT NOT NULL,
        rubric_hash   BYTEA NOT NULL REFERENCES rubric_version (hash),
        comment       TEXT COLLATE "C",
        reason        TEXT COLLATE "C",
        recorded_at   TEXT COLLATE "C" NOT NULL,
        UNIQUE (assessment_id, number)
    );
    CREATE TABLE score (
        revision_id  BIGINT NOT NULL REFERENCES revision (id),
        position     BIGINT NOT NULL,
        criterion_id TEXT COLLATE "C" NOT NULL,
        level        DOUBLE PRECISION NOT NULL,
        note         TEXT COLLATE "C",
        PRIMARY KEY (revision_id, criterion_id)
    );
    CREATE INDEX assessment_student ON assessment (student_id);
    CREATE INDEX revision_rubric_hash ON revision (rubric_hash);
    CREATE INDEX score_criterion_level ON score (criterion_id, level);
    CREATE TABLE record_change (
        id         BIGINT PRIMARY KEY,
        subject    TEXT COLLATE "C" NOT NULL CHECK (subject IN ('student', 'session', 'instructor')),
        subject_id TEXT COLLATE "C" NOT NULL,
        kind       TEXT COLLATE "C" NOT NULL CHECK (kind IN ('edit', 'archive', 'restore')),
        changed_by TEXT COLLATE "C",
        changed_at TEXT COLLATE "C" NOT NULL
    );
    CREATE TABLE record_change_field (
        change_id BIGINT NOT NULL REFERENCES record_change (id),
        position  BIGINT NOT NULL,
        field     TEXT COLLATE "C" NOT NULL,
        old       TEXT COLLATE "C",
        new       TEXT COLLATE "C",
        PRIMARY KEY (change_id, field)
    );
    CREATE INDEX record_change_subject ON record_change (subject, subject_id);
    "#,
);

/// The migrations after `POSTGRES_BASE`, in PostgreSQL's dialect: entry `i` moves the schema
/// to version `POSTGRES_BASE.0 + 1 + i`, as `MIGRATIONS` moves `SQLite`'s.
pub(super) const POSTGRES: &[&str] = &[
    // 4: the ID a student information system gives a student or instructor (OneRoster's
    // `sourcedId`), kept beside rapport's own; unique where it is given.
    r#"
    ALTER TABLE student ADD COLUMN sourced_id TEXT COLLATE "C";
    CREATE UNIQUE INDEX student_sourced_id ON student (sourced_id);
    ALTER TABLE instructor ADD COLUMN sourced_id TEXT COLLATE "C";
    CREATE UNIQUE INDEX instructor_sourced_id ON instructor (sourced_id);
    "#,
    // 5: Open Badges credentials issued (and revoked).
    r#"
    -- Open Badges credentials issued: one row per credential, never deleted. A student holds
    -- a badge at most once while it is not revoked (the partial unique index); a revoked one
    -- keeps its row (who revoked it, when, why) and the badge may be issued again.
    CREATE TABLE badge_credential (
        id            BIGINT PRIMARY KEY,
        student_id    TEXT COLLATE "C" NOT NULL REFERENCES student (id),
        badge_id      TEXT COLLATE "C" NOT NULL,
        credential_id TEXT COLLATE "C" NOT NULL UNIQUE,
        issued_at     TEXT COLLATE "C" NOT NULL,
        valid_from    TEXT COLLATE "C" NOT NULL,
        jwt           TEXT COLLATE "C" NOT NULL,
        issued_by     TEXT COLLATE "C",
        revoked_at    TEXT COLLATE "C",
        revoked_by    TEXT COLLATE "C",
        revoke_reason TEXT COLLATE "C"
    );
    CREATE UNIQUE INDEX badge_credential_held ON badge_credential (student_id, badge_id)
        WHERE revoked_at IS NULL;
    CREATE INDEX badge_credential_student ON badge_credential (student_id);
    "#,
];

/// The oldest schema version the reading code understands as it is: a read-only command refuses
/// an older gradebook (it may not migrate it) and asks for a writer to upgrade it first.
pub const OLDEST_READABLE: i64 = 1;

/// The schema version this binary writes and understands.
#[must_use]
pub fn latest() -> i64 {
    i64::try_from(MIGRATIONS.len()).expect("a handful of migrations")
}

/// Brings the schema up to `latest()` in one exclusive transaction.
pub fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
    // Foreign keys are enforced again afterwards, whatever happened: the pragma cannot change
    // inside a transaction, and a migration that rebuilds a table must not have a `DROP TABLE`
    // delete the rows that point at it (SQLite's "making other kinds of table schema changes").
    let enforced: bool = conn.pragma_query_value(None, "foreign_keys", |row| row.get(0))?;
    if enforced {
        conn.pragma_update(None, "foreign_keys", false)?;
    }
    let migrated = migrate_in_one_transaction(conn);
    if enforced {
        conn.pragma_update(None, "foreign_keys", true)?;
    }
    if (1..3).contains(&migrated?) {
        // Migration 3 rebuilt the largest tables, leaving the old pages free inside the file:
        // give them back (half the file's size on a large gradebook). The gradebook is whole
        // and upgraded either way, so a failure here (a full disk) is not one of the command.
        let _ = conn.execute_batch("VACUUM");
    }
    Ok(())
}

/// Runs the migrations the gradebook lacks in one exclusive transaction; the version it had.
fn migrate_in_one_transaction(conn: &mut Connection) -> rusqlite::Result<i64> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Exclusive)?;
    let current: i64 = tx.pragma_query_value(None, "user_version", |row| row.get(0))?;
    if current < latest() {
        for migration in &MIGRATIONS[usize::try_from(current).unwrap_or(0)..] {
            tx.execute_batch(migration)?;
        }
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        tx.pragma_update(None, "user_version", latest())?;
    }
    tx.commit()?;
    Ok(current)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrating_twice_changes_nothing() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn).unwrap();
        migrate(&mut conn).unwrap();
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        let id: i64 = conn
            .pragma_query_value(None, "application_id", |r| r.get(0))
            .unwrap();
        assert_eq!((version, id), (latest(), APPLICATION_ID));
        let tables: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_schema WHERE type = 'table'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(tables, 10);
        // Migration 4: `sourced_id` on both rosters, unique where given (NULLs may repeat).
        conn.execute_batch(
            "INSERT INTO student (id, name, created_at) VALUES ('a', 'A', 'x'), ('b', 'B', 'x');
             INSERT INTO instructor (id, name, created_at, sourced_id) VALUES ('i', 'I', 'x', 't1');
             UPDATE student SET sourced_id = 's1' WHERE id = 'a';",
        )
        .unwrap();
        assert!(
            conn.execute("UPDATE student SET sourced_id = 's1' WHERE id = 'b'", [])
                .is_err()
        );
        assert!(
            conn.execute(
                "INSERT INTO instructor (id, name, created_at, sourced_id) VALUES ('j', 'J', 'x', 't1')",
                []
            )
            .is_err()
        );
    }

    /// A schema-2 gradebook with two rubric versions, one hash as `fingerprint` writes it and
    /// one another tool wrote, and a score off its scale.
    fn version_2() -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        for migration in &MIGRATIONS[..2] {
            conn.execute_batch(migration).unwrap();
        }
        conn.pragma_update(None, "user_version", 2).unwrap();
        conn.execute_batch(&format!(
            "INSERT INTO student VALUES ('amara', 'Amara', NULL, NULL, NULL, 't');
             INSERT INTO session VALUES ('s1', '2026-09-02', 'live', 'T', NULL, 't');
             INSERT INTO rubric_version VALUES ('{HEX}', 'oral', '{{}}'), ('Not hex', 'oral', '{{}}');
             INSERT INTO assessment VALUES (7, 's1', 'amara', 'jo', 'instructor', 'oral');
             INSERT INTO revision VALUES (3, 7, 1, '{HEX}', NULL, NULL, 't1'),
                                         (9, 7, 2, 'Not hex', 'C', 'R', 't2');
             INSERT INTO score VALUES (9, 1, 'b', 2.5, NULL), (9, 0, 'a', 1e308, 'n'),
                                      (3, 0, 'a', 1, NULL);"
        ))
        .unwrap();
        conn
    }

    const HEX: &str = "00ff0123456789abcdef00ff0123456789abcdef00ff0123456789abcdef00ff";

    #[test]
    fn migration_3_keeps_every_row_and_every_hash() {
        let mut conn = version_2();
        conn.pragma_update(None, "foreign_keys", true).unwrap();
        migrate(&mut conn).unwrap();
        let enforced: bool = conn
            .pragma_query_value(None, "foreign_keys", |r| r.get(0))
            .unwrap();
        assert!(
            enforced,
            "foreign keys are enforced again after the migration"
        );
        let rows = |sql: &str| -> Vec<String> {
            conn.prepare(sql)
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap()
        };
        assert_eq!(
            rows("SELECT lower(hex(hash)) || ' ' || typeof(hash) FROM rubric_version ORDER BY 1"),
            [format!("{HEX} blob"), "4e6f7420686578 blob".to_owned()]
        );
        assert_eq!(
            rows(
                "SELECT concat_ws(' ', id, assessment_id, number, lower(hex(rubric_hash)), comment,
                                 reason, recorded_at) FROM revision ORDER BY id"
            ),
            [
                format!("3 7 1 {HEX} t1"),
                "9 7 2 4e6f7420686578 C R t2".to_owned()
            ]
        );
        assert_eq!(
            rows(
                "SELECT concat_ws(' ', revision_id, position, criterion_id, level, note) FROM score"
            ),
            ["3 0 a 1.0", "9 0 a 1.0e+308 n", "9 1 b 2.5"]
        );
        // Every revision still finds its version: the hashes were converted alike.
        let orphans: i64 = conn
            .query_row(
                "SELECT count(*) FROM revision WHERE rubric_hash NOT IN (SELECT hash FROM rubric_version)",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(orphans, 0);
    }

    #[test]
    fn a_migration_that_fails_leaves_the_gradebook_as_it_was() {
        let mut conn = version_2();
        // A table in the way of the rebuild: the whole migration rolls back.
        conn.execute_batch("CREATE TABLE score_v3 (x)").unwrap();
        assert!(migrate(&mut conn).is_err());
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        let hash_type: String = conn
            .query_row(
                "SELECT typeof(rubric_hash) FROM revision LIMIT 1",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!((version, hash_type.as_str()), (2, "text"));
    }
}
