//! The oneM2M resource tree on SQLite. A batch is one write, so it runs in its own savepoint
//! inside the writer's group transaction: a change that fails rolls back the whole batch and
//! nothing else.

use async_trait::async_trait;
use rusqlite::{Connection, ErrorCode, OptionalExtension, Row, params};

use super::SqliteStore;
use crate::{ResourceChange, Resources, StoreError, StoredResource};

const RESOURCE_COLUMNS: &str = "ri, pi, ty, rn, expires_at_ms, document";

fn resource_from_row(row: &Row<'_>) -> rusqlite::Result<StoredResource> {
    Ok(StoredResource {
        ri: row.get(0)?,
        pi: row.get(1)?,
        ty: row.get(2)?,
        rn: row.get(3)?,
        expires_at_ms: row.get(4)?,
        document: row.get(5)?,
    })
}

fn apply(conn: &Connection, changes: Vec<ResourceChange>) -> Result<(), StoreError> {
    // Prepared once per batch (and cached across batches), bound once per change.
    let mut put = conn.prepare_cached(
        "INSERT INTO resources (ri, pi, ty, rn, expires_at_ms, document) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) \
         ON CONFLICT (ri) DO UPDATE SET pi = excluded.pi, ty = excluded.ty, rn = excluded.rn, \
         expires_at_ms = excluded.expires_at_ms, document = excluded.document",
    )?;
    let mut delete = conn.prepare_cached("DELETE FROM resources WHERE ri = ?1")?;
    for change in changes {
        match change {
            ResourceChange::Put(r) => {
                let done =
                    put.execute(params![r.ri, r.pi, r.ty, r.rn, r.expires_at_ms, r.document]);
                if let Err(e) = done {
                    return Err(put_failed(conn, &r, e));
                }
            }
            ResourceChange::Delete { ri } => {
                delete.execute([ri])?;
            }
        }
    }
    Ok(())
}

/// Names the resource that holds the name a Put wanted, when that is why it failed (the
/// only uniqueness the upsert does not resolve is the one of (pi, rn)).
fn put_failed(conn: &Connection, r: &StoredResource, e: rusqlite::Error) -> StoreError {
    if e.sqlite_error_code() != Some(ErrorCode::ConstraintViolation) {
        return e.into();
    }
    let holder = conn
        .prepare_cached("SELECT ri FROM resources WHERE pi = ?1 AND rn = ?2")
        .and_then(|mut s| {
            s.query_row([&r.pi, &r.rn], |row| row.get::<_, String>(0))
                .optional()
        });
    match holder {
        Ok(Some(holder)) if holder != r.ri => StoreError::ResourceNameTaken {
            ri: r.ri.clone(),
            pi: r.pi.clone(),
            rn: r.rn.clone(),
            holder,
        },
        _ => e.into(),
    }
}

#[async_trait]
impl Resources for SqliteStore {
    async fn write_resources(&self, changes: Vec<ResourceChange>) -> Result<(), StoreError> {
        if changes.is_empty() {
            return Ok(());
        }
        self.write(move |conn| apply(conn, changes)).await
    }

    async fn load_resources(&self) -> Result<Vec<StoredResource>, StoreError> {
        self.read(|conn| {
            let sql = format!("SELECT {RESOURCE_COLUMNS} FROM resources ORDER BY ri");
            let mut statement = conn.prepare_cached(&sql)?;
            let rows = statement.query_map([], resource_from_row)?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .await
    }

    async fn resource(&self, ri: &str) -> Result<Option<StoredResource>, StoreError> {
        let ri = ri.to_owned();
        self.read(move |conn| {
            let sql = format!("SELECT {RESOURCE_COLUMNS} FROM resources WHERE ri = ?1");
            Ok(conn
                .prepare_cached(&sql)?
                .query_row([ri], resource_from_row)
                .optional()?)
        })
        .await
    }

    async fn resource_count(&self) -> Result<u64, StoreError> {
        self.read(|conn| {
            Ok(conn
                .prepare_cached("SELECT count(*) FROM resources")?
                .query_row([], |row| row.get::<_, i64>(0))? as u64)
        })
        .await
    }

    async fn expired_resources(
        &self,
        now_ms: i64,
        limit: u32,
    ) -> Result<Vec<StoredResource>, StoreError> {
        self.read(move |conn| {
            let sql = format!(
                "SELECT {RESOURCE_COLUMNS} FROM resources \
                 WHERE expires_at_ms IS NOT NULL AND expires_at_ms <= ?1 \
                 ORDER BY expires_at_ms, ri LIMIT ?2"
            );
            let mut statement = conn.prepare_cached(&sql)?;
            let rows = statement.query_map(params![now_ms, limit], resource_from_row)?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .await
    }
}
