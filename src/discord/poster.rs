//! Posting brief messages to Discord channels for the delivery engine, with failures sorted
//! into what the engine can act on (wait, back off, pause, give up).
//!
//! The request is serenity's own (its `CreateMessage` body, route, auth header and proxy
//! rewrite), but the response is read here rather than through `ChannelId::send_message`:
//! serenity turns a 429 into an error that has lost both the `Retry-After` header and the
//! body's `retry_after`, and the engine needs that wait. It also keeps serenity's rate limiter
//! out of the way, which would otherwise sleep and retry a 429 without a cap; the engine holds
//! its own global limit.

use std::sync::Arc;
use std::time::Duration;

use reqwest::header::HeaderMap;
use serde_json::Value;
use serenity::all::{ChannelId, Nonce};
use serenity::http::{Http, HttpBuilder, LightMethod, Request, Route};

use super::render;
use crate::delivery::clock::BoxFuture;
use crate::delivery::poster::{PostError, Poster};
use crate::reply::Message;

/// Used when a 429 says nothing about how long to wait.
const DEFAULT_RETRY_AFTER: Duration = Duration::from_secs(1);
/// A wait longer than this is Discord (or a proxy) misbehaving; waiting it out would stall
/// every delivery, so the engine gives up sooner and a later run tries again.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(600);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// serenity's Http as the bot builds it: through `api_base` when one is set (a proxy, or the
/// fake Discord in tests), which only works with serenity's rate limiter off, and with a
/// reqwest client that does not send loopback traffic through `HTTP_PROXY`.
pub fn build_http(token: &str, api_base: Option<&str>) -> Result<Http, reqwest::Error> {
    let mut http = HttpBuilder::new(token);
    if let Some(base) = api_base {
        http = http
            .proxy(base)
            .ratelimiter_disabled(true)
            .client(client(true)?);
    }
    Ok(http.build())
}

fn client(no_proxy: bool) -> Result<reqwest::Client, reqwest::Error> {
    let mut b = reqwest::Client::builder()
        .connect_timeout(CONNECT_TIMEOUT)
        .timeout(REQUEST_TIMEOUT);
    if no_proxy {
        b = b.no_proxy();
    }
    b.build()
}

/// Posts through serenity's Http (its token and proxy base).
pub struct DiscordPoster {
    http: Arc<Http>,
    client: reqwest::Client,
}

impl DiscordPoster {
    pub fn new(http: Arc<Http>) -> Result<DiscordPoster, reqwest::Error> {
        let client = client(http.proxy.is_some())?;
        Ok(DiscordPoster { http, client })
    }

    async fn send(
        &self,
        channel_id: u64,
        message: &Message,
        nonce: &str,
    ) -> Result<u64, PostError> {
        if channel_id == 0 {
            return Err(PostError::Rejected("channel id 0".into()));
        }
        // A 400 would lose the post; the reply layer already splits to fit, so this is a guard.
        message.check_limits().map_err(PostError::Rejected)?;
        let builder = render::channel_message(message)
            .nonce(Nonce::String(nonce.to_string()))
            .enforce_nonce(true);
        let body = serde_json::to_vec(&builder).map_err(|e| PostError::Rejected(e.to_string()))?;
        let request = Request::new(
            Route::ChannelMessages {
                channel_id: ChannelId::new(channel_id),
            },
            LightMethod::Post,
        )
        .body(Some(body))
        .build(&self.client, self.http.token(), self.http.proxy.as_deref())
        .map_err(|e| PostError::Rejected(e.to_string()))?;
        let response = request.send().await.map_err(|e| {
            PostError::Transient(if e.is_timeout() {
                format!("timed out: {e}")
            } else {
                e.to_string()
            })
        })?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        // A body that does not arrive leaves us not knowing whether the post happened: that
        // is transient, and the retry's nonce settles it.
        let bytes = response
            .bytes()
            .await
            .map_err(|e| PostError::Transient(e.to_string()))?;
        let body: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        if (200..300).contains(&status) {
            return message_id(&body).ok_or_else(|| {
                PostError::Transient(format!("Discord answered {status} without a message id"))
            });
        }
        Err(classify(status, &headers, &body))
    }
}

impl Poster for DiscordPoster {
    fn post<'a>(
        &'a self,
        channel_id: u64,
        message: &'a Message,
        nonce: &'a str,
    ) -> BoxFuture<'a, Result<u64, PostError>> {
        Box::pin(self.send(channel_id, message, nonce))
    }
}

fn message_id(body: &Value) -> Option<u64> {
    match body.get("id")? {
        Value::String(s) => s.parse().ok(),
        Value::Number(n) => n.as_u64(),
        _ => None,
    }
}

/// Sorts a failed response. `body` is Discord's JSON error (`message`, `code`, and for a 429
/// `retry_after` in seconds), or Null.
fn classify(status: u16, headers: &HeaderMap, body: &Value) -> PostError {
    let message = body
        .get("message")
        .and_then(Value::as_str)
        .map(str::to_string)
        .unwrap_or_else(|| format!("HTTP {status}"));
    match status {
        429 => PostError::RateLimited {
            retry_after: retry_after(headers, body),
        },
        403 => PostError::Forbidden(message),
        404 => PostError::NotFound(message),
        500..=599 => PostError::Transient(format!("{message} ({status})")),
        // 408 and 425 are worth another try; other 4xx will fail the same way again.
        408 | 425 => PostError::Transient(format!("{message} ({status})")),
        _ => {
            let code = body.get("code").and_then(Value::as_i64).unwrap_or(0);
            PostError::Rejected(format!("{message} ({status}, code {code})"))
        }
    }
}

/// The body's `retry_after` (seconds, fractional) is the most precise; then the
/// `X-RateLimit-Reset-After` and `Retry-After` headers.
fn retry_after(headers: &HeaderMap, body: &Value) -> Duration {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<f64>().ok())
    };
    let secs = body
        .get("retry_after")
        .and_then(Value::as_f64)
        .or_else(|| header("x-ratelimit-reset-after"))
        .or_else(|| header("retry-after"));
    match secs {
        Some(s) if s.is_finite() && s >= 0.0 => {
            Duration::from_secs_f64(s.min(MAX_RETRY_AFTER.as_secs_f64()))
        }
        _ => DEFAULT_RETRY_AFTER,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;
    use serde_json::json;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn failures_are_sorted_by_what_can_be_done_about_them() {
        let none = HeaderMap::new();
        let cases = [
            (
                403,
                json!({"message": "Missing Access", "code": 50001}),
                PostError::Forbidden("Missing Access".into()),
            ),
            (
                404,
                json!({"message": "Unknown Channel", "code": 10003}),
                PostError::NotFound("Unknown Channel".into()),
            ),
            (
                500,
                json!({"message": "500: Internal Server Error", "code": 0}),
                PostError::Transient("500: Internal Server Error (500)".into()),
            ),
            (
                502,
                Value::Null,
                PostError::Transient("HTTP 502 (502)".into()),
            ),
            (
                400,
                json!({"message": "Invalid Form Body", "code": 50035}),
                PostError::Rejected("Invalid Form Body (400, code 50035)".into()),
            ),
            (
                401,
                json!({"message": "401: Unauthorized", "code": 0}),
                PostError::Rejected("401: Unauthorized (401, code 0)".into()),
            ),
        ];
        for (status, body, want) in cases {
            assert_eq!(classify(status, &none, &body), want, "{status}");
        }
    }

    #[test]
    fn a_429_waits_as_long_as_discord_says() {
        let body =
            json!({"message": "You are being rate limited.", "retry_after": 0.25, "global": false});
        let h = headers(&[("retry-after", "1"), ("x-ratelimit-reset-after", "0.300")]);
        assert_eq!(
            classify(429, &h, &body),
            PostError::RateLimited {
                retry_after: Duration::from_millis(250)
            }
        );
        assert_eq!(retry_after(&h, &Value::Null), Duration::from_millis(300));
        assert_eq!(
            retry_after(&headers(&[("retry-after", "2")]), &Value::Null),
            Duration::from_secs(2)
        );
        assert_eq!(
            retry_after(&HeaderMap::new(), &Value::Null),
            DEFAULT_RETRY_AFTER
        );
        assert_eq!(
            retry_after(&HeaderMap::new(), &json!({"retry_after": 1e9})),
            MAX_RETRY_AFTER
        );
    }

    #[test]
    fn message_ids_are_read_from_strings_or_numbers() {
        assert_eq!(message_id(&json!({"id": "1234"})), Some(1234));
        assert_eq!(message_id(&json!({"id": 99})), Some(99));
        assert_eq!(message_id(&json!({})), None);
    }
}
