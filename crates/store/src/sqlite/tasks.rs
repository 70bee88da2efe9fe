//! The task queue on SQLite. Every transition is one guarded UPDATE, so a transition that
//! does not apply (a task already finished, answered by another session) changes nothing.

use async_trait::async_trait;
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::SqliteStore;
use crate::{NewTask, StoreError, Task, TaskFault, TaskState, Tasks};

const TASK_COLUMNS: &str = "id, device_id, steps, next_step, responses, state, command_key, \
    session_id, attempts, max_attempts, fault, expires_at_ms, created_ms, updated_ms";

struct RawTask {
    task: Task,
    steps: String,
    responses: String,
    state: String,
    fault: Option<String>,
}

fn task_from_row(row: &Row<'_>) -> rusqlite::Result<RawTask> {
    Ok(RawTask {
        task: Task {
            id: row.get(0)?,
            device_id: row.get(1)?,
            steps: Vec::new(),
            next_step: row.get::<_, i64>(3)? as usize,
            responses: Vec::new(),
            state: TaskState::Queued,
            command_key: row.get(6)?,
            session_id: row.get(7)?,
            attempts: row.get(8)?,
            max_attempts: row.get(9)?,
            fault: None,
            expires_at_ms: row.get(11)?,
            created_ms: row.get(12)?,
            updated_ms: row.get(13)?,
        },
        steps: row.get(2)?,
        responses: row.get(4)?,
        state: row.get(5)?,
        fault: row.get(10)?,
    })
}

fn finish_task(raw: RawTask) -> Result<Task, StoreError> {
    let mut task = raw.task;
    task.steps = serde_json::from_str(&raw.steps)?;
    task.responses = serde_json::from_str(&raw.responses)?;
    task.state = TaskState::parse(&raw.state).ok_or_else(|| {
        StoreError::Corrupt(format!("task {} has state {:?}", task.id, raw.state))
    })?;
    task.fault = raw.fault.map(|f| serde_json::from_str(&f)).transpose()?;
    Ok(task)
}

fn load_task(conn: &Connection, id: i64) -> Result<Option<Task>, StoreError> {
    let sql = format!("SELECT {TASK_COLUMNS} FROM tasks WHERE id = ?1");
    conn.prepare_cached(&sql)?
        .query_row([id], task_from_row)
        .optional()?
        .map(finish_task)
        .transpose()
}

fn load_existing(conn: &Connection, id: i64) -> Result<Task, StoreError> {
    load_task(conn, id)?.ok_or(StoreError::NoSuchTask(id))
}

fn query_tasks(
    conn: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
) -> Result<Vec<Task>, StoreError> {
    let mut statement = conn.prepare_cached(sql)?;
    let rows = statement.query_map(params, task_from_row)?;
    rows.map(|raw| finish_task(raw?)).collect()
}

fn expect_state(task: &Task, expected: TaskState) -> Result<(), StoreError> {
    if task.state == expected {
        Ok(())
    } else {
        Err(StoreError::WrongState {
            id: task.id,
            state: task.state.as_str(),
            expected: expected.as_str(),
        })
    }
}

/// Sent tasks of a device under another session belong to a session that ended without
/// the answer (its lease was taken over): treat them as unanswered.
///
/// `condition` selects the tasks with parameters from `?3` on, bound to `values`.
fn requeue_where(
    conn: &Connection,
    condition: &str,
    values: &[&dyn rusqlite::ToSql],
    now_ms: i64,
) -> Result<Vec<Task>, StoreError> {
    let exhausted = serde_json::to_string(&TaskFault {
        code: TaskFault::RETRIES_EXHAUSTED,
        message: "the session broke before the CPE answered, too many times".into(),
    })?;
    let sql = format!(
        "UPDATE tasks SET \
           state = CASE WHEN attempts >= max_attempts THEN 'faulted' ELSE 'queued' END, \
           fault = CASE WHEN attempts >= max_attempts THEN ?1 ELSE NULL END, \
           session_id = NULL, updated_ms = ?2 \
         WHERE state = 'sent' AND {condition} RETURNING id"
    );
    let mut bound: Vec<&dyn rusqlite::ToSql> = vec![&exhausted, &now_ms];
    bound.extend_from_slice(values);
    let ids: Vec<i64> = conn
        .prepare_cached(&sql)?
        .query_map(rusqlite::params_from_iter(bound), |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    ids.into_iter().map(|id| load_existing(conn, id)).collect()
}

fn claim_next(
    conn: &Connection,
    device_id: &str,
    session_id: &str,
    now_ms: i64,
) -> Result<Option<Task>, StoreError> {
    conn.prepare_cached(
        "UPDATE tasks SET state = 'expired', session_id = NULL, updated_ms = ?2 \
         WHERE device_id = ?1 AND state IN ('queued', 'awaiting') \
         AND expires_at_ms IS NOT NULL AND expires_at_ms <= ?2",
    )?
    .execute(params![device_id, now_ms])?;
    requeue_where(
        conn,
        "device_id = ?3 AND session_id IS NOT ?4",
        &[&device_id, &session_id],
        now_ms,
    )?;
    let sql = format!(
        "SELECT {TASK_COLUMNS} FROM tasks WHERE device_id = ?1 AND state IN ('queued', 'sent') \
         ORDER BY id LIMIT 1"
    );
    let Some(task) = conn
        .prepare_cached(&sql)?
        .query_row([device_id], task_from_row)
        .optional()?
        .map(finish_task)
        .transpose()?
    else {
        return Ok(None);
    };
    // Strict order per device: the oldest unfinished task goes first, and a batch keeps
    // its session until its last step is answered.
    let started = task.state == TaskState::Queued;
    conn.prepare_cached(
        "UPDATE tasks SET state = 'sent', session_id = ?2, attempts = attempts + ?3, \
         updated_ms = ?4 WHERE id = ?1",
    )?
    .execute(params![task.id, session_id, started as i64, now_ms])?;
    load_task(conn, task.id)
}

#[async_trait]
impl Tasks for SqliteStore {
    async fn enqueue(&self, task: NewTask, now_ms: i64) -> Result<Task, StoreError> {
        if task.steps.is_empty() {
            return Err(StoreError::Database(
                "a task needs at least one step".into(),
            ));
        }
        self.write(move |conn| {
            conn.prepare_cached(
                "INSERT INTO tasks (device_id, steps, next_step, responses, state, command_key, \
                 attempts, max_attempts, expires_at_ms, created_ms, updated_ms) \
                 VALUES (?1, ?2, 0, '[]', 'queued', ?3, 0, ?4, ?5, ?6, ?6)",
            )?
            .execute(params![
                task.device_id,
                serde_json::to_string(&task.steps)?,
                task.command_key,
                task.max_attempts.max(1),
                task.expires_at_ms,
                now_ms
            ])?;
            load_existing(conn, conn.last_insert_rowid())
        })
        .await
    }

    async fn task(&self, id: i64) -> Result<Option<Task>, StoreError> {
        self.read(move |conn| load_task(conn, id)).await
    }

    async fn device_tasks(
        &self,
        device_id: &str,
        active_only: bool,
    ) -> Result<Vec<Task>, StoreError> {
        let device_id = device_id.to_owned();
        self.read(move |conn| {
            let filter = if active_only {
                "AND state IN ('queued', 'sent', 'awaiting')"
            } else {
                ""
            };
            let sql = format!(
                "SELECT {TASK_COLUMNS} FROM tasks WHERE device_id = ?1 {filter} ORDER BY id"
            );
            query_tasks(conn, &sql, [device_id])
        })
        .await
    }

    async fn claim_next(
        &self,
        device_id: &str,
        session_id: &str,
        now_ms: i64,
    ) -> Result<Option<Task>, StoreError> {
        let (device_id, session_id) = (device_id.to_owned(), session_id.to_owned());
        self.write(move |conn| claim_next(conn, &device_id, &session_id, now_ms))
            .await
    }

    async fn record_response(
        &self,
        id: i64,
        response: &str,
        awaits_completion: bool,
        now_ms: i64,
    ) -> Result<Task, StoreError> {
        let response = response.to_owned();
        self.write(move |conn| {
            let mut task = load_existing(conn, id)?;
            expect_state(&task, TaskState::Sent)?;
            task.responses.push(response);
            task.next_step += 1;
            let awaits: bool = conn.query_row(
                "SELECT awaits_completion FROM tasks WHERE id = ?1",
                [id],
                |row| row.get(0),
            )?;
            let awaits = awaits || awaits_completion;
            let state = if task.next_step < task.steps.len() {
                TaskState::Sent
            } else if awaits {
                TaskState::Awaiting
            } else {
                TaskState::Done
            };
            conn.prepare_cached(
                "UPDATE tasks SET responses = ?2, next_step = ?3, state = ?4, \
                 awaits_completion = ?5, updated_ms = ?6 WHERE id = ?1",
            )?
            .execute(params![
                id,
                serde_json::to_string(&task.responses)?,
                task.next_step as i64,
                state.as_str(),
                awaits,
                now_ms
            ])?;
            load_existing(conn, id)
        })
        .await
    }

    async fn record_fault(
        &self,
        id: i64,
        fault: TaskFault,
        now_ms: i64,
    ) -> Result<Task, StoreError> {
        self.write(move |conn| {
            let task = load_existing(conn, id)?;
            expect_state(&task, TaskState::Sent)?;
            conn.prepare_cached(
                "UPDATE tasks SET state = 'faulted', fault = ?2, updated_ms = ?3 WHERE id = ?1",
            )?
            .execute(params![id, serde_json::to_string(&fault)?, now_ms])?;
            load_existing(conn, id)
        })
        .await
    }

    async fn complete(
        &self,
        device_id: &str,
        command_key: &str,
        result: &str,
        fault: Option<TaskFault>,
        now_ms: i64,
    ) -> Result<Option<Task>, StoreError> {
        let (device_id, command_key, result) = (
            device_id.to_owned(),
            command_key.to_owned(),
            result.to_owned(),
        );
        self.write(move |conn| {
            // A completion also finishes a task that went back to the queue because its
            // session broke after the CPE had accepted it (the CPE did the work, so the task
            // must not be sent again), and one that expired while waiting for it (the work
            // was done late, not not at all).
            let sql = format!(
                "SELECT {TASK_COLUMNS} FROM tasks WHERE device_id = ?1 AND command_key = ?2 \
                 AND (state IN ('awaiting', 'sent') \
                      OR (state IN ('queued', 'expired') AND attempts > 0)) \
                 ORDER BY id LIMIT 1"
            );
            let Some(mut task) = query_tasks(conn, &sql, params![device_id, command_key])?
                .into_iter()
                .next()
            else {
                return Ok(None);
            };
            task.responses.push(result);
            let state = if fault.is_some() {
                TaskState::Faulted
            } else {
                TaskState::Done
            };
            conn.prepare_cached(
                "UPDATE tasks SET responses = ?2, state = ?3, fault = ?4, session_id = NULL, \
                 updated_ms = ?5 WHERE id = ?1",
            )?
            .execute(params![
                task.id,
                serde_json::to_string(&task.responses)?,
                state.as_str(),
                fault.map(|f| serde_json::to_string(&f)).transpose()?,
                now_ms
            ])?;
            load_task(conn, task.id)
        })
        .await
    }

    async fn requeue_unanswered(
        &self,
        session_id: &str,
        now_ms: i64,
    ) -> Result<Vec<Task>, StoreError> {
        let session_id = session_id.to_owned();
        self.write(move |conn| requeue_where(conn, "session_id = ?3", &[&session_id], now_ms))
            .await
    }

    async fn cancel(&self, id: i64, now_ms: i64) -> Result<Option<Task>, StoreError> {
        self.write(move |conn| {
            let Some(task) = load_task(conn, id)? else {
                return Ok(None);
            };
            if !task.state.is_final() {
                conn.prepare_cached(
                    "UPDATE tasks SET state = 'cancelled', updated_ms = ?2 WHERE id = ?1",
                )?
                .execute(params![id, now_ms])?;
            }
            load_task(conn, id)
        })
        .await
    }

    async fn prune_finished(&self, before_ms: i64) -> Result<u64, StoreError> {
        self.write(move |conn| {
            Ok(conn
                .prepare_cached(
                    "DELETE FROM tasks WHERE state IN ('done', 'faulted', 'cancelled', 'expired') \
                     AND updated_ms < ?1",
                )?
                .execute([before_ms])? as u64)
        })
        .await
    }

    async fn devices_with_queued_tasks(&self) -> Result<Vec<String>, StoreError> {
        self.read(|conn| {
            let mut statement = conn.prepare_cached(
                "SELECT DISTINCT device_id FROM tasks WHERE state = 'queued' ORDER BY device_id",
            )?;
            let rows = statement.query_map([], |row| row.get(0))?;
            Ok(rows.collect::<Result<Vec<String>, _>>()?)
        })
        .await
    }
}
