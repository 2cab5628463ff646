//! A fake Discord for integration tests: a REST server and a websocket gateway, both bound to
//! 127.0.0.1 only, that speak enough of Discord's API v10 for serenity 0.12.5 to run a bot
//! against them.
//!
//! The bot reaches the REST side through `DISCORD_API_BASE` (serenity's `HttpBuilder::proxy`
//! with `ratelimiter_disabled(true)`), so requests arrive as `{api_base}/api/v10/...`. The
//! gateway URL is handed out by `GET /api/v10/gateway`.
//!
//! Everything the bot sends is recorded so tests can assert on it; failures can be scripted per
//! route or per channel. Where Discord rejects a request (message limits, a second
//! acknowledgement of an interaction, an unknown interaction token, a malformed command
//! definition) the fake rejects it the same way, so a test fails where production would.
//!
//! ```text
//! let fake = FakeDiscord::start_with(FakeConfig { guild_ids: vec![GUILD_ID], ..Default::default() }).await;
//! // start the bot with DISCORD_API_BASE = fake.api_base(), or build an Http with fake.serenity_http()
//! fake.wait_ready_sent(Duration::from_secs(5)).await;
//! let sent = fake.send_interaction(interactions::slash("brief", json!([sub("latest", json!([]))]), Who::Plain));
//! let calls = fake.wait_for_callbacks(sent.id, 1, Duration::from_secs(5)).await;
//! assert_eq!(calls[0].json()["type"], json!(4));
//! ```
//!
//! Layout: this file holds the public handle and shared state; `rest.rs` the HTTP side,
//! `commands.rs` the command registry, `gateway.rs` the websocket side.

use std::collections::HashMap;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use futures_util::{SinkExt, StreamExt};
use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use serde_json::{json, Map, Value};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;
use tokio_tungstenite::tungstenite::handshake::server::{
    Request as WsRequest, Response as WsResponse,
};
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::frame::CloseFrame;
use tokio_tungstenite::tungstenite::Message as WsMessage;

mod commands;
mod gateway;
mod ratelimit;
mod rest;

use commands::normalize_command;
pub use gateway::guild_create_payload;
use gateway::{gateway_accept_loop, push_dispatch};
pub use ratelimit::{RateLimitStats, RateLimits};
use rest::{msg_id, rest_accept_loop, snowflake_field};

/// The application (and so the bot's) id the fake reports everywhere.
pub const APPLICATION_ID: u64 = 1_000_000_000_000_000_001;
/// The bot user's id; Discord gives the bot user the application's id, but keeping them apart
/// catches code that mixes the two up.
pub const BOT_USER_ID: u64 = 1_000_000_000_000_000_002;
/// The token tests hand to the bot; the fake accepts any token unless told otherwise.
pub const TEST_TOKEN: &str = "fake-token";

/// MANAGE_GUILD, as Discord counts permission bits.
pub const MANAGE_GUILD: u64 = 1 << 5;
/// ADMINISTRATOR.
pub const ADMINISTRATOR: u64 = 1 << 3;

/// Intents Discord refuses (close code 4014) unless enabled in the developer portal.
const PRIVILEGED_INTENTS: u64 = (1 << 1) | (1 << 8) | (1 << 15);

// ---------------------------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------------------------

/// What to do when a client sends RESUME (op 6).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResumePolicy {
    /// Replay the dispatches the client missed, then send RESUMED, as Discord does.
    Accept,
    /// Answer op 9 (invalid session, not resumable): the client must IDENTIFY again. serenity
    /// then restarts the shard, which waits up to 5 s between IDENTIFYs.
    Invalidate,
}

/// Knobs for [`FakeDiscord::start_with`]. `Default` is a plain guild bot on one shard.
#[derive(Clone, Debug)]
pub struct FakeConfig {
    /// Guilds the bot is in: listed in READY (unavailable) and, if `send_guild_create`, sent as
    /// GUILD_CREATE right after it.
    pub guild_ids: Vec<u64>,
    /// HELLO's `heartbeat_interval` in milliseconds. Discord uses 41250; a small value makes
    /// serenity heartbeat within a short test.
    pub heartbeat_interval_ms: u64,
    pub send_guild_create: bool,
    pub resume_policy: ResumePolicy,
    /// If set, IDENTIFY/RESUME and REST calls with another token fail as Discord fails them
    /// (close 4004 on the gateway, 401 on REST). `Bot ` prefixes are ignored when comparing.
    pub expected_token: Option<String>,
    /// Whether privileged intents (GUILD_MEMBERS, GUILD_PRESENCES, MESSAGE_CONTENT) are enabled
    /// for the application. When false, an IDENTIFY asking for them is closed with 4014.
    pub privileged_intents_enabled: bool,
    /// Reject message bodies that break Discord's limits with 400 / 50035, as Discord does.
    pub validate_limits: bool,
    /// Treat interaction callbacks and webhook calls like Discord: unknown or expired tokens,
    /// double acknowledgements and wrong response types are errors. Turn off to post callbacks
    /// for interactions the fake never dispatched.
    pub strict_interactions: bool,
    /// How long after dispatch an interaction may still get its first callback (Discord: 3 s).
    pub interaction_deadline: Duration,
    /// Creates allowed per scope before 429 / 30034 (Discord: 200 per day).
    pub daily_command_create_limit: u32,
    /// `shards` in `GET /gateway/bot`.
    pub shards: u32,
}

impl Default for FakeConfig {
    fn default() -> Self {
        FakeConfig {
            guild_ids: Vec::new(),
            heartbeat_interval_ms: 41_250,
            send_guild_create: true,
            resume_policy: ResumePolicy::Accept,
            expected_token: None,
            privileged_intents_enabled: false,
            validate_limits: true,
            strict_interactions: true,
            interaction_deadline: Duration::from_secs(3),
            daily_command_create_limit: 200,
            shards: 1,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Public record types
// ---------------------------------------------------------------------------------------------

/// One REST request as the fake saw it, with the answer it gave.
#[derive(Clone, Debug)]
pub struct Recorded {
    /// Arrival order, starting at 0.
    pub seq: usize,
    pub method: String,
    /// Full path, e.g. `/api/v10/channels/5/messages`.
    pub path: String,
    /// Path without the `/api/v10` prefix, e.g. `/channels/5/messages`.
    pub route: String,
    pub query: Option<String>,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
    /// The JSON body; for multipart uploads, the `payload_json` part.
    pub body: Option<Value>,
    pub raw_body: String,
    pub status: u16,
    pub response: Option<Value>,
    pub at: Instant,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Whether this request matches a route pattern such as `"POST /channels/*/messages"`.
    /// See [`route_matches`].
    pub fn matches(&self, pattern: &str) -> bool {
        route_matches(pattern, &self.method, &self.route)
    }

    /// The body, or `Value::Null` when there was none.
    pub fn json(&self) -> Value {
        self.body.clone().unwrap_or(Value::Null)
    }
}

/// A canned answer for a scripted failure (any status works, even a 200 with a custom body).
#[derive(Clone, Debug)]
pub struct Failure {
    pub status: u16,
    pub body: Value,
    pub headers: Vec<(String, String)>,
}

impl Failure {
    pub fn new(status: u16, body: Value) -> Self {
        Failure {
            status,
            body,
            headers: Vec::new(),
        }
    }

    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    /// Discord's JSON error body: `{"message": ..., "code": ...}`.
    pub fn discord(status: u16, code: i64, message: &str) -> Self {
        Failure::new(status, json!({ "message": message, "code": code }))
    }

    /// 403 / 50001: the bot cannot see the channel.
    pub fn missing_access() -> Self {
        Failure::discord(403, 50001, "Missing Access")
    }

    /// 403 / 50013: the bot sees the channel but lacks e.g. SEND_MESSAGES or EMBED_LINKS.
    pub fn missing_permissions() -> Self {
        Failure::discord(403, 50013, "Missing Permissions")
    }

    /// 404 / 10003: the channel was deleted.
    pub fn unknown_channel() -> Self {
        Failure::discord(404, 10003, "Unknown Channel")
    }

    /// 404 / 10062: the interaction token expired or never existed.
    pub fn unknown_interaction() -> Self {
        Failure::discord(404, 10062, "Unknown interaction")
    }

    /// 401: the token is wrong.
    pub fn unauthorized() -> Self {
        Failure::discord(401, 0, "401: Unauthorized")
    }

    /// 429 with the body and headers Discord sends for a per-route limit. Note that the body has
    /// no `code`, so serenity cannot decode it into its error type (it reports code -1).
    pub fn rate_limited(retry_after_secs: f64) -> Self {
        Failure::new(
            429,
            json!({
                "message": "You are being rate limited.",
                "retry_after": retry_after_secs,
                "global": false,
            }),
        )
        .with_header(
            "retry-after",
            &format!("{}", retry_after_secs.ceil().max(1.0) as u64),
        )
        .with_header("x-ratelimit-reset-after", &format!("{retry_after_secs:.3}"))
        .with_header("x-ratelimit-scope", "user")
    }

    /// 500 with Discord's generic body.
    pub fn server_error() -> Self {
        Failure::discord(500, 0, "500: Internal Server Error")
    }
}

/// Where application commands live.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scope {
    Global,
    Guild(u64),
}

/// Counters for one command scope, so tests can check that registration is idempotent.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CommandStats {
    pub gets: usize,
    /// Bulk overwrites (`PUT .../commands`).
    pub overwrites: usize,
    /// Single creates (`POST .../commands`), whether they made a new command or not.
    pub posts: usize,
    pub patches: usize,
    pub deletes: usize,
    /// Commands that did not exist before (what Discord's 200-per-day limit counts).
    pub created: usize,
    /// Existing commands whose definition changed.
    pub updated: usize,
    /// Commands removed by DELETE or left out of an overwrite.
    pub removed: usize,
}

impl CommandStats {
    /// Requests that changed, or could have changed, the registry.
    pub fn writes(&self) -> usize {
        self.overwrites + self.posts + self.patches + self.deletes
    }
}

/// The handle an interaction was dispatched with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InteractionRef {
    pub id: u64,
    pub token: String,
}

/// Something that happened on the gateway, in order.
#[derive(Clone, Debug)]
pub enum GatewayRecord {
    Connected {
        conn: u64,
        uri: String,
    },
    /// A frame the client sent.
    Received {
        conn: u64,
        payload: Value,
    },
    /// A frame the fake wrote to the socket.
    Sent {
        conn: u64,
        payload: Value,
    },
    /// The socket ended; `client_code` is the code of the client's close frame, if it sent one.
    Closed {
        conn: u64,
        client_code: Option<u16>,
        server_code: Option<u16>,
    },
}

/// How a gateway connection ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GatewayClose {
    pub conn: u64,
    /// The code of the client's close frame (serenity's shutdown sends 1000), if any.
    pub client_code: Option<u16>,
    /// The code of the fake's close frame, if the fake closed first.
    pub server_code: Option<u16>,
}

// ---------------------------------------------------------------------------------------------
// Internal state
// ---------------------------------------------------------------------------------------------

enum Outbound {
    Frame(Value),
    Close(u16, String),
}

struct Conn {
    tx: mpsc::UnboundedSender<Outbound>,
    session: Option<String>,
    open: bool,
    client_code: Option<u16>,
    server_code: Option<u16>,
}

struct Session {
    seq: u64,
    frames: Vec<Value>,
    conn: Option<u64>,
    shard: Value,
    valid: bool,
}

struct ScriptedFailure {
    pattern: String,
    failure: Failure,
    remaining: Option<usize>,
}

struct KnownInteraction {
    token: String,
    kind: u64,
    channel_id: u64,
    dispatched: Instant,
    acked: Option<u64>,
    original: Option<u64>,
    /// For component interactions: the message the button was on.
    source_message: Option<Value>,
}

struct StoredMessage {
    channel_id: u64,
    token: Option<String>,
    message: Value,
}

struct State {
    cfg: FakeConfig,
    requests: Vec<Recorded>,
    failures: Vec<ScriptedFailure>,
    channel_failures: HashMap<u64, Failure>,
    delays: Vec<(String, Duration)>,
    commands: HashMap<Scope, Vec<Value>>,
    command_stats: HashMap<Scope, CommandStats>,
    messages: Vec<StoredMessage>,
    interactions: HashMap<u64, KnownInteraction>,
    conns: HashMap<u64, Conn>,
    sessions: HashMap<String, Session>,
    gateway_log: Vec<GatewayRecord>,
    identifies: Vec<Value>,
    resumes: Vec<Value>,
    readies_sent: usize,
    resumed_sent: usize,
    heartbeats: usize,
    ack_heartbeats: bool,
    next_conn: u64,
    next_session: u64,
    warnings: Vec<String>,
    /// Discord's rate limits, when a test asked for them.
    rate_limits: Option<ratelimit::Enforcer>,
    /// When each INTERACTION_CREATE began to be written to a socket, for latency measurements.
    interactions_written: HashMap<u64, Instant>,
}

struct Inner {
    state: Mutex<State>,
    changed: watch::Sender<u64>,
    rest_addr: SocketAddr,
    gateway_addr: SocketAddr,
}

impl Inner {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A panicking test thread must not hide the state from the next assertion.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn bump(&self) {
        self.changed.send_modify(|v| *v += 1);
    }

    fn gateway_url(&self) -> String {
        format!("ws://{}", self.gateway_addr)
    }
}

static SNOWFLAKE_COUNTER: AtomicU64 = AtomicU64::new(0);

/// A fresh snowflake whose timestamp part is now, so serenity's `created_at` makes sense.
pub fn snowflake() -> u64 {
    const DISCORD_EPOCH_MS: u64 = 1_420_070_400_000;
    let ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0);
    let n = SNOWFLAKE_COUNTER.fetch_add(1, Ordering::Relaxed) & 0x3f_ffff;
    (ms.saturating_sub(DISCORD_EPOCH_MS) << 22) | n
}

fn now_timestamp() -> String {
    serenity::model::Timestamp::now().to_string()
}

// ---------------------------------------------------------------------------------------------
// The handle
// ---------------------------------------------------------------------------------------------

/// A running fake Discord. Dropping it stops accepting new connections.
pub struct FakeDiscord {
    inner: Arc<Inner>,
    tasks: Vec<JoinHandle<()>>,
}

impl Drop for FakeDiscord {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}

impl FakeDiscord {
    /// Starts with [`FakeConfig::default`].
    pub async fn start() -> FakeDiscord {
        FakeDiscord::start_with(FakeConfig::default()).await
    }

    pub async fn start_with(cfg: FakeConfig) -> FakeDiscord {
        let rest = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind fake REST on 127.0.0.1");
        let gateway = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind fake gateway on 127.0.0.1");
        let (changed, _) = watch::channel(0u64);
        let inner = Arc::new(Inner {
            state: Mutex::new(State {
                cfg,
                requests: Vec::new(),
                failures: Vec::new(),
                channel_failures: HashMap::new(),
                delays: Vec::new(),
                commands: HashMap::new(),
                command_stats: HashMap::new(),
                messages: Vec::new(),
                interactions: HashMap::new(),
                conns: HashMap::new(),
                sessions: HashMap::new(),
                gateway_log: Vec::new(),
                identifies: Vec::new(),
                resumes: Vec::new(),
                readies_sent: 0,
                resumed_sent: 0,
                heartbeats: 0,
                ack_heartbeats: true,
                next_conn: 0,
                next_session: 0,
                warnings: Vec::new(),
                rate_limits: None,
                interactions_written: HashMap::new(),
            }),
            changed,
            rest_addr: rest.local_addr().expect("REST address"),
            gateway_addr: gateway.local_addr().expect("gateway address"),
        });

        let rest_task = tokio::spawn(rest_accept_loop(Arc::clone(&inner), rest));
        let gateway_task = tokio::spawn(gateway_accept_loop(Arc::clone(&inner), gateway));
        FakeDiscord {
            inner,
            tasks: vec![rest_task, gateway_task],
        }
    }

    /// `http://127.0.0.1:PORT`: what the bot gets as `DISCORD_API_BASE`.
    pub fn api_base(&self) -> String {
        format!("http://{}", self.inner.rest_addr)
    }

    /// `ws://127.0.0.1:PORT`: what `GET /gateway` returns.
    pub fn gateway_url(&self) -> String {
        self.inner.gateway_url()
    }

    /// A serenity `Http` wired to this fake exactly as the bot must wire its own: a reqwest
    /// client that ignores `HTTP_PROXY`, `proxy(api_base)` and no serenity rate limiter
    /// (serenity's limiter would bypass the proxy and call discord.com).
    pub fn serenity_http(&self) -> serenity::http::Http {
        let client = reqwest::Client::builder()
            .no_proxy()
            .build()
            .expect("reqwest client");
        serenity::http::HttpBuilder::new(TEST_TOKEN)
            .client(client)
            .proxy(self.api_base())
            .ratelimiter_disabled(true)
            .application_id(serenity::model::id::ApplicationId::new(APPLICATION_ID))
            .build()
    }

    // ----- REST: records ---------------------------------------------------------------------

    /// Every REST request so far, in arrival order.
    pub fn requests(&self) -> Vec<Recorded> {
        self.inner.lock().requests.clone()
    }

    /// Requests matching a route pattern (see [`route_matches`]).
    pub fn requests_matching(&self, pattern: &str) -> Vec<Recorded> {
        self.inner
            .lock()
            .requests
            .iter()
            .filter(|r| r.matches(pattern))
            .cloned()
            .collect()
    }

    /// Requests the fake answered with 404 because it has no such route: calls the bot should
    /// not make, or that this fake does not know yet.
    pub fn unexpected_requests(&self) -> Vec<Recorded> {
        self.inner
            .lock()
            .requests
            .iter()
            .filter(|r| {
                r.status == 404
                    && r.response.as_ref().and_then(|b| b.get("code")) == Some(&json!(0))
            })
            .cloned()
            .collect()
    }

    /// Waits for the first request (already recorded or still to come) that satisfies `pred`.
    /// Panics after `timeout` with the requests seen so far.
    pub async fn wait_for_request(
        &self,
        pred: impl Fn(&Recorded) -> bool,
        timeout: Duration,
    ) -> Recorded {
        match self.try_wait_for_request(&pred, timeout).await {
            Some(r) => r,
            None => panic!(
                "no matching REST request within {timeout:?}; seen:\n{}",
                self.describe_requests()
            ),
        }
    }

    /// Like [`Self::wait_for_request`] but returns `None` on timeout.
    pub async fn try_wait_for_request(
        &self,
        pred: impl Fn(&Recorded) -> bool,
        timeout: Duration,
    ) -> Option<Recorded> {
        self.wait_until(timeout, |st| st.requests.iter().find(|r| pred(r)).cloned())
            .await
    }

    /// Waits for a request matching a route pattern such as `"POST /channels/*/messages"`.
    pub async fn wait_for_route(&self, pattern: &str, timeout: Duration) -> Recorded {
        self.wait_for_request(|r| r.matches(pattern), timeout).await
    }

    /// Waits until `count` requests match `pattern`; returns them.
    pub async fn wait_for_route_count(
        &self,
        pattern: &str,
        count: usize,
        timeout: Duration,
    ) -> Vec<Recorded> {
        let found = self
            .wait_until(timeout, |st| {
                let hits: Vec<Recorded> = st
                    .requests
                    .iter()
                    .filter(|r| r.matches(pattern))
                    .cloned()
                    .collect();
                (hits.len() >= count).then_some(hits)
            })
            .await;
        match found {
            Some(hits) => hits,
            None => panic!(
                "fewer than {count} requests matching {pattern:?} within {timeout:?}; seen:\n{}",
                self.describe_requests()
            ),
        }
    }

    /// Panics if a request satisfying `pred` arrives within `within`.
    pub async fn assert_no_request(&self, pred: impl Fn(&Recorded) -> bool, within: Duration) {
        if let Some(r) = self.try_wait_for_request(&pred, within).await {
            panic!(
                "unexpected request {} {} body {:?}",
                r.method, r.path, r.body
            );
        }
    }

    /// One line per request, for failure messages.
    pub fn describe_requests(&self) -> String {
        let st = self.inner.lock();
        let mut out = String::new();
        for r in &st.requests {
            let query = r
                .query
                .as_deref()
                .map(|q| format!("?{q}"))
                .unwrap_or_default();
            out.push_str(&format!(
                "  #{} {} {}{} -> {}\n",
                r.seq, r.method, r.path, query, r.status
            ));
        }
        if out.is_empty() {
            out.push_str("  (none)\n");
        }
        out
    }

    // ----- REST: scripting -------------------------------------------------------------------

    /// The next request matching `pattern` gets `failure` instead of its normal answer.
    pub fn fail_next(&self, pattern: &str, failure: Failure) {
        self.fail_times(pattern, 1, failure);
    }

    /// The next `times` requests matching `pattern` get `failure`.
    pub fn fail_times(&self, pattern: &str, times: usize, failure: Failure) {
        self.inner.lock().failures.push(ScriptedFailure {
            pattern: pattern.to_string(),
            failure,
            remaining: Some(times),
        });
    }

    /// Every request matching `pattern` gets `failure` until [`Self::clear_failures`].
    pub fn fail_always(&self, pattern: &str, failure: Failure) {
        self.inner.lock().failures.push(ScriptedFailure {
            pattern: pattern.to_string(),
            failure,
            remaining: None,
        });
    }

    /// Every request under `/channels/{channel_id}/` gets `failure` (e.g. a channel the bot was
    /// removed from) until [`Self::clear_failures`].
    pub fn fail_channel(&self, channel_id: u64, failure: Failure) {
        self.inner
            .lock()
            .channel_failures
            .insert(channel_id, failure);
    }

    pub fn clear_failures(&self) {
        let mut st = self.inner.lock();
        st.failures.clear();
        st.channel_failures.clear();
    }

    /// Requests matching `pattern` are answered only after `delay` (a slow Discord).
    pub fn set_delay(&self, pattern: &str, delay: Duration) {
        self.inner.lock().delays.push((pattern.to_string(), delay));
    }

    // ----- Application commands --------------------------------------------------------------

    /// The commands registered in `scope`, as Discord would return them.
    pub fn commands(&self, scope: Scope) -> Vec<Value> {
        self.inner
            .lock()
            .commands
            .get(&scope)
            .cloned()
            .unwrap_or_default()
    }

    /// Registers commands as if a previous run had done it (not counted in the stats). Takes
    /// the same JSON the bot would send (serenity's `CreateCommand`).
    pub fn seed_commands(&self, scope: Scope, definitions: Vec<Value>) {
        let mut st = self.inner.lock();
        let list: Vec<Value> = definitions
            .iter()
            .map(|d| normalize_command(d, scope, snowflake(), snowflake()))
            .collect();
        st.commands.insert(scope, list);
    }

    pub fn command_stats(&self, scope: Scope) -> CommandStats {
        self.inner
            .lock()
            .command_stats
            .get(&scope)
            .cloned()
            .unwrap_or_default()
    }

    // ----- Messages ----------------------------------------------------------------------------

    /// Messages currently in a channel (created through the channel API or as interaction
    /// responses there), oldest first.
    pub fn channel_messages(&self, channel_id: u64) -> Vec<Value> {
        self.inner
            .lock()
            .messages
            .iter()
            .filter(|m| m.channel_id == channel_id)
            .map(|m| m.message.clone())
            .collect()
    }

    /// A stored message by id.
    pub fn message(&self, message_id: u64) -> Option<Value> {
        let st = self.inner.lock();
        st.messages
            .iter()
            .find(|m| msg_id(&m.message) == message_id)
            .map(|m| m.message.clone())
    }

    /// Every message body the bot sent (channel posts, interaction callbacks with a message,
    /// follow-ups, edits), in order, for checks that apply to all of them (e.g. that
    /// `allowed_mentions` never lets a brief ping anyone).
    pub fn sent_message_bodies(&self) -> Vec<(Recorded, Value)> {
        let st = self.inner.lock();
        let mut out = Vec::new();
        for r in &st.requests {
            let Some(body) = &r.body else { continue };
            let segs = segments(&r.route);
            let message_body = match (r.method.as_str(), segs.as_slice()) {
                ("POST", ["channels", _, "messages"]) => Some(body.clone()),
                ("PATCH", ["channels", _, "messages", _]) => Some(body.clone()),
                ("POST", ["interactions", _, _, "callback"]) => {
                    let kind = body.get("type").and_then(Value::as_u64);
                    match kind {
                        Some(4) | Some(7) => body.get("data").cloned(),
                        _ => None,
                    }
                }
                ("POST", ["webhooks", _, _]) => Some(body.clone()),
                ("PATCH", ["webhooks", _, _, "messages", _]) => Some(body.clone()),
                _ => None,
            };
            if let Some(m) = message_body {
                out.push((r.clone(), m));
            }
        }
        out
    }

    // ----- Interactions ------------------------------------------------------------------------

    /// Dispatches INTERACTION_CREATE to every live session after checking that serenity can
    /// deserialize it (serenity drops events it cannot parse without a word). Panics with
    /// serenity's error otherwise, or if no session ever identified.
    pub fn send_interaction(&self, interaction: Value) -> InteractionRef {
        if let Err(e) = check_interaction(&interaction) {
            panic!("interaction fixture does not deserialize as serenity's Interaction: {e}");
        }
        let id = snowflake_field(&interaction, "id").expect("interaction id");
        let token = interaction
            .get("token")
            .and_then(Value::as_str)
            .expect("interaction token")
            .to_string();
        let kind = interaction.get("type").and_then(Value::as_u64).unwrap_or(0);
        let channel_id = snowflake_field(&interaction, "channel_id").unwrap_or(0);
        {
            let mut st = self.inner.lock();
            assert!(
                !st.sessions.is_empty(),
                "send_interaction before the bot identified: call wait_ready_sent first"
            );
            st.interactions.insert(
                id,
                KnownInteraction {
                    token: token.clone(),
                    kind,
                    channel_id,
                    dispatched: Instant::now(),
                    acked: None,
                    original: None,
                    source_message: interaction.get("message").cloned(),
                },
            );
        }
        self.dispatch("INTERACTION_CREATE", interaction);
        InteractionRef { id, token }
    }

    /// When the interaction's INTERACTION_CREATE frame began to be written to the bot's
    /// socket (the first time, if it was replayed), or None if it has not been yet. The start
    /// of a latency measurement that leaves out the fake's own payload checks.
    pub fn interaction_written_at(&self, interaction_id: u64) -> Option<Instant> {
        self.inner
            .lock()
            .interactions_written
            .get(&interaction_id)
            .copied()
    }

    /// The callback for an interaction and every follow-up, edit, fetch or delete made with its
    /// token, in order.
    pub fn callbacks_for(&self, interaction_id: u64) -> Vec<Recorded> {
        let st = self.inner.lock();
        let token = interaction_token(&st, interaction_id);
        st.requests
            .iter()
            .filter(|r| {
                let segs = segments(&r.route);
                match segs.as_slice() {
                    ["interactions", id, _, "callback"] => *id == interaction_id.to_string(),
                    ["webhooks", _, t, ..] => token.as_deref() == Some(*t),
                    _ => false,
                }
            })
            .cloned()
            .collect()
    }

    /// Waits for the interaction's callback (`POST /interactions/{id}/{token}/callback`).
    pub async fn wait_for_callback(&self, interaction_id: u64, timeout: Duration) -> Recorded {
        let prefix = format!("/interactions/{interaction_id}/");
        self.wait_for_request(
            move |r| {
                r.method == "POST" && r.route.starts_with(&prefix) && r.route.ends_with("/callback")
            },
            timeout,
        )
        .await
    }

    /// Waits until the interaction has seen `count` requests (callback included) in total.
    pub async fn wait_for_callbacks(
        &self,
        interaction_id: u64,
        count: usize,
        timeout: Duration,
    ) -> Vec<Recorded> {
        let deadline = Instant::now() + timeout;
        loop {
            let got = self.callbacks_for(interaction_id);
            if got.len() >= count {
                return got;
            }
            let rest = deadline.saturating_duration_since(Instant::now());
            if rest.is_zero() {
                panic!(
                    "interaction {interaction_id}: {} of {count} requests within {timeout:?}; seen:\n{}",
                    got.len(),
                    self.describe_requests()
                );
            }
            let mut rx = self.inner.changed.subscribe();
            let _ = tokio::time::timeout(rest.min(Duration::from_millis(50)), rx.changed()).await;
        }
    }

    // ----- Gateway -----------------------------------------------------------------------------

    /// Sends an op-0 dispatch to every live session, after checking that serenity can parse
    /// the frame. Sessions whose socket is down keep it for replay on RESUME. Returns how many
    /// sessions had a connected socket.
    pub fn dispatch(&self, event: &str, data: Value) -> usize {
        if let Err(e) = check_dispatch(event, &data) {
            panic!("{event} does not deserialize as serenity's GatewayEvent: {e}");
        }
        self.dispatch_unchecked(event, data)
    }

    /// [`Self::dispatch`] without the check, for tests of what the bot does with junk.
    pub fn dispatch_unchecked(&self, event: &str, data: Value) -> usize {
        let delivered = {
            let mut st = self.inner.lock();
            let ids: Vec<String> = st
                .sessions
                .iter()
                .filter(|(_, s)| s.valid)
                .map(|(k, _)| k.clone())
                .collect();
            ids.iter()
                .filter(|id| push_dispatch(&mut st, id, event, data.clone()))
                .count()
        };
        self.inner.bump();
        delivered
    }

    /// The first IDENTIFY's `d` payload, if any (token, intents, shard, properties...).
    pub fn identify_payload(&self) -> Option<Value> {
        self.inner.lock().identifies.first().cloned()
    }

    pub fn identify_payloads(&self) -> Vec<Value> {
        self.inner.lock().identifies.clone()
    }

    pub fn resume_payloads(&self) -> Vec<Value> {
        self.inner.lock().resumes.clone()
    }

    pub fn gateway_log(&self) -> Vec<GatewayRecord> {
        self.inner.lock().gateway_log.clone()
    }

    /// Heartbeats (op 1) received so far.
    pub fn heartbeats(&self) -> usize {
        self.inner.lock().heartbeats
    }

    /// Gateway sockets opened so far.
    pub fn connection_count(&self) -> usize {
        self.inner.lock().conns.len()
    }

    pub fn open_connection_count(&self) -> usize {
        self.inner.lock().conns.values().filter(|c| c.open).count()
    }

    /// Stop (or resume) answering heartbeats, to make a connection look dead to the client.
    pub fn set_heartbeat_ack(&self, ack: bool) {
        self.inner.lock().ack_heartbeats = ack;
    }

    pub fn set_resume_policy(&self, policy: ResumePolicy) {
        self.inner.lock().cfg.resume_policy = policy;
    }

    /// Waits for an IDENTIFY and returns its payload.
    pub async fn wait_identified(&self, timeout: Duration) -> Value {
        match self
            .wait_until(timeout, |st| st.identifies.first().cloned())
            .await
        {
            Some(v) => v,
            None => panic!(
                "no IDENTIFY within {timeout:?}; gateway: {}",
                self.describe_gateway()
            ),
        }
    }

    /// Waits until READY has been written to a socket.
    pub async fn wait_ready_sent(&self, timeout: Duration) {
        self.wait_readies_sent(1, timeout).await;
    }

    /// Waits until `count` READYs have been written in total (one per IDENTIFY).
    pub async fn wait_readies_sent(&self, count: usize, timeout: Duration) {
        if self
            .wait_until(timeout, |st| (st.readies_sent >= count).then_some(()))
            .await
            .is_none()
        {
            panic!(
                "fewer than {count} READY within {timeout:?}; gateway: {}",
                self.describe_gateway()
            );
        }
    }

    /// Waits until a RESUMED has been written (a successful resume).
    pub async fn wait_resumed(&self, timeout: Duration) {
        if self
            .wait_until(timeout, |st| (st.resumed_sent > 0).then_some(()))
            .await
            .is_none()
        {
            panic!(
                "no RESUMED within {timeout:?}; gateway: {}",
                self.describe_gateway()
            );
        }
    }

    /// Waits until `count` heartbeats have arrived.
    pub async fn wait_heartbeats(&self, count: usize, timeout: Duration) {
        if self
            .wait_until(timeout, |st| (st.heartbeats >= count).then_some(()))
            .await
            .is_none()
        {
            panic!(
                "fewer than {count} heartbeats within {timeout:?}; gateway: {}",
                self.describe_gateway()
            );
        }
    }

    /// Waits until at least one gateway socket existed and none is open any more; returns how
    /// the last one ended. For shutdown tests: serenity's `shutdown_all` sends close code 1000.
    pub async fn wait_gateway_closed(&self, timeout: Duration) -> GatewayClose {
        let found = self
            .wait_until(timeout, |st| {
                if st.conns.is_empty() || st.conns.values().any(|c| c.open) {
                    return None;
                }
                st.gateway_log.iter().rev().find_map(|r| match r {
                    GatewayRecord::Closed {
                        conn,
                        client_code,
                        server_code,
                    } => Some(GatewayClose {
                        conn: *conn,
                        client_code: *client_code,
                        server_code: *server_code,
                    }),
                    _ => None,
                })
            })
            .await;
        match found {
            Some(c) => c,
            None => panic!(
                "gateway still open (or never opened) after {timeout:?}; gateway: {}",
                self.describe_gateway()
            ),
        }
    }

    /// Closes every gateway socket with close code 4000 (resumable), as Discord does when it
    /// drops a connection. serenity then reconnects and sends RESUME.
    pub fn disconnect_all(&self) {
        self.close_all(4000, "fake: disconnected by test");
    }

    /// Closes every gateway socket with a chosen close code (e.g. 4004 authentication failed,
    /// 4014 disallowed intents, 4009 session timed out).
    pub fn close_all(&self, code: u16, reason: &str) {
        let st = self.inner.lock();
        for conn in st.conns.values().filter(|c| c.open) {
            let _ = conn.tx.send(Outbound::Close(code, reason.to_string()));
        }
    }

    /// Sends op 7 (reconnect) to every socket; serenity answers by reconnecting and resuming.
    pub fn request_reconnect(&self) {
        self.send_raw_all(json!({ "op": 7, "d": null, "s": null, "t": null }));
    }

    /// Sends op 9 (invalid session) to every socket.
    pub fn invalidate_sessions(&self, resumable: bool) {
        self.send_raw_all(json!({ "op": 9, "d": resumable, "s": null, "t": null }));
    }

    /// Writes a raw frame to every open socket.
    pub fn send_raw_all(&self, frame: Value) {
        let st = self.inner.lock();
        for conn in st.conns.values().filter(|c| c.open) {
            let _ = conn.tx.send(Outbound::Frame(frame.clone()));
        }
    }

    /// Problems the fake noticed in its own answers (e.g. a message echo serenity could not
    /// parse). A test that ends with warnings found a gap in the fake.
    pub fn warnings(&self) -> Vec<String> {
        self.inner.lock().warnings.clone()
    }

    pub fn describe_gateway(&self) -> String {
        let st = self.inner.lock();
        format!(
            "{} sockets ({} open), {} identifies, {} resumes, {} READY, {} RESUMED, {} heartbeats; \
             last events: {:?}",
            st.conns.len(),
            st.conns.values().filter(|c| c.open).count(),
            st.identifies.len(),
            st.resumes.len(),
            st.readies_sent,
            st.resumed_sent,
            st.heartbeats,
            st.gateway_log.iter().rev().take(6).collect::<Vec<_>>()
        )
    }

    async fn wait_until<T>(
        &self,
        timeout: Duration,
        mut probe: impl FnMut(&State) -> Option<T>,
    ) -> Option<T> {
        let deadline = tokio::time::Instant::now() + timeout;
        // Subscribing before probing means a change between the probe and the wait still
        // wakes us.
        let mut rx = self.inner.changed.subscribe();
        loop {
            if let Some(found) = probe(&self.inner.lock()) {
                return Some(found);
            }
            match tokio::time::timeout_at(deadline, rx.changed()).await {
                Ok(Ok(())) => {}
                Ok(Err(_)) => return None,
                Err(_) => return probe(&self.inner.lock()),
            }
        }
    }
}

fn interaction_token(st: &State, interaction_id: u64) -> Option<String> {
    if let Some(known) = st.interactions.get(&interaction_id) {
        return Some(known.token.clone());
    }
    let id = interaction_id.to_string();
    st.requests
        .iter()
        .find_map(|r| match segments(&r.route).as_slice() {
            ["interactions", i, t, "callback"] if *i == id => Some((*t).to_string()),
            _ => None,
        })
}

/// Checks a payload the way serenity will parse it off the gateway.
pub fn check_interaction(v: &Value) -> Result<(), String> {
    serde_json::from_value::<serenity::model::application::Interaction>(v.clone())
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// Checks a dispatch frame exactly as serenity's shard does before handing it to handlers.
pub fn check_dispatch(event: &str, data: &Value) -> Result<(), String> {
    let frame = json!({ "op": 0, "s": 1, "t": event, "d": data });
    serde_json::from_value::<serenity::model::event::GatewayEvent>(frame)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

// ---------------------------------------------------------------------------------------------
// Route patterns
// ---------------------------------------------------------------------------------------------

/// Matches `"METHOD /path"` or `"/path"` (any method) against a request. In the path, `*` is
/// one segment and `**` the rest (zero or more segments); an `/api/v10` prefix is optional.
/// Examples: `"POST /channels/*/messages"`, `"/interactions/**"`, `"PUT /applications/*/guilds/*/commands"`.
pub fn route_matches(pattern: &str, method: &str, route: &str) -> bool {
    let pattern = pattern.trim();
    let (want_method, path) = match pattern.split_once(' ') {
        Some((m, p)) => (Some(m), p.trim()),
        None => (None, pattern),
    };
    if let Some(m) = want_method {
        if !m.eq_ignore_ascii_case(method) {
            return false;
        }
    }
    let path = path.strip_prefix("/api/v10").unwrap_or(path);
    let route = route.strip_prefix("/api/v10").unwrap_or(route);
    let pat = segments(path);
    let got = segments(route);
    let mut i = 0;
    for p in &pat {
        if *p == "**" {
            return true;
        }
        match got.get(i) {
            Some(g) if *p == "*" || p == g => i += 1,
            _ => return false,
        }
    }
    i == got.len()
}

fn segments(path: &str) -> Vec<&str> {
    path.split('?')
        .next()
        .unwrap_or("")
        .split('/')
        .filter(|s| !s.is_empty())
        .collect()
}
