//! The CSE: one tree, one writer at a time, the store behind it, the notifier beside it.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::{Duration, Instant};

use onem2m::Rsc;
use serde_json::{Map, Value, json};
use store::Store;

use crate::config::CseConfig;
use crate::error::{CseError, CseResult};
use crate::management::Management;
use crate::notify::Notifier;
use crate::persist::Persister;
use crate::primitive::{Request, Response};
use crate::resource::Resource;
use crate::time;
use crate::tree::Tree;
use crate::txn::Txn;

/// A running CSE (cheap to clone).
#[derive(Debug, Clone)]
pub struct Cse {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) config: CseConfig,
    tree: RwLock<Tree>,
    /// Writes the tree's changes to the store in the order they were made.
    persister: Persister,
    pub(crate) store: Arc<dyn Store>,
    pub(crate) notifier: Notifier,
    seq: AtomicU64,
    /// The layer that carries operations on device-backed resources out on devices.
    management: OnceLock<Arc<dyn Management>>,
}

/// Releases the CSE accepts in X-M2M-RVI (TS-0009 6.4.x); a request without the header is
/// taken as the newest, as the header is mandatory from Release 2a on and clients that omit
/// it (curl, scripts) expect to be served.
pub(crate) const SUPPORTED_RELEASES: &[&str] = &["2a", "3", "4", "5"];

impl std::fmt::Debug for Inner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Inner")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl Inner {
    pub(crate) fn read(&self) -> RwLockReadGuard<'_, Tree> {
        self.tree.read().unwrap_or_else(|p| p.into_inner())
    }
    fn write_tree(&self) -> RwLockWriteGuard<'_, Tree> {
        self.tree.write().unwrap_or_else(|p| p.into_inner())
    }
    /// Replaces the tree with what the store holds; `under_lock` runs while no writer can
    /// apply anything.
    pub(crate) fn replace_tree(&self, stored: &[store::StoredResource], under_lock: impl FnOnce()) {
        let (tree, max_seq) = tree_from(stored);
        let mut current = self.write_tree();
        under_lock();
        *current = tree;
        self.seq.fetch_max(max_seq + 1, Ordering::Relaxed);
    }

    pub(crate) fn next_seq(&self) -> u64 {
        self.seq.fetch_add(1, Ordering::Relaxed)
    }
    pub(crate) fn cse_ri(&self) -> &str {
        self.config.cse_ri()
    }

    pub(crate) fn management(&self) -> Option<&Arc<dyn Management>> {
        self.management.get()
    }

    /// When a request's originator stops waiting for a device: its X-M2M-RET, capped by
    /// the CSE's device wait.
    pub(crate) fn device_deadline(&self, request_expiration: Option<&str>) -> Instant {
        let wait = request_expiration
            .and_then(crate::ops::parse_time_or_offset)
            .map(|at| Duration::from_millis(at.saturating_sub(time::now_ms()).max(0) as u64))
            .map_or(self.config.device_wait, |w| w.min(self.config.device_wait));
        Instant::now() + wait
    }

    /// Runs a procedure that changes the tree: in memory under the writer, then durably.
    pub(crate) async fn write<T>(
        &self,
        procedure: impl FnOnce(&mut Txn<'_>) -> CseResult<T>,
    ) -> CseResult<T> {
        let (value, committed, durable) = {
            let mut tree = self.write_tree();
            let mut txn = Txn::new(&mut tree, self, time::now_ms());
            let (value, mut committed) = match procedure(&mut txn) {
                Ok(value) => (value, txn.finish()),
                Err(e) => {
                    txn.abort();
                    return Err(e);
                }
            };
            // Queued while the tree is still locked, so the store sees writes in the order
            // they were applied here.
            let durable = (!committed.changes.is_empty())
                .then(|| self.persister.queue(std::mem::take(&mut committed.changes)));
            (value, committed, durable)
        };
        match durable {
            Some(durable) => {
                // Awaited in a task of its own: if the client goes away, the change is
                // still durable and its notifications must still leave.
                let notifier = self.notifier.clone();
                let deliveries = committed.deliveries;
                let outcome = tokio::spawn(async move {
                    durable.await?;
                    notifier.send(deliveries);
                    Ok::<(), CseError>(())
                });
                outcome
                    .await
                    .map_err(|_| CseError::internal("the write was interrupted"))??;
            }
            None => self.notifier.send(committed.deliveries),
        }
        Ok(value)
    }
}

impl Cse {
    /// Loads the tree from the store, creating the CSEBase on first start.
    pub async fn open(config: CseConfig, store: Arc<dyn Store>) -> CseResult<Cse> {
        config.validate().map_err(CseError::bad_request)?;
        let stored = store.load_resources().await?;
        let (tree, max_seq) = tree_from(&stored);
        let notifier = Notifier::new(&config);
        let inner = Arc::new_cyclic(|weak| Inner {
            tree: RwLock::new(tree),
            persister: Persister::start(store.clone(), weak.clone()),
            store,
            notifier,
            seq: AtomicU64::new(max_seq + 1),
            management: OnceLock::new(),
            config,
        });
        let cse = Cse { inner };
        cse.ensure_cse_base().await?;
        Ok(cse)
    }

    async fn ensure_cse_base(&self) -> CseResult<()> {
        let inner = &self.inner;
        let cfg = &inner.config;
        let ri = cfg.cse_ri().to_string();
        let existing = inner.read().get(&ri).cloned();
        let now = time::format(time::now_ms());
        let Value::Object(mut attrs) = json!({
            "ty": 5,
            "ri": ri,
            "rn": cfg.cse_name,
            "pi": "",
            "ct": now,
            "lt": now,
            "cst": cfg.cse_type,
            "csi": cfg.cse_id,
            "srt": crate::kinds::SUPPORTED_TYPES,
            "poa": cfg.point_of_access,
            "srv": SUPPORTED_RELEASES,
        }) else {
            return Err(CseError::internal("CSEBase"));
        };
        if let Some(old) = &existing {
            // Keep identity and history; refresh what configuration decides.
            for keep in ["ct", "acpi", "lbl"] {
                if let Some(v) = old.attrs.get(keep) {
                    attrs.insert(keep.into(), v.clone());
                }
            }
            if old.rn() != cfg.cse_name {
                return Err(CseError::internal(format!(
                    "the store holds CSEBase `{}` but the configured name is `{}`",
                    old.rn(),
                    cfg.cse_name
                )));
            }
        }
        let base = Resource {
            ty: 5,
            attrs,
            owner: cfg.admin.clone(),
            seq: 0,
            private: Default::default(),
        };
        inner
            .write(move |txn| {
                txn.put(base);
                Ok(())
            })
            .await
    }

    /// Serves one request primitive.
    pub async fn handle(&self, request: Request) -> Response {
        let rqi = request.rqi.clone();
        let mut response = match crate::ops::dispatch(&self.inner, request).await {
            Ok(r) => r,
            Err(e) => Response::error(&e),
        };
        response.rqi = rqi;
        response
    }

    /// Runs expiry once: every resource whose `et` has passed is deleted as if by its
    /// Hosting CSE (TS-0004 7.3.3.x), with deletion notifications. Returns how many.
    pub async fn expire_now(&self) -> usize {
        crate::ops::expire(&self.inner, time::now_ms()).await
    }

    pub fn config(&self) -> &CseConfig {
        &self.inner.config
    }

    pub fn resource_count(&self) -> usize {
        self.inner.read().len()
    }

    /// A resource by id, as stored (for tests and for the management layer).
    pub fn resource(&self, ri: &str) -> Option<Resource> {
        self.inner.read().get(ri).map(|r| (**r).clone())
    }

    /// Installs the management layer (once; a second call is refused and returns false).
    pub fn set_management(&self, layer: Arc<dyn Management>) -> bool {
        self.inner.management.set(layer).is_ok()
    }

    /// The CSEBase's resource id.
    pub fn base_ri(&self) -> &str {
        self.inner.cse_ri()
    }

    /// The resource an address names (any form a request's To may take), if it exists.
    pub fn resource_at(&self, address: &str) -> Option<Resource> {
        let tree = self.inner.read();
        crate::address::resource_at(&tree, &self.inner.config, address).map(|r| (*r).clone())
    }

    /// The CSE-relative structured address of a resource (`cse-in/node1/fw`).
    pub fn structured_address(&self, ri: &str) -> Option<String> {
        self.inner.read().structured(ri)
    }

    /// The children of a resource, in creation order.
    pub fn children(&self, ri: &str) -> Vec<Resource> {
        self.inner
            .read()
            .children(ri)
            .map(|r| (**r).clone())
            .collect()
    }

    /// Every resource of a type (a walk over the whole tree: for start-up, not requests).
    pub fn resources_of_type(&self, ty: u32) -> Vec<Resource> {
        self.inner
            .read()
            .iter()
            .filter(|r| r.ty == ty)
            .map(|r| (**r).clone())
            .collect()
    }

    /// Creates a resource as the Hosting CSE, with the notifications a Create causes.
    pub async fn system_create(
        &self,
        parent_ri: &str,
        ty: u32,
        attrs: Map<String, Value>,
        private: Map<String, Value>,
    ) -> CseResult<Resource> {
        crate::ops::system::create(&self.inner, parent_ri, ty, attrs, private).await
    }

    /// Changes attributes (null removes one) and, when given, the private state of a
    /// resource as the Hosting CSE; subscribers are notified of what really changed.
    /// `None` when the resource no longer exists.
    pub async fn system_update(
        &self,
        ri: &str,
        attrs: Map<String, Value>,
        private: Option<Map<String, Value>>,
    ) -> CseResult<Option<Resource>> {
        crate::ops::system::update(&self.inner, ri, attrs, private).await
    }

    /// Deletes a resource and its subtree as the Hosting CSE, with notifications.
    pub async fn system_delete(&self, ri: &str) -> CseResult<usize> {
        crate::ops::remove_by_cse(&self.inner, ri).await
    }

    /// Waits until the notifications queued so far were attempted.
    pub async fn flush_notifications(&self) {
        self.inner.notifier.flush().await;
    }
}

/// The tree the store holds, and the highest creation sequence in it.
fn tree_from(stored: &[store::StoredResource]) -> (Tree, u64) {
    let mut resources = Vec::with_capacity(stored.len());
    for s in stored {
        match Resource::from_stored(s) {
            Some(r) => resources.push(r),
            None => tracing::error!(ri = %s.ri, "unreadable stored resource skipped"),
        }
    }
    let max_seq = resources.iter().map(|r| r.seq).max().unwrap_or(0);
    (Tree::load(resources), max_seq)
}

pub(crate) fn release_supported(rvi: Option<&str>) -> CseResult<()> {
    match rvi {
        None => Ok(()),
        Some(v) if SUPPORTED_RELEASES.contains(&v) => Ok(()),
        Some(v) => Err(CseError::new(
            Rsc::ReleaseVersionNotSupported,
            format!(
                "release `{v}` is not supported; use one of {}",
                SUPPORTED_RELEASES.join(", ")
            ),
        )),
    }
}
