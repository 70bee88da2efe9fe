//! Devices, credentials, leases and events on SQLite.

use async_trait::async_trait;
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::SqliteStore;
use crate::{
    CpeCredentials, Device, Devices, Events, InformRecord, Lease, Leases, NewEvent, StoreError,
    StoredEvent, StoredParameter,
};

/// Events kept per device; older ones are dropped as new ones arrive.
const EVENTS_PER_DEVICE: i64 = 200;

const DEVICE_COLUMNS: &str = "id, manufacturer, oui, product_class, serial_number, cwmp_version, \
    connection_request_url, connection_request_username, connection_request_password, \
    rpc_methods, last_inform_events, parameters, remote_addr, first_contact_ms, \
    last_contact_ms, last_connection_request_ms, last_connection_request_outcome";

fn device_from_row(row: &Row<'_>) -> rusqlite::Result<(Device, String, String, Option<String>)> {
    let events: String = row.get(10)?;
    let parameters: String = row.get(11)?;
    let methods: Option<String> = row.get(9)?;
    Ok((
        Device {
            id: row.get(0)?,
            manufacturer: row.get(1)?,
            oui: row.get(2)?,
            product_class: row.get(3)?,
            serial_number: row.get(4)?,
            cwmp_version: row.get(5)?,
            connection_request_url: row.get(6)?,
            connection_request_username: row.get(7)?,
            connection_request_password: row.get(8)?,
            rpc_methods: None,
            last_inform_events: Vec::new(),
            parameters: Vec::new(),
            remote_addr: row.get(12)?,
            first_contact_ms: row.get(13)?,
            last_contact_ms: row.get(14)?,
            last_connection_request_ms: row.get(15)?,
            last_connection_request_outcome: row.get(16)?,
        },
        events,
        parameters,
        methods,
    ))
}

fn finish_device(
    (mut device, events, parameters, methods): (Device, String, String, Option<String>),
) -> Result<Device, StoreError> {
    device.last_inform_events = serde_json::from_str(&events)?;
    device.parameters = serde_json::from_str(&parameters)?;
    device.rpc_methods = methods.map(|m| serde_json::from_str(&m)).transpose()?;
    Ok(device)
}

fn load_device(conn: &Connection, id: &str) -> Result<Option<Device>, StoreError> {
    let sql = format!("SELECT {DEVICE_COLUMNS} FROM devices WHERE id = ?1");
    conn.prepare_cached(&sql)?
        .query_row([id], device_from_row)
        .optional()?
        .map(finish_device)
        .transpose()
}

/// Parameters of a new Inform replace the stored values of the same names; the others stay,
/// so the registry keeps the union of what the device has reported.
fn merge_parameters(stored: &mut Vec<StoredParameter>, fresh: Vec<StoredParameter>) {
    for parameter in fresh {
        match stored.iter_mut().find(|p| p.name == parameter.name) {
            Some(existing) => *existing = parameter,
            None => stored.push(parameter),
        }
    }
}

fn record_inform(conn: &Connection, inform: InformRecord) -> Result<(Device, bool), StoreError> {
    let existing = load_device(conn, &inform.device_id)?;
    let created = existing.is_none();
    let mut device = existing.unwrap_or_else(|| Device {
        id: inform.device_id.clone(),
        manufacturer: String::new(),
        oui: String::new(),
        product_class: String::new(),
        serial_number: String::new(),
        cwmp_version: String::new(),
        connection_request_url: None,
        connection_request_username: None,
        connection_request_password: None,
        rpc_methods: None,
        last_inform_events: Vec::new(),
        parameters: Vec::new(),
        remote_addr: None,
        first_contact_ms: inform.at_ms,
        last_contact_ms: inform.at_ms,
        last_connection_request_ms: None,
        last_connection_request_outcome: None,
    });
    device.manufacturer = inform.manufacturer;
    device.oui = inform.oui;
    device.product_class = inform.product_class;
    device.serial_number = inform.serial_number;
    device.cwmp_version = inform.cwmp_version;
    if inform.connection_request_url.is_some() {
        device.connection_request_url = inform.connection_request_url;
    }
    device.last_inform_events = inform.events;
    merge_parameters(&mut device.parameters, inform.parameters);
    if inform.remote_addr.is_some() {
        device.remote_addr = inform.remote_addr;
    }
    device.last_contact_ms = inform.at_ms;
    conn.prepare_cached(
        "INSERT INTO devices (id, manufacturer, oui, product_class, serial_number, cwmp_version, \
         connection_request_url, last_inform_events, parameters, remote_addr, first_contact_ms, \
         last_contact_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) \
         ON CONFLICT (id) DO UPDATE SET manufacturer = ?2, oui = ?3, product_class = ?4, \
         serial_number = ?5, cwmp_version = ?6, connection_request_url = ?7, \
         last_inform_events = ?8, parameters = ?9, remote_addr = ?10, last_contact_ms = ?12",
    )?
    .execute(params![
        device.id,
        device.manufacturer,
        device.oui,
        device.product_class,
        device.serial_number,
        device.cwmp_version,
        device.connection_request_url,
        serde_json::to_string(&device.last_inform_events)?,
        serde_json::to_string(&device.parameters)?,
        device.remote_addr,
        device.first_contact_ms,
        device.last_contact_ms,
    ])?;
    Ok((device, created))
}

#[async_trait]
impl Devices for SqliteStore {
    async fn record_inform(&self, inform: InformRecord) -> Result<(Device, bool), StoreError> {
        self.write(move |conn| record_inform(conn, inform)).await
    }

    async fn device(&self, id: &str) -> Result<Option<Device>, StoreError> {
        let id = id.to_owned();
        self.read(move |conn| load_device(conn, &id)).await
    }

    async fn devices(&self, after: Option<&str>, limit: u32) -> Result<Vec<Device>, StoreError> {
        let after = after.unwrap_or("").to_owned();
        self.read(move |conn| {
            let sql =
                format!("SELECT {DEVICE_COLUMNS} FROM devices WHERE id > ?1 ORDER BY id LIMIT ?2");
            let mut statement = conn.prepare_cached(&sql)?;
            let rows = statement.query_map(params![after, limit], device_from_row)?;
            rows.map(|row| finish_device(row?)).collect()
        })
        .await
    }

    async fn device_count(&self) -> Result<u64, StoreError> {
        self.read(|conn| {
            Ok(conn.query_row("SELECT count(*) FROM devices", [], |row| {
                row.get::<_, i64>(0)
            })? as u64)
        })
        .await
    }

    async fn set_rpc_methods(&self, id: &str, methods: Vec<String>) -> Result<(), StoreError> {
        let id = id.to_owned();
        self.write(move |conn| {
            conn.prepare_cached("UPDATE devices SET rpc_methods = ?2 WHERE id = ?1")?
                .execute(params![id, serde_json::to_string(&methods)?])?;
            Ok(())
        })
        .await
    }

    async fn set_connection_request_credentials(
        &self,
        id: &str,
        username: Option<&str>,
        password: Option<&str>,
    ) -> Result<(), StoreError> {
        let (id, username, password) = (
            id.to_owned(),
            username.map(str::to_owned),
            password.map(str::to_owned),
        );
        self.write(move |conn| {
            conn.prepare_cached(
                "UPDATE devices SET connection_request_username = ?2, \
                 connection_request_password = ?3 WHERE id = ?1",
            )?
            .execute(params![id, username, password])?;
            Ok(())
        })
        .await
    }

    async fn record_connection_request(
        &self,
        id: &str,
        at_ms: i64,
        outcome: &str,
    ) -> Result<(), StoreError> {
        let (id, outcome) = (id.to_owned(), outcome.to_owned());
        self.write(move |conn| {
            conn.prepare_cached(
                "UPDATE devices SET last_connection_request_ms = ?2, \
                 last_connection_request_outcome = ?3 WHERE id = ?1",
            )?
            .execute(params![id, at_ms, outcome])?;
            Ok(())
        })
        .await
    }

    async fn set_cpe_credentials(
        &self,
        username: &str,
        password: &str,
        device_id: Option<&str>,
    ) -> Result<(), StoreError> {
        let (username, password, device_id) = (
            username.to_owned(),
            password.to_owned(),
            device_id.map(str::to_owned),
        );
        self.write(move |conn| {
            conn.prepare_cached(
                "INSERT INTO cpe_credentials (username, password, device_id) VALUES (?1, ?2, ?3) \
                 ON CONFLICT (username) DO UPDATE SET password = ?2, device_id = ?3",
            )?
            .execute(params![username, password, device_id])?;
            Ok(())
        })
        .await
    }

    async fn cpe_credentials(&self, username: &str) -> Result<Option<CpeCredentials>, StoreError> {
        let username = username.to_owned();
        self.read(move |conn| {
            Ok(conn
                .prepare_cached(
                    "SELECT username, password, device_id FROM cpe_credentials WHERE username = ?1",
                )?
                .query_row([username], |row| {
                    Ok(CpeCredentials {
                        username: row.get(0)?,
                        password: row.get(1)?,
                        device_id: row.get(2)?,
                    })
                })
                .optional()?)
        })
        .await
    }
}

#[async_trait]
impl Leases for SqliteStore {
    async fn acquire_lease(
        &self,
        device_id: &str,
        session_id: &str,
        now_ms: i64,
        until_ms: i64,
    ) -> Result<Result<(), i64>, StoreError> {
        let (device_id, session_id) = (device_id.to_owned(), session_id.to_owned());
        self.write(move |conn| {
            let taken = conn
                .prepare_cached(
                    "INSERT INTO leases (device_id, session_id, until_ms) VALUES (?1, ?2, ?4) \
                     ON CONFLICT (device_id) DO UPDATE SET session_id = ?2, until_ms = ?4 \
                     WHERE leases.until_ms <= ?3 OR leases.session_id = ?2",
                )?
                .execute(params![device_id, session_id, now_ms, until_ms])?;
            if taken == 1 {
                return Ok(Ok(()));
            }
            let held: i64 = conn.query_row(
                "SELECT until_ms FROM leases WHERE device_id = ?1",
                [&device_id],
                |row| row.get(0),
            )?;
            Ok(Err(held))
        })
        .await
    }

    async fn renew_lease(
        &self,
        device_id: &str,
        session_id: &str,
        until_ms: i64,
    ) -> Result<bool, StoreError> {
        let (device_id, session_id) = (device_id.to_owned(), session_id.to_owned());
        self.write(move |conn| {
            Ok(conn
                .prepare_cached(
                    "UPDATE leases SET until_ms = ?3 WHERE device_id = ?1 AND session_id = ?2",
                )?
                .execute(params![device_id, session_id, until_ms])?
                == 1)
        })
        .await
    }

    async fn release_lease(&self, device_id: &str, session_id: &str) -> Result<(), StoreError> {
        let (device_id, session_id) = (device_id.to_owned(), session_id.to_owned());
        self.write(move |conn| {
            conn.prepare_cached("DELETE FROM leases WHERE device_id = ?1 AND session_id = ?2")?
                .execute(params![device_id, session_id])?;
            Ok(())
        })
        .await
    }

    async fn take_expired_leases(&self, now_ms: i64) -> Result<Vec<Lease>, StoreError> {
        self.write(move |conn| {
            let mut statement = conn.prepare_cached(
                "DELETE FROM leases WHERE until_ms <= ?1 RETURNING device_id, session_id, until_ms",
            )?;
            let rows = statement.query_map([now_ms], |row| {
                Ok(Lease {
                    device_id: row.get(0)?,
                    session_id: row.get(1)?,
                    until_ms: row.get(2)?,
                })
            })?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .await
    }
}

#[async_trait]
impl Events for SqliteStore {
    async fn append_event(&self, event: NewEvent) -> Result<i64, StoreError> {
        self.write(move |conn| {
            conn.prepare_cached(
                "INSERT INTO events (device_id, at_ms, kind, detail) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![
                event.device_id,
                event.at_ms,
                event.kind,
                event.detail
            ])?;
            let id = conn.last_insert_rowid();
            conn.prepare_cached(
                "DELETE FROM events WHERE device_id = ?1 AND id <= (SELECT id FROM events \
                 WHERE device_id = ?1 ORDER BY id DESC LIMIT 1 OFFSET ?2)",
            )?
            .execute(params![event.device_id, EVENTS_PER_DEVICE])?;
            Ok(id)
        })
        .await
    }

    async fn device_events(
        &self,
        device_id: &str,
        limit: u32,
    ) -> Result<Vec<StoredEvent>, StoreError> {
        let device_id = device_id.to_owned();
        self.read(move |conn| {
            let mut statement = conn.prepare_cached(
                "SELECT id, device_id, at_ms, kind, detail FROM events WHERE device_id = ?1 \
                 ORDER BY id DESC LIMIT ?2",
            )?;
            let rows = statement.query_map(params![device_id, limit], |row| {
                Ok(StoredEvent {
                    id: row.get(0)?,
                    device_id: row.get(1)?,
                    at_ms: row.get(2)?,
                    kind: row.get(3)?,
                    detail: row.get(4)?,
                })
            })?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .await
    }
}
