use thiserror::Error;

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Database(String),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    #[error("no task {0}")]
    NoSuchTask(i64),
    #[error("task {id} is {state}, not {expected}")]
    WrongState {
        id: i64,
        state: &'static str,
        expected: &'static str,
    },
    /// A [`Put`](crate::ResourceChange::Put) would give a resource the name another resource
    /// already has under the same parent. Nothing of the batch was applied.
    #[error(
        "resource {ri:?} cannot be named {rn:?} under parent {pi:?}: resource {holder:?} has \
         that name; nothing of the batch was applied"
    )]
    ResourceNameTaken {
        ri: String,
        pi: String,
        rn: String,
        holder: String,
    },
    #[error("the store is shut down")]
    Closed,
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Database(e.to_string())
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(e: serde_json::Error) -> Self {
        StoreError::Corrupt(e.to_string())
    }
}
