//! The management layer as the CSE calls it (`cse::Management`).

use std::time::Instant;

use cse::{Carried, MgmtFuture, Resource};
use serde_json::{Map, Value};

use crate::device::cse_kinds::{EXEC_INSTANCE, MGMT_CMD};
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
        Box::pin(crate::certificates::create(
            &self.0, parent, attrs, deadline,
        ))
    }

    fn delete<'a>(&'a self, target: &'a Resource, deadline: Instant) -> MgmtFuture<'a, ()> {
        Box::pin(async move {
            match target.ty {
                // A mgmtObj goes from the tree only: the tables it maps are read-only to the
                // ACS (no DeleteObject), and discovery makes it again while the device has it.
                EXEC_INSTANCE | MGMT_CMD => {
                    crate::commands::delete(&self.0, target, deadline).await
                }
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
