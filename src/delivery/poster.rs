//! The one thing the delivery engine needs from a chat platform: post a message to a channel
//! and say, in platform-neutral terms, why it failed. `discord::poster` implements it for
//! Discord; tests can implement it however they like.

use std::time::Duration;

use sha2::{Digest, Sha256};

use super::clock::BoxFuture;
use crate::reply::Message;

pub trait Poster: Send + Sync {
    /// Posts `message` to `channel_id` and returns the new message's id. The platform must
    /// treat a repeated `nonce` in the same channel as the same message (Discord's
    /// `enforce_nonce`), so retrying with the same nonce cannot post twice.
    fn post<'a>(
        &'a self,
        channel_id: u64,
        message: &'a Message,
        nonce: &'a str,
    ) -> BoxFuture<'a, Result<u64, PostError>>;
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PostError {
    /// 429: wait this long, then the same request may succeed.
    #[error("rate limited, retry after {retry_after:?}")]
    RateLimited { retry_after: Duration },
    /// 403: the bot may not see or post in the channel; retrying only counts against the
    /// invalid-request limit.
    #[error("{0} (403)")]
    Forbidden(String),
    /// 404: the channel is gone.
    #[error("{0} (404)")]
    NotFound(String),
    /// 5xx, a timeout or a dropped connection: the post may or may not have happened.
    #[error("temporary failure: {0}")]
    Transient(String),
    /// Any other 4xx: the request itself is wrong and will fail the same way again.
    #[error("rejected: {0}")]
    Rejected(String),
}

/// The nonce for part `part` of delivery `key`: the same on every attempt and after a restart,
/// so Discord drops a post that already happened. 25 hex characters (Discord's nonce limit).
pub fn nonce(key: &str, part: &str) -> String {
    let mut h = Sha256::new();
    h.update(key.as_bytes());
    h.update([0]);
    h.update(part.as_bytes());
    let hex: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
    hex[..25].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nonces_are_stable_short_and_distinct() {
        let a = nonce("b/2025-09-05-x/7", "0");
        assert_eq!(a.len(), 25);
        assert_eq!(a, nonce("b/2025-09-05-x/7", "0"));
        assert_ne!(a, nonce("b/2025-09-05-x/7", "1"));
        assert_ne!(a, nonce("b/2025-09-05-x/8", "0"));
    }
}
