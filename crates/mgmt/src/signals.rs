//! Waiting for devices without a store poll per waiter: one loop reads the ACS's events and
//! wakes whoever waits on a task or on a device's reachability. A waiter still looks at the
//! store now and then, so a missed event (a lagging subscriber, another node) only delays it.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use acs::{Acs, Awaited};
use store::{Task, TaskState};
use tokio::sync::watch;

/// How often a waiter looks at the store in case it missed an event.
const STORE_LOOK: Duration = Duration::from_secs(3);

#[derive(Debug, Default)]
pub(crate) struct Signals {
    tasks: Mutex<HashMap<i64, watch::Sender<Option<Task>>>>,
    unreachable: Mutex<HashMap<String, watch::Sender<u64>>>,
    /// When each device's last Connection Request failed (ms since the epoch, the clock of
    /// `Task::created_ms`): a failure may be reported before its waiter starts waiting.
    failed_at: Mutex<HashMap<String, i64>>,
}

/// How many failures [`Signals`] remembers before it forgets the old ones.
const FAILURES_KEPT: usize = 10_000;

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// How a wait ended.
#[derive(Debug)]
#[allow(clippy::large_enum_variant)] // one per wait, never stored
pub(crate) enum Waited {
    Reached(Task),
    /// The device's Connection Request failed: it cannot be reached now.
    Unreachable,
    /// The deadline passed first.
    TimedOut,
}

pub(crate) fn reached(awaited: Awaited, state: TaskState) -> bool {
    match awaited {
        Awaited::Answered => state == TaskState::Awaiting || state.is_final(),
        Awaited::Finished => state.is_final(),
    }
}

impl Signals {
    pub(crate) fn task_changed(&self, task: &Task) {
        let tasks = self.tasks.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(sender) = tasks.get(&task.id) {
            sender.send_replace(Some(task.clone()));
        }
    }

    pub(crate) fn device_unreachable(&self, device_id: &str) {
        {
            let now = now_ms();
            let mut failed = self.failed_at.lock().unwrap_or_else(|p| p.into_inner());
            if failed.len() >= FAILURES_KEPT {
                failed.retain(|_, at| now - *at < STORE_LOOK.as_millis() as i64 * 20);
            }
            failed.insert(device_id.to_string(), now);
        }
        let devices = self.unreachable.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(sender) = devices.get(device_id) {
            sender.send_modify(|n| *n += 1);
        }
    }

    fn forget(&self, task_id: i64, device_id: &str) {
        let mut tasks = self.tasks.lock().unwrap_or_else(|p| p.into_inner());
        if tasks.get(&task_id).is_some_and(|s| s.receiver_count() == 0) {
            tasks.remove(&task_id);
        }
        drop(tasks);
        let mut devices = self.unreachable.lock().unwrap_or_else(|p| p.into_inner());
        if devices
            .get(device_id)
            .is_some_and(|s| s.receiver_count() == 0)
        {
            devices.remove(device_id);
        }
    }

    /// Waits until the task reaches `awaited`, the device proves unreachable (only when
    /// `give_up_when_unreachable`), or the deadline passes.
    pub(crate) async fn wait(
        &self,
        acs: &Acs,
        task: &Task,
        awaited: Awaited,
        deadline: Instant,
        give_up_when_unreachable: bool,
    ) -> Waited {
        let mut task_rx = {
            let mut tasks = self.tasks.lock().unwrap_or_else(|p| p.into_inner());
            tasks
                .entry(task.id)
                .or_insert_with(|| watch::channel(None).0)
                .subscribe()
        };
        let mut device_rx = {
            let mut devices = self.unreachable.lock().unwrap_or_else(|p| p.into_inner());
            devices
                .entry(task.device_id.clone())
                .or_insert_with(|| watch::channel(0).0)
                .subscribe()
        };
        // A Connection Request that failed once the task existed, reported before this wait
        // began, counts as much as one reported during it.
        let failed_since_queued = give_up_when_unreachable
            && self
                .failed_at
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .get(&task.device_id)
                .is_some_and(|at| *at >= task.created_ms);
        let outcome = loop {
            if let Ok(Some(now)) = acs.store().task(task.id).await
                && reached(awaited, now.state)
            {
                break Waited::Reached(now);
            }
            if failed_since_queued {
                break Waited::Unreachable;
            }
            let look = (Instant::now() + STORE_LOOK).min(deadline);
            let woke = tokio::time::timeout_at(look.into(), async {
                tokio::select! {
                    changed = task_rx.changed() => changed.is_ok().then_some(true),
                    changed = device_rx.changed() => changed.is_ok().then_some(false),
                }
            })
            .await;
            match woke {
                Ok(Some(true)) => {
                    let seen = task_rx.borrow_and_update().clone();
                    if let Some(seen) = seen
                        && reached(awaited, seen.state)
                    {
                        break Waited::Reached(seen);
                    }
                }
                Ok(Some(false)) if give_up_when_unreachable => {
                    device_rx.borrow_and_update();
                    break Waited::Unreachable;
                }
                Ok(_) => {}
                Err(_) if Instant::now() >= deadline => {
                    if let Ok(Some(now)) = acs.store().task(task.id).await
                        && reached(awaited, now.state)
                    {
                        break Waited::Reached(now);
                    }
                    break Waited::TimedOut;
                }
                Err(_) => {}
            }
        };
        drop(task_rx);
        drop(device_rx);
        self.forget(task.id, &task.device_id);
        outcome
    }
}
