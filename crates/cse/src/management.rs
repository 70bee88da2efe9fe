//! The seam between the CSE and the management layer (TS-0001 6.2.4, "Device Management
//! CSF"): the CSE runs the oneM2M procedure — addressing, access control, validation,
//! storage, notifications — and asks the layer installed here to carry the operation out on
//! the device behind a `<node>`. Without one, or for a resource no device backs, the CSE
//! behaves as for any stored resource.
//!
//! Every hook runs after the request was validated and its originator's privileges checked,
//! and before the CSE writes anything, so a device that refuses leaves the tree unchanged.
//! The layer writes what the device reports through the `Cse::system_*` calls, as the
//! Hosting CSE, which notifies subscribers like any other change.

use std::future::Future;
use std::pin::Pin;
use std::time::Instant;

use serde_json::{Map, Value};

use crate::error::CseResult;
use crate::resource::Resource;

pub type MgmtFuture<'a, T> = Pin<Box<dyn Future<Output = CseResult<T>> + Send + 'a>>;

/// What a created `<mgmtObj>` holds: its attributes and the layer's private state.
pub type Created = (Map<String, Value>, Map<String, Value>);

/// What the management layer decides for one operation.
#[derive(Debug, Clone, PartialEq)]
pub enum Carried<T> {
    /// No device backs the resource: the CSE does what it does for stored resources.
    NotMine,
    /// The device took the operation; the CSE completes the request with this.
    Done(T),
}

/// The management layer, as the CSE sees it. `deadline` is when the request's originator
/// stops waiting (X-M2M-RET, or the CSE's device wait); a hook that cannot finish by then
/// answers with an error and says in it what became of the device work.
pub trait Management: Send + Sync + std::fmt::Debug + 'static {
    /// Before a Retrieve of a `<mgmtObj>`: the layer may read the device and write fresh
    /// values through `Cse::system_update`. An unreachable device is not an error: the
    /// stored values are served.
    fn refresh<'a>(&'a self, target: &'a Resource, deadline: Instant) -> MgmtFuture<'a, ()>;

    /// Before an Update of a `<mgmtObj>` or `<node>`: carries the change out. `Done` holds
    /// the attributes the CSE then stores instead of the request's (executable attributes
    /// reset, statuses set).
    fn update<'a>(
        &'a self,
        target: &'a Resource,
        attrs: &'a Map<String, Value>,
        deadline: Instant,
    ) -> MgmtFuture<'a, Carried<Map<String, Value>>>;

    /// Before a Create of a `<mgmtObj>` under `parent`: `Done` holds the attributes to store
    /// (the request's, completed with what the device reported) and private state.
    fn create<'a>(
        &'a self,
        parent: &'a Resource,
        attrs: &'a Map<String, Value>,
        deadline: Instant,
    ) -> MgmtFuture<'a, Carried<Created>>;

    /// Before a Delete of a `<mgmtObj>`, `<mgmtCmd>` or `<execInstance>` (TS-0006 8.2.2,
    /// 8.2.4): `Ok` lets the delete go on.
    fn delete<'a>(&'a self, target: &'a Resource, deadline: Instant) -> MgmtFuture<'a, ()>;

    /// After Execute created `instances` under `command` (TS-0006 8.2.1): runs them and
    /// returns when each device accepted its RPC.
    fn execute<'a>(
        &'a self,
        command: &'a Resource,
        instances: &'a [String],
        deadline: Instant,
    ) -> MgmtFuture<'a, Carried<()>>;

    /// Cancel of an `<execInstance>` (an Update with `exd` true, TS-0006 8.2.3). `Done`
    /// means the layer set `exs`/`exr` itself.
    fn cancel<'a>(
        &'a self,
        instance: &'a Resource,
        deadline: Instant,
    ) -> MgmtFuture<'a, Carried<()>>;
}
