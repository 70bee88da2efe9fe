//! A minimal HTTP/1.1 GET over one TCP connection, for Connection Requests: the ACS needs
//! nothing more than a status code and the challenge headers.

use std::time::Duration;

use bytes::Bytes;
use http::{Request, StatusCode, Uri, header};
use http_body_util::{BodyExt, Empty};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

#[derive(Debug)]
pub(crate) struct Answer {
    pub(crate) status: StatusCode,
    pub(crate) challenges: Vec<String>,
}

/// Host and port to connect to, and the request target, of an `http://` URL.
pub(crate) fn target(url: &str) -> Result<(String, u16, String), String> {
    let uri: Uri = url.parse().map_err(|e| format!("not a URL: {e}"))?;
    match uri.scheme_str() {
        Some("http") => {}
        Some(other) => {
            return Err(format!(
                "scheme {other} is not supported for Connection Requests"
            ));
        }
        None => return Err("the URL has no scheme".into()),
    }
    let host = uri.host().ok_or("the URL has no host")?;
    let host = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_owned();
    let port = uri.port_u16().unwrap_or(80);
    let path = uri
        .path_and_query()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "/".into());
    Ok((host, port, path))
}

pub(crate) async fn get(
    url: &str,
    authorization: Option<&str>,
    timeout: Duration,
) -> Result<Answer, String> {
    let (host, port, path) = target(url)?;
    let work = async {
        let stream = TcpStream::connect((host.as_str(), port))
            .await
            .map_err(|e| format!("cannot connect: {e}"))?;
        let _ = stream.set_nodelay(true);
        let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
            .await
            .map_err(|e| format!("HTTP handshake: {e}"))?;
        let driver = tokio::spawn(connection);
        let host_header = if url.contains('[') {
            format!("[{host}]:{port}")
        } else {
            format!("{host}:{port}")
        };
        let mut request = Request::get(path).header(header::HOST, host_header);
        if let Some(authorization) = authorization {
            request = request.header(header::AUTHORIZATION, authorization);
        }
        let request = request
            .body(Empty::<Bytes>::new())
            .map_err(|e| format!("cannot build the request: {e}"))?;
        let response = sender
            .send_request(request)
            .await
            .map_err(|e| format!("no answer: {e}"))?;
        let status = response.status();
        let challenges = response
            .headers()
            .get_all(header::WWW_AUTHENTICATE)
            .iter()
            .filter_map(|v| v.to_str().ok().map(str::to_owned))
            .collect();
        // The body is meant to be empty (3.2.2); read at most a little of it.
        let _ = tokio::time::timeout(Duration::from_secs(1), response.into_body().collect()).await;
        driver.abort();
        Ok(Answer { status, challenges })
    };
    tokio::time::timeout(timeout, work)
        .await
        .map_err(|_| format!("no answer within {} ms", timeout.as_millis()))?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_split_into_host_port_and_target() {
        assert_eq!(
            target("http://10.0.0.1:7547/cr?x=1").unwrap(),
            ("10.0.0.1".into(), 7547, "/cr?x=1".into())
        );
        assert_eq!(
            target("http://[::1]:30005/").unwrap(),
            ("::1".into(), 30005, "/".into())
        );
        assert_eq!(
            target("http://cpe.example/").unwrap(),
            ("cpe.example".into(), 80, "/".into())
        );
        assert!(
            target("https://cpe.example/")
                .unwrap_err()
                .contains("not supported")
        );
        assert!(target("no url at all").is_err());
    }
}
