//! The HTTP binding (TS-0009): an HTTP request → a request primitive, a response primitive →
//! an HTTP response. No I/O here.

use bytes::Bytes;
use http::header::{self, HeaderMap, HeaderValue};
use http::{Method, StatusCode};
use onem2m::Rsc;
use onem2m::filter::parse_query;
use serde_json::Value;

use crate::error::CseError;
use crate::primitive::{Operation, Request, Response};

/// The JSON media types the binding speaks (TS-0009 6.4.x, TS-0004 6.7).
const JSON: &str = "application/json";
const ONEM2M_JSON: &str = "application/vnd.onem2m-res+json";

/// What the HTTP layer keeps about a request to shape its answer.
#[derive(Debug, Clone, Default)]
pub(crate) struct Echo {
    pub(crate) rqi: Option<String>,
    pub(crate) rvi: Option<String>,
    /// The JSON media type to answer with.
    pub(crate) media_type: &'static str,
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty())
}

/// `application/json;ty=4` → ("application/json", Some("4")).
fn media_type_and_ty(value: &str) -> (String, Option<&str>) {
    let mut parts = value.split(';');
    let media = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
    let ty = parts
        .map(str::trim)
        .find_map(|p| p.strip_prefix("ty=").or_else(|| p.strip_prefix("TY=")));
    (media, ty)
}

fn accepts_json(accept: &str) -> Option<&'static str> {
    let mut answer = None;
    for item in accept.split(',') {
        let media = item
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        match media.as_str() {
            ONEM2M_JSON => return Some(ONEM2M_JSON),
            JSON | "*/*" | "application/*" => answer = Some(JSON),
            _ => {}
        }
    }
    answer
}

/// Builds the request primitive, or the error to answer with at once.
pub(crate) fn request(
    method: &Method,
    path_and_query: (&str, Option<&str>),
    headers: &HeaderMap,
    body: &Bytes,
) -> (Echo, Result<Request, CseError>) {
    let mut echo = Echo {
        rqi: header(headers, "X-M2M-RI").map(str::to_string),
        rvi: header(headers, "X-M2M-RVI").map(str::to_string),
        media_type: JSON,
    };
    let content_type = header(headers, "content-type").map(media_type_and_ty);
    if let Some((media, _)) = &content_type
        && media == ONEM2M_JSON
    {
        echo.media_type = ONEM2M_JSON;
    }
    if let Some(accept) = header(headers, "accept") {
        match accepts_json(accept) {
            Some(media) => echo.media_type = media,
            None => {
                let err = CseError::new(
                    Rsc::NotAcceptable,
                    format!("this CSE answers in JSON only; Accept `{accept}` excludes it"),
                );
                return (echo, Err(err));
            }
        }
    }
    let result = build(method, path_and_query, headers, body, content_type);
    (echo, result)
}

fn build(
    method: &Method,
    (path, query): (&str, Option<&str>),
    headers: &HeaderMap,
    body: &Bytes,
    content_type: Option<(String, Option<&str>)>,
) -> Result<Request, CseError> {
    let ty = match content_type.as_ref().and_then(|(_, ty)| *ty) {
        Some(ty) => Some(ty.parse::<u32>().map_err(|_| {
            CseError::bad_request(format!("`ty={ty}` in Content-Type is not a number"))
        })?),
        None => None,
    };
    let op = match *method {
        Method::GET => Operation::Retrieve,
        Method::PUT => Operation::Update,
        Method::DELETE => Operation::Delete,
        Method::POST if ty.is_some() => Operation::Create,
        Method::POST => Operation::Notify,
        _ => {
            return Err(CseError::not_allowed(format!(
                "HTTP {method} maps to no oneM2M operation"
            )));
        }
    };
    let rqi = header(headers, "X-M2M-RI")
        .ok_or_else(|| CseError::bad_request("the request identifier (X-M2M-RI) is missing"))?
        .to_string();
    let to = percent_encoding::percent_decode_str(path.trim_start_matches('/'))
        .decode_utf8()
        .map_err(|_| CseError::bad_request("the request path is not valid UTF-8"))?
        .into_owned();
    let query =
        parse_query(query.unwrap_or_default()).map_err(|e| CseError::bad_request(e.to_string()))?;
    let content = if matches!(
        op,
        Operation::Create | Operation::Update | Operation::Notify
    ) {
        if body.is_empty() {
            None
        } else {
            match &content_type {
                Some((media, _)) if media == JSON || media == ONEM2M_JSON => {}
                Some((media, _)) => {
                    return Err(CseError::new(
                        Rsc::UnsupportedMediaType,
                        format!(
                            "`{media}` is not supported; send application/json or application/vnd.onem2m-res+json"
                        ),
                    ));
                }
                None => {
                    return Err(CseError::new(
                        Rsc::UnsupportedMediaType,
                        "the body has no Content-Type; send application/json",
                    ));
                }
            }
            Some(
                serde_json::from_slice::<Value>(body).map_err(|e| {
                    CseError::bad_request(format!("the body is not valid JSON: {e}"))
                })?,
            )
        }
    } else {
        None
    };
    let mut request = Request::new(op, to, header(headers, "X-M2M-Origin"));
    request.rqi = rqi;
    request.rvi = header(headers, "X-M2M-RVI").map(str::to_string);
    request.ty = ty;
    request.content = content;
    request.query = query;
    request.rtu = header(headers, "X-M2M-RTU")
        .map(|v| {
            v.split('&')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    request.originating_timestamp = header(headers, "X-M2M-OT").map(str::to_string);
    request.request_expiration = header(headers, "X-M2M-RET").map(str::to_string);
    request.result_expiration = header(headers, "X-M2M-RST").map(str::to_string);
    request.operation_execution_time = header(headers, "X-M2M-OET").map(str::to_string);
    request.event_category = header(headers, "X-M2M-EC").map(str::to_string);
    Ok(request)
}

/// The HTTP answer for a response primitive.
pub(crate) fn response(
    echo: &Echo,
    response: &Response,
) -> http::Response<http_body_util::Full<Bytes>> {
    let status = StatusCode::from_u16(response.rsc.http_status())
        .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = response
        .content
        .as_ref()
        .map(|c| Bytes::from(serde_json::to_vec(c).unwrap_or_default()))
        .unwrap_or_default();
    let mut out = http::Response::new(http_body_util::Full::new(body.clone()));
    *out.status_mut() = status;
    let h = out.headers_mut();
    h.insert("X-M2M-RSC", HeaderValue::from(response.rsc.code()));
    let rqi = if response.rqi.is_empty() {
        echo.rqi.as_deref()
    } else {
        Some(response.rqi.as_str())
    };
    if let Some(rqi) = rqi.and_then(|r| HeaderValue::from_str(r).ok()) {
        h.insert("X-M2M-RI", rqi);
    }
    let rvi = echo
        .rvi
        .as_deref()
        .filter(|v| crate::engine::SUPPORTED_RELEASES.contains(v))
        .unwrap_or("3");
    h.insert(
        "X-M2M-RVI",
        HeaderValue::from_static(match rvi {
            "2a" => "2a",
            "4" => "4",
            "5" => "5",
            _ => "3",
        }),
    );
    if let Ok(ot) = HeaderValue::from_str(&crate::time::format(crate::time::now_ms())) {
        h.insert("X-M2M-OT", ot);
    }
    if let Some(location) = response
        .location
        .as_deref()
        .and_then(|l| HeaderValue::from_str(l).ok())
    {
        h.insert(header::CONTENT_LOCATION, location);
    }
    if !body.is_empty() {
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(echo.media_type),
        );
    }
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(body.len()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types() {
        assert_eq!(
            media_type_and_ty("application/json;ty=4"),
            ("application/json".into(), Some("4"))
        );
        assert_eq!(
            media_type_and_ty("application/vnd.onem2m-res+json; ty=14"),
            (ONEM2M_JSON.into(), Some("14"))
        );
        assert_eq!(
            media_type_and_ty("application/json"),
            ("application/json".into(), None)
        );
        assert_eq!(accepts_json("application/xml"), None);
        assert_eq!(accepts_json("application/xml, */*;q=0.1"), Some(JSON));
        assert_eq!(
            accepts_json("application/vnd.onem2m-res+json"),
            Some(ONEM2M_JSON)
        );
    }
}
