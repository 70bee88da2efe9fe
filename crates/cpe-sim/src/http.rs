//! The CPE's HTTP side of a session: one TCP connection, cookies kept for the session
//! (TR-069 3.4.5), and answers to the ACS's authentication challenges.

use std::time::Duration;

use bytes::Bytes;
use http::{Request, StatusCode, header};
use http_body_util::{BodyExt, Full};
use httpauth::{Challenge, DigestAuthorization};
use hyper::client::conn::http1::SendRequest;
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

#[derive(Debug)]
pub struct HttpAnswer {
    pub status: StatusCode,
    pub body: Bytes,
    pub retry_after: Option<u64>,
}

/// The ACS's URL split for the client.
#[derive(Debug, Clone)]
pub struct AcsTarget {
    pub host: String,
    pub port: u16,
    pub path: String,
}

impl AcsTarget {
    pub fn parse(url: &str) -> Result<Self, String> {
        let uri: http::Uri = url
            .parse()
            .map_err(|e| format!("{url:?} is not a URL: {e}"))?;
        if uri.scheme_str() != Some("http") {
            return Err(format!("{url:?}: the simulator speaks plain http only"));
        }
        Ok(AcsTarget {
            host: uri
                .host()
                .ok_or("the URL has no host")?
                .trim_matches(['[', ']'])
                .to_owned(),
            port: uri.port_u16().unwrap_or(80),
            path: uri
                .path_and_query()
                .map(|p| p.as_str().to_owned())
                .unwrap_or_else(|| "/".into()),
        })
    }
}

#[derive(Debug, Clone)]
pub struct Credentials {
    pub username: String,
    pub password: String,
}

/// One CWMP session's HTTP connection.
#[derive(Debug)]
pub struct SessionConnection {
    sender: SendRequest<Full<Bytes>>,
    driver: tokio::task::JoinHandle<()>,
    target: AcsTarget,
    cookies: Vec<String>,
    credentials: Option<Credentials>,
    challenge: Option<Challenge>,
    basic: bool,
    nc: u32,
    timeout: Duration,
}

impl Drop for SessionConnection {
    fn drop(&mut self) {
        self.driver.abort();
    }
}

impl SessionConnection {
    pub async fn open(
        target: &AcsTarget,
        credentials: Option<Credentials>,
        timeout: Duration,
    ) -> Result<Self, String> {
        let stream = tokio::time::timeout(
            timeout,
            TcpStream::connect((target.host.as_str(), target.port)),
        )
        .await
        .map_err(|_| "connect timed out".to_string())?
        .map_err(|e| format!("cannot connect to the ACS: {e}"))?;
        let _ = stream.set_nodelay(true);
        let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
            .await
            .map_err(|e| format!("HTTP handshake: {e}"))?;
        let driver = tokio::spawn(async move {
            let _ = connection.await;
        });
        Ok(SessionConnection {
            sender,
            driver,
            target: target.clone(),
            cookies: Vec::new(),
            credentials,
            challenge: None,
            basic: false,
            nc: 0,
            timeout,
        })
    }

    fn authorization(&mut self) -> Option<String> {
        let credentials = self.credentials.as_ref()?;
        if self.basic {
            return Some(httpauth::basic_authorization(
                &credentials.username,
                &credentials.password,
            ));
        }
        let challenge = self.challenge.as_ref()?;
        self.nc += 1;
        Some(
            DigestAuthorization::answer(
                challenge,
                &credentials.username,
                &credentials.password,
                "POST",
                &self.target.path,
                self.nc,
            )
            .to_header_value(),
        )
    }

    async fn send_once(&mut self, body: &Bytes) -> Result<(HttpAnswer, Vec<String>), String> {
        let mut request = Request::post(self.target.path.as_str()).header(
            header::HOST,
            format!("{}:{}", self.target.host, self.target.port),
        );
        if body.is_empty() {
            // 3.4.1: an empty POST carries neither SOAPAction nor Content-Type.
        } else {
            request = request
                .header(header::CONTENT_TYPE, "text/xml; charset=\"utf-8\"")
                .header("SOAPAction", "");
        }
        if !self.cookies.is_empty() {
            request = request.header(header::COOKIE, self.cookies.join("; "));
        }
        if let Some(authorization) = self.authorization() {
            request = request.header(header::AUTHORIZATION, authorization);
        }
        let request = request
            .body(Full::new(body.clone()))
            .map_err(|e| format!("cannot build the request: {e}"))?;
        let exchange = async {
            self.sender
                .ready()
                .await
                .map_err(|e| format!("connection lost: {e}"))?;
            let response = self
                .sender
                .send_request(request)
                .await
                .map_err(|e| format!("no answer: {e}"))?;
            let status = response.status();
            let headers = response.headers().clone();
            let body = response
                .into_body()
                .collect()
                .await
                .map_err(|e| format!("answer cut short: {e}"))?
                .to_bytes();
            Ok::<_, String>((status, headers, body))
        };
        let (status, headers, body) = tokio::time::timeout(self.timeout, exchange)
            .await
            .map_err(|_| "the ACS did not answer in time".to_string())??;
        for cookie in headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
        {
            let pair = cookie.split(';').next().unwrap_or("").trim().to_owned();
            let name = pair.split('=').next().unwrap_or("").to_owned();
            self.cookies
                .retain(|c| c.split('=').next() != Some(name.as_str()));
            self.cookies.push(pair);
        }
        let challenges = headers
            .get_all(header::WWW_AUTHENTICATE)
            .iter()
            .filter_map(|v| v.to_str().ok().map(str::to_owned))
            .collect();
        let retry_after = headers
            .get(header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok());
        Ok((
            HttpAnswer {
                status,
                body,
                retry_after,
            },
            challenges,
        ))
    }

    /// POSTs `body` (empty for the empty POST); answers one authentication challenge.
    pub async fn post(&mut self, body: Bytes) -> Result<HttpAnswer, String> {
        let (answer, challenges) = self.send_once(&body).await?;
        if answer.status != StatusCode::UNAUTHORIZED || self.credentials.is_none() {
            return Ok(answer);
        }
        let values: Vec<&str> = challenges.iter().map(String::as_str).collect();
        let had_challenge = self.challenge.is_some() || self.basic;
        match Challenge::best(Challenge::parse_all(&values)) {
            Some(challenge) => {
                // A stale nonce is not a refusal (RFC 7616 3.3): answer the new one.
                if had_challenge && !challenge.stale {
                    return Ok(answer);
                }
                self.challenge = Some(challenge);
                self.nc = 0;
            }
            None if values
                .iter()
                .any(|v| v.trim_start().to_ascii_lowercase().starts_with("basic")) =>
            {
                if had_challenge {
                    return Ok(answer);
                }
                self.basic = true;
            }
            None => return Ok(answer),
        }
        let (answer, _) = self.send_once(&body).await?;
        Ok(answer)
    }
}
