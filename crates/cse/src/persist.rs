//! The path of the tree's changes to the store. Writers apply a change in memory and queue
//! it here under the tree's lock, so the store receives changes in the order they were made;
//! one task writes whatever has queued up as one atomic batch (group commit), so a writer
//! waits for its own durability without holding the next one up.
//!
//! If the store refuses a batch, its writers and every writer queued behind it fail, and the
//! tree is reloaded from the store under the lock: memory never claims what the store does
//! not hold.

use std::sync::{Arc, Weak};
use std::time::Duration;

use store::{ResourceChange, Store};
use tokio::sync::{mpsc, oneshot};

use crate::Inner;
use crate::error::{CseError, CseResult};

/// Writes in one store batch at most.
const MAX_GROUP: usize = 512;

struct Pending {
    changes: Vec<ResourceChange>,
    done: oneshot::Sender<bool>,
}

#[derive(Debug, Clone)]
pub(crate) struct Persister {
    queue: mpsc::UnboundedSender<Pending>,
}

fn store_failed() -> CseError {
    CseError::internal("the resource store failed; the request was not applied")
}

impl Persister {
    pub(crate) fn start(store: Arc<dyn Store>, cse: Weak<Inner>) -> Persister {
        let (queue, rx) = mpsc::unbounded_channel();
        tokio::spawn(run(store, cse, rx));
        Persister { queue }
    }

    /// Queues changes; the returned future resolves once they are durable.
    pub(crate) fn queue(
        &self,
        changes: Vec<ResourceChange>,
    ) -> impl Future<Output = CseResult<()>> + use<> {
        let (done, durable) = oneshot::channel();
        let queued = self.queue.send(Pending { changes, done }).is_ok();
        async move {
            match (queued, durable.await) {
                (true, Ok(true)) => Ok(()),
                _ => Err(store_failed()),
            }
        }
    }
}

async fn run(store: Arc<dyn Store>, cse: Weak<Inner>, mut rx: mpsc::UnboundedReceiver<Pending>) {
    while let Some(first) = rx.recv().await {
        let mut group = vec![first];
        while group.len() < MAX_GROUP {
            match rx.try_recv() {
                Ok(next) => group.push(next),
                Err(_) => break,
            }
        }
        let changes: Vec<ResourceChange> = group
            .iter_mut()
            .flat_map(|p| std::mem::take(&mut p.changes))
            .collect();
        match store.write_resources(changes).await {
            Ok(()) => {
                for pending in group {
                    let _ = pending.done.send(true);
                }
            }
            Err(e) => {
                tracing::error!(error = %e, writes = group.len(), "the store refused resource changes; reloading the tree");
                for pending in group {
                    let _ = pending.done.send(false);
                }
                recover(&*store, &cse, &mut rx).await;
            }
        }
    }
}

/// Reloads the tree from the store, failing every write queued since the failed batch.
async fn recover(store: &dyn Store, cse: &Weak<Inner>, rx: &mut mpsc::UnboundedReceiver<Pending>) {
    loop {
        match store.load_resources().await {
            Ok(snapshot) => {
                let Some(inner) = cse.upgrade() else { return };
                inner.replace_tree(&snapshot, || {
                    while let Ok(pending) = rx.try_recv() {
                        let _ = pending.done.send(false);
                    }
                });
                return;
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot reload the tree from the store; retrying");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    }
}
