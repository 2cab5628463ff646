//! Opt-in enforcement of Discord's rate limits in the fake: a global limit per second over
//! every bot request and a per-channel bucket on `POST /channels/{id}/messages`, answered
//! with the 429s Discord sends (body `retry_after` and `global`, `Retry-After` and
//! `X-RateLimit-*` headers). Off unless a test calls [`FakeDiscord::enforce_rate_limits`], so
//! every existing test sees the unlimited fake it was written against.
//!
//! Both limits are sliding windows, which is stricter than Discord's buckets (they reset at
//! a fixed time): a client that stays within them here stays within them on Discord.

use std::collections::VecDeque;

use super::rest::Answer;
use super::*;

/// The limits to enforce. [`RateLimits::discord`] is what Discord documents for a bot.
#[derive(Clone, Debug)]
pub struct RateLimits {
    /// Requests per second over the whole bot (interaction callbacks and interaction webhooks
    /// are exempt, as on Discord).
    pub global_per_sec: usize,
    /// Messages one channel accepts per `channel_window`.
    pub channel_posts: usize,
    pub channel_window: Duration,
}

impl RateLimits {
    /// 50 requests a second, 5 messages per 5 seconds per channel.
    pub fn discord() -> Self {
        RateLimits {
            global_per_sec: 50,
            channel_posts: 5,
            channel_window: Duration::from_secs(5),
        }
    }
}

/// What the enforcement did so far.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RateLimitStats {
    /// Requests that counted against the limits and got through.
    pub admitted: usize,
    /// 429s for the global limit (`global: true`).
    pub global_429: usize,
    /// 429s for a channel's message bucket.
    pub channel_429: usize,
}

impl RateLimitStats {
    pub fn total_429(&self) -> usize {
        self.global_429 + self.channel_429
    }
}

pub(super) struct Enforcer {
    limits: RateLimits,
    global: VecDeque<Instant>,
    channels: HashMap<u64, VecDeque<Instant>>,
    stats: RateLimitStats,
}

impl Enforcer {
    pub(super) fn new(limits: RateLimits) -> Enforcer {
        Enforcer {
            limits,
            global: VecDeque::new(),
            channels: HashMap::new(),
            stats: RateLimitStats::default(),
        }
    }

    pub(super) fn stats(&self) -> RateLimitStats {
        self.stats.clone()
    }
}

/// What the limits say about a request arriving now.
pub(super) enum Admission {
    /// Not limited; these headers describe the bucket it used (may be empty).
    Pass(Vec<(String, String)>),
    Reject(Answer),
}

/// Counts `method route` (route without `/api/v10`) against the limits, if enforced.
pub(super) fn admit(st: &mut State, method: &str, route: &str) -> Admission {
    let Some(enf) = st.rate_limits.as_mut() else {
        return Admission::Pass(Vec::new());
    };
    let segs = segments(route);
    if matches!(segs.as_slice(), ["interactions", ..] | ["webhooks", ..]) {
        return Admission::Pass(Vec::new());
    }
    let now = Instant::now();
    let second = Duration::from_secs(1);
    while enf
        .global
        .front()
        .is_some_and(|t| now.duration_since(*t) >= second)
    {
        enf.global.pop_front();
    }
    if enf.global.len() >= enf.limits.global_per_sec {
        let wait = second.saturating_sub(now.duration_since(enf.global[0]));
        enf.stats.global_429 += 1;
        return Admission::Reject(too_many(wait, true, None));
    }
    // A request that got past the global limit used it, whatever its route answers.
    enf.global.push_back(now);

    let channel = match (method, segs.as_slice()) {
        ("POST", ["channels", id, "messages"]) => id.parse::<u64>().ok(),
        _ => None,
    };
    let Some(channel) = channel else {
        enf.stats.admitted += 1;
        return Admission::Pass(Vec::new());
    };
    let window = enf.limits.channel_window;
    let limit = enf.limits.channel_posts;
    let bucket = enf.channels.entry(channel).or_default();
    while bucket
        .front()
        .is_some_and(|t| now.duration_since(*t) >= window)
    {
        bucket.pop_front();
    }
    let bucket_id = format!("fake-channel-messages-{channel}");
    if bucket.len() >= limit {
        let wait = window.saturating_sub(now.duration_since(bucket[0]));
        enf.stats.channel_429 += 1;
        return Admission::Reject(too_many(wait, false, Some((&bucket_id, limit))));
    }
    bucket.push_back(now);
    let reset_after = window.saturating_sub(now.duration_since(bucket[0]));
    let remaining = limit - bucket.len();
    enf.stats.admitted += 1;
    Admission::Pass(bucket_headers(&bucket_id, limit, remaining, reset_after))
}

fn bucket_headers(
    bucket: &str,
    limit: usize,
    remaining: usize,
    reset_after: Duration,
) -> Vec<(String, String)> {
    let reset_at = SystemTime::now() + reset_after;
    let reset_epoch = reset_at
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or(0.0);
    vec![
        ("x-ratelimit-limit".into(), limit.to_string()),
        ("x-ratelimit-remaining".into(), remaining.to_string()),
        ("x-ratelimit-reset".into(), format!("{reset_epoch:.3}")),
        (
            "x-ratelimit-reset-after".into(),
            format!("{:.3}", reset_after.as_secs_f64()),
        ),
        ("x-ratelimit-bucket".into(), bucket.to_string()),
    ]
}

/// Discord's 429: the precise wait in the body, whole seconds (rounded up) in `Retry-After`.
fn too_many(wait: Duration, global: bool, bucket: Option<(&str, usize)>) -> Answer {
    let secs = wait.as_secs_f64();
    let mut headers = vec![(
        "retry-after".to_string(),
        format!("{}", secs.ceil().max(1.0) as u64),
    )];
    if global {
        headers.push(("x-ratelimit-global".into(), "true".into()));
        headers.push(("x-ratelimit-scope".into(), "global".into()));
    } else {
        headers.push(("x-ratelimit-scope".into(), "user".into()));
    }
    if let Some((id, limit)) = bucket {
        headers.extend(bucket_headers(id, limit, 0, wait));
    }
    let mut answer = Answer::json(
        429,
        json!({
            "message": "You are being rate limited.",
            "retry_after": (secs * 1000.0).ceil() / 1000.0,
            "global": global,
        }),
    );
    answer.headers = headers;
    answer
}

impl FakeDiscord {
    /// Enforces `limits` on every later request (replacing any earlier limits and counts).
    pub fn enforce_rate_limits(&self, limits: RateLimits) {
        self.inner.lock().rate_limits = Some(Enforcer::new(limits));
    }

    /// What the enforcement counted; all zero when limits are not enforced.
    pub fn rate_limit_stats(&self) -> RateLimitStats {
        self.inner
            .lock()
            .rate_limits
            .as_ref()
            .map(Enforcer::stats)
            .unwrap_or_default()
    }
}
