//! Files the CSE hands to CPEs by URL (the certificate of a `[myCertFileCred]`, TS-0006
//! 8.3): kept by an unguessable token, and in the resource's private state so that a
//! restart between the Download and the CPE's fetch loses nothing.

use std::collections::HashMap;
use std::sync::Mutex;

use serde_json::{Map, Value};

use crate::manager::lock;

#[derive(Debug, Default)]
pub(crate) struct Files {
    by_token: Mutex<HashMap<String, (String, Vec<u8>)>>,
}

impl Files {
    /// Publishes a file; returns its token and the private state that restores it.
    pub(crate) fn publish(
        &self,
        content_type: &str,
        content: &[u8],
    ) -> (String, Map<String, Value>) {
        let token = hex::encode(rand::random::<[u8; 16]>());
        lock(&self.by_token).insert(token.clone(), (content_type.to_string(), content.to_vec()));
        let mut state = Map::new();
        state.insert("token".into(), Value::String(token.clone()));
        state.insert("type".into(), Value::String(content_type.to_string()));
        state.insert(
            "content".into(),
            Value::String(String::from_utf8_lossy(content).into_owned()),
        );
        (token, state)
    }

    pub(crate) fn restore(&self, state: &Map<String, Value>) {
        let field = |k: &str| state.get(k).and_then(Value::as_str);
        if let (Some(token), Some(ty), Some(content)) =
            (field("token"), field("type"), field("content"))
        {
            lock(&self.by_token).insert(
                token.to_string(),
                (ty.to_string(), content.as_bytes().to_vec()),
            );
        }
    }

    pub(crate) fn withdraw(&self, token: &str) {
        lock(&self.by_token).remove(token);
    }

    pub(crate) fn get(&self, token: &str) -> Option<(String, Vec<u8>)> {
        lock(&self.by_token).get(token).cloned()
    }
}

/// The files as the ACS serves them.
#[derive(Debug)]
pub(crate) struct Served(pub(crate) crate::Manager);

impl acs::FileSource for Served {
    fn file(&self, token: &str) -> Option<(String, Vec<u8>)> {
        self.0.file(token)
    }
}
