//! Schema migrations, applied in order and recorded in `PRAGMA user_version`. A migration
//! once released is never edited; changes come as a new entry.

use rusqlite::Connection;

use crate::StoreError;

const MIGRATIONS: &[&str] = &[
    // 1: device registry, task queue, leases, event log.
    r#"
    CREATE TABLE devices (
        id TEXT PRIMARY KEY,
        manufacturer TEXT NOT NULL,
        oui TEXT NOT NULL,
        product_class TEXT NOT NULL,
        serial_number TEXT NOT NULL,
        cwmp_version TEXT NOT NULL,
        connection_request_url TEXT,
        connection_request_username TEXT,
        connection_request_password TEXT,
        rpc_methods TEXT,
        last_inform_events TEXT NOT NULL,
        parameters TEXT NOT NULL,
        remote_addr TEXT,
        first_contact_ms INTEGER NOT NULL,
        last_contact_ms INTEGER NOT NULL,
        last_connection_request_ms INTEGER,
        last_connection_request_outcome TEXT
    );
    CREATE TABLE cpe_credentials (
        username TEXT PRIMARY KEY,
        password TEXT NOT NULL,
        device_id TEXT
    );
    CREATE TABLE tasks (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        device_id TEXT NOT NULL,
        steps TEXT NOT NULL,
        next_step INTEGER NOT NULL,
        responses TEXT NOT NULL,
        state TEXT NOT NULL,
        awaits_completion INTEGER NOT NULL DEFAULT 0,
        command_key TEXT,
        session_id TEXT,
        attempts INTEGER NOT NULL,
        max_attempts INTEGER NOT NULL,
        fault TEXT,
        expires_at_ms INTEGER,
        created_ms INTEGER NOT NULL,
        updated_ms INTEGER NOT NULL
    );
    CREATE INDEX tasks_by_device_state ON tasks (device_id, state, id);
    CREATE INDEX tasks_by_command_key ON tasks (device_id, command_key);
    CREATE INDEX tasks_by_session ON tasks (session_id) WHERE session_id IS NOT NULL;
    CREATE INDEX tasks_queued ON tasks (state) WHERE state = 'queued';
    CREATE TABLE leases (
        device_id TEXT PRIMARY KEY,
        session_id TEXT NOT NULL,
        until_ms INTEGER NOT NULL
    );
    CREATE TABLE events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        device_id TEXT NOT NULL,
        at_ms INTEGER NOT NULL,
        kind TEXT NOT NULL,
        detail TEXT NOT NULL
    );
    CREATE INDEX events_by_device ON events (device_id, id);
    "#,
    // 2: the oneM2M resource tree.
    r#"
    CREATE TABLE resources (
        ri TEXT PRIMARY KEY,
        pi TEXT NOT NULL,
        ty INTEGER NOT NULL,
        rn TEXT NOT NULL,
        expires_at_ms INTEGER,
        document TEXT NOT NULL,
        UNIQUE (pi, rn)
    );
    CREATE INDEX resources_by_expiry ON resources (expires_at_ms, ri)
        WHERE expires_at_ms IS NOT NULL;
    "#,
];

pub(super) fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let current: usize = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    if current > MIGRATIONS.len() {
        return Err(StoreError::Database(format!(
            "the database is at schema version {current}, newer than this dmgate knows ({}); \
             run a newer dmgate",
            MIGRATIONS.len()
        )));
    }
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(current) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", index + 1)?;
        tx.commit()?;
        tracing::info!(version = index + 1, "store: schema migrated");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrating_twice_changes_nothing_and_newer_schemas_are_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn).unwrap();
        migrate(&mut conn).unwrap();
        let v: usize = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, MIGRATIONS.len());
        conn.pragma_update(None, "user_version", 99).unwrap();
        let e = migrate(&mut conn).unwrap_err();
        assert!(e.to_string().contains("newer than this dmgate knows"));
    }

    #[test]
    fn a_database_of_the_first_schema_keeps_its_data_and_gains_the_resource_tree() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(MIGRATIONS[0]).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.execute(
            "INSERT INTO leases (device_id, session_id, until_ms) VALUES ('D', 's', 5)",
            [],
        )
        .unwrap();
        migrate(&mut conn).unwrap();
        let until: i64 = conn
            .query_row(
                "SELECT until_ms FROM leases WHERE device_id = 'D'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(until, 5);
        conn.execute(
            "INSERT INTO resources (ri, pi, ty, rn, expires_at_ms, document) \
             VALUES ('r1', '', 5, 'cse', NULL, '{}')",
            [],
        )
        .unwrap();
        let clash = conn.execute(
            "INSERT INTO resources (ri, pi, ty, rn, expires_at_ms, document) \
             VALUES ('r2', '', 5, 'cse', NULL, '{}')",
            [],
        );
        assert!(clash.is_err(), "names are unique among siblings");
    }
}
