//! Open Badges credentials in the gradebook (`badge_credential`): what was issued to whom,
//! the signed credential itself, and revocations (who, when, why). Rows are never deleted.

use super::Tx;
use super::sql::{Engine, Row, args};
use crate::error::Result;

/// One credential as recorded.
#[derive(Debug, Clone)]
pub struct Credential {
    pub student: String,
    pub badge: String,
    /// `urn:uuid:…`, the credential's `id` and the JWT's `jti`.
    pub credential_id: String,
    pub issued_at: String,
    pub valid_from: String,
    /// The compact VC-JWT.
    pub jwt: String,
    pub issued_by: Option<String>,
    pub revoked_at: Option<String>,
    pub revoked_by: Option<String>,
    pub revoke_reason: Option<String>,
}

const COLUMNS: &str = "student_id, badge_id, credential_id, issued_at, valid_from, jwt, \
                       issued_by, revoked_at, revoked_by, revoke_reason";

fn from_row(row: &Row<'_>) -> Result<Credential> {
    Ok(Credential {
        student: row.get(0)?,
        badge: row.get(1)?,
        credential_id: row.get(2)?,
        issued_at: row.get(3)?,
        valid_from: row.get(4)?,
        jwt: row.get(5)?,
        issued_by: row.get(6)?,
        revoked_at: row.get(7)?,
        revoked_by: row.get(8)?,
        revoke_reason: row.get(9)?,
    })
}

/// Whether the gradebook has the table: a reader does not migrate, so an older gradebook
/// opened read-only has no credentials.
fn kept(tx: &Tx<'_>) -> Result<bool> {
    match tx.engine() {
        Engine::Sqlite => tx.one(
            "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'badge_credential')",
            args![],
            |row| row.get::<bool>(0),
        ),
        Engine::Postgres => tx.one(
            "SELECT to_regclass('badge_credential') IS NOT NULL",
            args![],
            |row| row.get::<bool>(0),
        ),
    }
}

/// Every credential of one student (revoked ones too), oldest first.
pub fn of_student(tx: &Tx<'_>, student: &str) -> Result<Vec<Credential>> {
    if !kept(tx)? {
        return Ok(Vec::new());
    }
    tx.rows(
        &format!(
            "SELECT {COLUMNS} FROM badge_credential WHERE student_id = ?1 ORDER BY issued_at, id"
        ),
        args![student],
        from_row,
    )
}

/// Every credential held (issued, not revoked), by student, each student's oldest first: what
/// the reports list.
pub fn held_by_student(tx: &Tx<'_>) -> Result<std::collections::BTreeMap<String, Vec<Credential>>> {
    let mut held = std::collections::BTreeMap::<String, Vec<Credential>>::new();
    if !kept(tx)? {
        return Ok(held);
    }
    let rows = tx.rows(
        &format!(
            "SELECT {COLUMNS} FROM badge_credential WHERE revoked_at IS NULL
             ORDER BY student_id, issued_at, id"
        ),
        args![],
        from_row,
    )?;
    for credential in rows {
        held.entry(credential.student.clone())
            .or_default()
            .push(credential);
    }
    Ok(held)
}

/// The credential a student holds for a badge (issued, not revoked), if any.
pub fn held(tx: &Tx<'_>, student: &str, badge: &str) -> Result<Option<Credential>> {
    tx.row(
        &format!(
            "SELECT {COLUMNS} FROM badge_credential
             WHERE student_id = ?1 AND badge_id = ?2 AND revoked_at IS NULL"
        ),
        args![student, badge],
        from_row,
    )
}

/// Records an issued credential, its row ID the largest so far plus one.
pub fn record(tx: &Tx<'_>, credential: &Credential) -> Result<()> {
    tx.execute(
        &format!(
            "INSERT INTO badge_credential (id, {COLUMNS})
             VALUES ((SELECT coalesce(max(id), 0) + 1 FROM badge_credential),
                     ?1, ?2, ?3, ?4, ?5, ?6, ?7, NULL, NULL, NULL)"
        ),
        args![
            credential.student,
            credential.badge,
            credential.credential_id,
            credential.issued_at,
            credential.valid_from,
            credential.jwt,
            credential.issued_by
        ],
    )?;
    Ok(())
}

/// Revokes the credential a student holds for a badge: who, when, why. `false` when there is
/// none to revoke.
pub fn revoke(
    tx: &Tx<'_>,
    (student, badge): (&str, &str),
    (by, at, reason): (&str, &str, &str),
) -> Result<bool> {
    let changed = tx.execute(
        "UPDATE badge_credential SET revoked_at = ?3, revoked_by = ?4, revoke_reason = ?5
         WHERE student_id = ?1 AND badge_id = ?2 AND revoked_at IS NULL",
        args![student, badge, at, by, reason],
    )?;
    Ok(changed > 0)
}
