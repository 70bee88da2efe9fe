//! The management layer as the CSE calls it (`cse::Management`).

use std::time::Instant;

use cse::{Carried, MgmtFuture, Resource};
use serde_json::{Map, Value};

use crate::device::cse_kinds::{EXEC_INSTANCE, MGMT_CMD, MGMT_OBJ};
use crate::manager::Manager;

#[derive(Debug)]
pub(crate) struct Layer(pub(crate) Manager);

impl cse::Management for Layer {
    fn refresh<'a>(&'a self, target: &'a Resource, deadline: Instant) -> MgmtFuture<'a, ()> {
        Box::pin(crate::objects::refresh(&self.0, target, deadline))
    }

    fn update<'a>(
        &'a self,
        target: &'a Resource,
        attrs: &'a Map<String, Value>,
        deadline: Instant,
    ) -> MgmtFuture<'a, Carried<Map<String, Value>>> {
        Box::pin(crate::objects::update(&self.0, target, attrs, deadline))
    }

    fn create<'a>(
        &'a self,
        parent: &'a Resource,
        attrs: &'a Map<String, Value>,
        deadline: Instant,
    ) -> MgmtFuture<'a, Carried<cse::Created>> {
        Box::pin(async move {
            match crate::certificates::create(&self.0, parent, attrs, deadline).await? {
                Carried::NotMine => crate::rows::create(&self.0, parent, attrs, deadline).await,
                done => Ok(done),
            }
        })
    }

    fn delete<'a>(&'a self, target: &'a Resource, deadline: Instant) -> MgmtFuture<'a, ()> {
        Box::pin(async move {
            match target.ty {
                EXEC_INSTANCE | MGMT_CMD => {
                    crate::commands::delete(&self.0, target, deadline).await
                }
                // An instance of a creatable table goes from the device (DeleteObject); any
                // other mgmtObj from the tree only: its table is read-only to the ACS, and
                // discovery makes it again while the device has it.
                MGMT_OBJ => crate::rows::delete(&self.0, target, deadline).await,
                _ => Ok(()),
            }
        })
    }

    fn execute<'a>(
        &'a self,
        command: &'a Resource,
        instances: &'a [String],
        deadline: Instant,
    ) -> MgmtFuture<'a, Carried<()>> {
        Box::pin(crate::commands::execute(
            &self.0, command, instances, deadline,
        ))
    }

    fn cancel<'a>(
        &'a self,
        instance: &'a Resource,
        deadline: Instant,
    ) -> MgmtFuture<'a, Carried<()>> {
        Box::pin(crate::commands::cancel(&self.0, instance, deadline))
    }
}
