//! Files the CSE hands to CPEs by URL (the certificate of a `[myCertFileCred]`, TS-0006
//! 8.3), kept by an unguessable token for as long as the Create that published one waits for
//! its Download.

use std::collections::HashMap;
use std::sync::Mutex;

use crate::manager::lock;

#[derive(Debug, Default)]
pub(crate) struct Files {
    by_token: Mutex<HashMap<String, (String, Vec<u8>)>>,
}

impl Files {
    /// Publishes a file; returns its token.
    pub(crate) fn publish(&self, content_type: &str, content: &[u8]) -> String {
        let token = hex::encode(rand::random::<[u8; 16]>());
        lock(&self.by_token).insert(token.clone(), (content_type.to_string(), content.to_vec()));
        token
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
