//! CPE authentication (TR-069 3.4.4): none, Basic or Digest, against a shared credential
//! or per-device credentials in the store. Digest nonces are signed, not stored, so any node
//! with the same secret verifies them.

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use httpauth::{Challenge, DigestAuthorization, NonceSigner, NonceStatus};
use store::Store;

use crate::config::{AcsConfig, AuthMode};

/// Who a CPE proved to be.
#[derive(Debug, Clone, Default)]
pub(crate) struct Authenticated {
    pub(crate) username: Option<String>,
    /// Per-device credentials may only open sessions for their device.
    pub(crate) device_restriction: Option<String>,
}

/// Why a request was refused, and the challenge headers to send with the 401.
#[derive(Debug)]
pub(crate) struct Refusal {
    pub(crate) challenges: Vec<String>,
    /// What to log: a missing header is the normal first round, not a failure.
    pub(crate) failure: Option<String>,
}

pub(crate) struct Authenticator {
    mode: AuthMode,
    realm: String,
    shared: Option<(String, String)>,
    nonces: NonceSigner,
    nonce_lifetime_secs: u64,
    store: Arc<dyn Store>,
}

impl std::fmt::Debug for Authenticator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Authenticator")
            .field("mode", &self.mode)
            .finish()
    }
}

fn unix_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

impl Authenticator {
    pub(crate) fn new(config: &AcsConfig, store: Arc<dyn Store>) -> Self {
        let mut nonce_key = b"dmgate nonce ".to_vec();
        nonce_key.extend_from_slice(&config.secret);
        Authenticator {
            mode: config.auth,
            realm: config.realm.clone(),
            shared: config
                .shared_username
                .clone()
                .zip(config.shared_password.clone()),
            nonces: NonceSigner::new(&nonce_key),
            nonce_lifetime_secs: config.nonce_lifetime.as_secs().max(1),
            store,
        }
    }

    fn challenges(&self, stale: bool) -> Vec<String> {
        match self.mode {
            AuthMode::None => Vec::new(),
            AuthMode::Basic => vec![httpauth::basic_challenge(&self.realm)],
            AuthMode::Digest => {
                Challenge::offer(&self.realm, &self.nonces.issue(unix_secs()), stale)
            }
        }
    }

    fn refuse(&self, failure: Option<String>, stale: bool) -> Refusal {
        Refusal {
            challenges: self.challenges(stale),
            failure,
        }
    }

    async fn password_for(&self, username: &str) -> Option<(String, Option<String>)> {
        if let Some((user, password)) = &self.shared
            && user == username
        {
            return Some((password.clone(), None));
        }
        match self.store.cpe_credentials(username).await {
            Ok(found) => found.map(|c| (c.password, c.device_id)),
            Err(e) => {
                tracing::error!(error = %e, "cannot read CPE credentials");
                None
            }
        }
    }

    pub(crate) async fn check(
        &self,
        method: &str,
        request_uri: &str,
        authorization: Option<&str>,
    ) -> Result<Authenticated, Refusal> {
        if self.mode == AuthMode::None {
            return Ok(Authenticated::default());
        }
        let Some(header) = authorization else {
            return Err(self.refuse(None, false));
        };
        match self.mode {
            AuthMode::None => Ok(Authenticated::default()),
            AuthMode::Basic => {
                let Some((username, password)) = httpauth::parse_basic(header) else {
                    return Err(self.refuse(Some("not a Basic Authorization header".into()), false));
                };
                match self.password_for(&username).await {
                    Some((expected, device)) if constant_time_eq(&expected, &password) => {
                        Ok(Authenticated {
                            username: Some(username),
                            device_restriction: device,
                        })
                    }
                    _ => {
                        Err(self.refuse(Some(format!("wrong credentials for {username:?}")), false))
                    }
                }
            }
            AuthMode::Digest => {
                let answer = match DigestAuthorization::parse(header) {
                    Ok(answer) => answer,
                    Err(e) => {
                        return Err(self.refuse(Some(format!("bad Digest header: {e}")), false));
                    }
                };
                // The answer covers one URI (RFC 7616 3.4.6); one for another path is a replay.
                if answer.uri != request_uri {
                    return Err(self.refuse(
                        Some(format!(
                            "Digest uri {:?} is not the request's {request_uri:?}",
                            answer.uri
                        )),
                        false,
                    ));
                }
                match self
                    .nonces
                    .check(&answer.nonce, unix_secs(), self.nonce_lifetime_secs)
                {
                    NonceStatus::Valid => {}
                    // A good answer to an old nonce: ask again without counting a failure.
                    NonceStatus::Stale => return Err(self.refuse(None, true)),
                    NonceStatus::Invalid => {
                        return Err(
                            self.refuse(Some("a nonce this ACS did not issue".into()), false)
                        );
                    }
                }
                match self.password_for(&answer.username).await {
                    Some((password, device)) if answer.verify(&password, method, &self.realm) => {
                        Ok(Authenticated {
                            username: Some(answer.username),
                            device_restriction: device,
                        })
                    }
                    _ => Err(self.refuse(
                        Some(format!("wrong credentials for {:?}", answer.username)),
                        false,
                    )),
                }
            }
        }
    }

    /// A 401 for a CPE whose credentials belong to another device.
    pub(crate) fn refuse_device(&self, username: &str, device_id: &str) -> Refusal {
        self.refuse(
            Some(format!(
                "credentials of {username:?} are not for device {device_id}"
            )),
            false,
        )
    }
}

fn constant_time_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
