//! The fake's REST side: the HTTP server, routing, and Discord's rules for messages and
//! interaction callbacks.

use super::commands::{commands_route, form_error};
use super::*;

pub(super) async fn rest_accept_loop(inner: Arc<Inner>, listener: TcpListener) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        // Responses go out at once, as Discord's do: no Nagle wait for a delayed ACK.
        let _ = stream.set_nodelay(true);
        let inner = Arc::clone(&inner);
        tokio::spawn(async move {
            let service = service_fn(move |req| {
                let inner = Arc::clone(&inner);
                async move { Ok::<_, Infallible>(handle_rest(inner, req).await) }
            });
            let _ = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

pub(super) struct Answer {
    pub(super) status: u16,
    pub(super) body: Option<Value>,
    pub(super) headers: Vec<(String, String)>,
}

impl Answer {
    pub(super) fn json(status: u16, body: Value) -> Answer {
        Answer {
            status,
            body: Some(body),
            headers: Vec::new(),
        }
    }

    pub(super) fn no_content() -> Answer {
        Answer {
            status: 204,
            body: None,
            headers: Vec::new(),
        }
    }

    pub(super) fn error(status: u16, code: i64, message: &str) -> Answer {
        Answer::json(status, json!({ "message": message, "code": code }))
    }

    pub(super) fn not_found() -> Answer {
        Answer::error(404, 0, "404: Not Found")
    }

    pub(super) fn from_failure(f: &Failure) -> Answer {
        Answer {
            status: f.status,
            body: Some(f.body.clone()),
            headers: f.headers.clone(),
        }
    }
}

pub(super) async fn handle_rest(
    inner: Arc<Inner>,
    req: Request<Incoming>,
) -> Response<Full<Bytes>> {
    let (parts, body) = req.into_parts();
    let bytes = body
        .collect()
        .await
        .map(|c| c.to_bytes())
        .unwrap_or_default();
    let method = parts.method.as_str().to_string();
    let path = parts.uri.path().to_string();
    let query = parts.uri.query().map(str::to_string);
    let headers: Vec<(String, String)> = parts
        .headers
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_ascii_lowercase(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let content_type = headers
        .iter()
        .find(|(k, _)| k == "content-type")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let raw_body = String::from_utf8_lossy(&bytes).into_owned();
    let body = parse_body(&content_type, &raw_body);
    let route = path.strip_prefix("/api/v10").map(str::to_string);

    // Discord counts a request against its limits when it arrives, before any slowness.
    let admission = {
        let mut st = inner.lock();
        super::ratelimit::admit(&mut st, &method, route.as_deref().unwrap_or(&path))
    };
    let (limited, limit_headers) = match admission {
        super::ratelimit::Admission::Pass(h) => (None, h),
        super::ratelimit::Admission::Reject(a) => (Some(a), Vec::new()),
    };

    let delay = {
        let st = inner.lock();
        let r = route.as_deref().unwrap_or(&path);
        st.delays
            .iter()
            .find(|(p, _)| route_matches(p, &method, r))
            .map(|(_, d)| *d)
    };
    if let (Some(d), None) = (delay, &limited) {
        tokio::time::sleep(d).await;
    }

    let answer = {
        let mut st = inner.lock();
        let mut answer = match (&route, limited) {
            (_, Some(rejected)) => rejected,
            (Some(route), None) => decide(&mut st, &inner, &method, route, &headers, body.as_ref()),
            (None, None) => Answer::error(404, 0, "404: Not Found (the fake serves /api/v10 only)"),
        };
        answer.headers.extend(limit_headers);
        let seq = st.requests.len();
        st.requests.push(Recorded {
            seq,
            method: method.clone(),
            path: path.clone(),
            route: route.clone().unwrap_or_else(|| path.clone()),
            query,
            headers,
            body,
            raw_body,
            status: answer.status,
            response: answer.body.clone(),
            at: Instant::now(),
        });
        answer
    };
    inner.bump();

    let mut builder = Response::builder().status(answer.status);
    for (k, v) in &answer.headers {
        builder = builder.header(k.as_str(), v.as_str());
    }
    let payload = match &answer.body {
        Some(b) => {
            builder = builder.header("content-type", "application/json");
            Bytes::from(b.to_string())
        }
        None => Bytes::new(),
    };
    builder.body(Full::new(payload)).expect("valid response")
}

pub(super) fn parse_body(content_type: &str, raw: &str) -> Option<Value> {
    if raw.is_empty() {
        return None;
    }
    if content_type.starts_with("multipart/form-data") {
        // serenity sends the message itself as the `payload_json` part next to the files.
        let start = raw.find("name=\"payload_json\"")?;
        let rest = &raw[start..];
        let body_start = rest.find("\r\n\r\n")? + 4;
        let rest = &rest[body_start..];
        let end = rest.find("\r\n--").unwrap_or(rest.len());
        return serde_json::from_str(&rest[..end]).ok();
    }
    serde_json::from_str(raw).ok()
}

pub(super) fn strip_bot(token: &str) -> &str {
    token.trim().strip_prefix("Bot ").unwrap_or(token.trim())
}

pub(super) fn decide(
    st: &mut State,
    inner: &Inner,
    method: &str,
    route: &str,
    headers: &[(String, String)],
    body: Option<&Value>,
) -> Answer {
    if let Some(pos) = st
        .failures
        .iter()
        .position(|f| route_matches(&f.pattern, method, route))
    {
        let answer = Answer::from_failure(&st.failures[pos].failure);
        if let Some(n) = &mut st.failures[pos].remaining {
            *n -= 1;
            if *n == 0 {
                st.failures.remove(pos);
            }
        }
        return answer;
    }
    let segs = segments(route);
    if let ["channels", id, ..] = segs.as_slice() {
        if let Some(f) = id
            .parse::<u64>()
            .ok()
            .and_then(|id| st.channel_failures.get(&id))
        {
            return Answer::from_failure(f);
        }
    }

    // Interaction callbacks and webhook calls are authorized by the token in the path.
    let token_in_path = matches!(segs.as_slice(), ["interactions", ..] | ["webhooks", ..]);
    if !token_in_path {
        let auth = headers
            .iter()
            .find(|(k, _)| k == "authorization")
            .map(|(_, v)| v.as_str());
        let ok = match (auth, &st.cfg.expected_token) {
            (None, _) => false,
            (Some(got), Some(want)) => strip_bot(got) == strip_bot(want),
            (Some(_), None) => true,
        };
        if !ok {
            return Answer::error(401, 0, "401: Unauthorized");
        }
    }

    let app = APPLICATION_ID.to_string();
    match (method, segs.as_slice()) {
        ("GET", ["gateway"]) => Answer::json(200, json!({ "url": inner.gateway_url() })),
        ("GET", ["gateway", "bot"]) => Answer::json(
            200,
            json!({
                "url": inner.gateway_url(),
                "shards": st.cfg.shards,
                "session_start_limit": {
                    "total": 1000, "remaining": 999, "reset_after": 14_400_000, "max_concurrency": 1
                }
            }),
        ),
        ("GET", ["users", "@me"]) => Answer::json(200, bot_user()),
        ("GET", ["users", "@me", "guilds"]) => {
            let guilds: Vec<Value> = st
                .cfg
                .guild_ids
                .iter()
                .map(|g| {
                    json!({
                        "id": g.to_string(), "name": format!("Guild {g}"), "icon": null,
                        "owner": false, "permissions": "2147601408", "features": []
                    })
                })
                .collect();
            Answer::json(200, Value::Array(guilds))
        }
        ("GET", ["oauth2", "applications", "@me"]) | ("GET", ["applications", "@me"]) => {
            Answer::json(200, application_info(st.cfg.guild_ids.len()))
        }
        (_, ["applications", a, "commands", rest @ ..]) => {
            if *a != app {
                return Answer::error(403, 50001, "Missing Access");
            }
            commands_route(st, method, Scope::Global, rest, body)
        }
        (_, ["applications", a, "guilds", g, "commands", rest @ ..]) => {
            if *a != app {
                return Answer::error(403, 50001, "Missing Access");
            }
            let Ok(g) = g.parse::<u64>() else {
                return Answer::not_found();
            };
            if !st.cfg.guild_ids.is_empty() && !st.cfg.guild_ids.contains(&g) {
                return Answer::error(403, 50001, "Missing Access");
            }
            commands_route(st, method, Scope::Guild(g), rest, body)
        }
        ("POST", ["interactions", id, token, "callback"]) => {
            let Ok(id) = id.parse::<u64>() else {
                return Answer::not_found();
            };
            interaction_callback(st, id, token, body)
        }
        (_, ["webhooks", a, token, rest @ ..]) => {
            if *a != app {
                return Answer::error(404, 10015, "Unknown Webhook");
            }
            webhook_route(st, method, token, rest, body)
        }
        (_, ["channels", id, "messages", rest @ ..]) => {
            let Ok(channel_id) = id.parse::<u64>() else {
                return Answer::not_found();
            };
            channel_messages_route(st, method, channel_id, rest, body)
        }
        ("POST", ["channels", _, "typing"]) => Answer::no_content(),
        _ => Answer::not_found(),
    }
}

// ----- Fixed objects -------------------------------------------------------------------------

pub(super) fn bot_user() -> Value {
    json!({
        "id": BOT_USER_ID.to_string(),
        "username": "briefbot-test",
        "global_name": null,
        "discriminator": "4321",
        "avatar": null,
        "bot": true,
        "verified": true,
        "mfa_enabled": false,
        "flags": 0,
        "public_flags": 0,
        "email": null,
        "locale": "en-US"
    })
}

pub(super) fn application_info(guilds: usize) -> Value {
    json!({
        "id": APPLICATION_ID.to_string(),
        "name": "briefbot-test",
        "icon": null,
        "description": "",
        "summary": "",
        "type": null,
        "bot_public": false,
        "bot_require_code_grant": false,
        "verify_key": "0000000000000000000000000000000000000000000000000000000000000000",
        "owner": {
            "id": "1000000000000000009", "username": "owner", "global_name": null,
            "discriminator": "0", "avatar": null, "public_flags": 0, "flags": 0
        },
        "team": null,
        "flags": 0,
        "rpc_origins": [],
        "approximate_guild_count": guilds,
        "bot": bot_user()
    })
}

// ----- Messages ------------------------------------------------------------------------------

pub(super) fn char_len(v: Option<&Value>) -> usize {
    v.and_then(Value::as_str).map_or(0, |s| s.chars().count())
}

/// Discord's message limits. `creating`: a new message must not be empty.
pub(super) fn check_message(body: &Value, creating: bool) -> Result<(), Answer> {
    let p = |parts: &[&str]| -> Vec<String> { parts.iter().map(|s| s.to_string()).collect() };
    if char_len(body.get("content")) > 2000 {
        return Err(form_error(
            &p(&["content"]),
            "BASE_TYPE_MAX_LENGTH",
            "Must be 2000 or fewer in length.",
        ));
    }
    let embeds = body
        .get("embeds")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if embeds.len() > 10 {
        return Err(form_error(
            &p(&["embeds"]),
            "BASE_TYPE_MAX_LENGTH",
            "Must be 10 or fewer in length.",
        ));
    }
    let mut total = 0;
    for (i, e) in embeds.iter().enumerate() {
        let i = i.to_string();
        let checks: [(&str, Option<&Value>, usize); 4] = [
            ("title", e.get("title"), 256),
            ("description", e.get("description"), 4096),
            (
                "footer.text",
                e.get("footer").and_then(|f| f.get("text")),
                2048,
            ),
            (
                "author.name",
                e.get("author").and_then(|a| a.get("name")),
                256,
            ),
        ];
        for (name, v, max) in checks {
            let n = char_len(v);
            total += n;
            if n > max {
                let mut path = p(&["embeds", &i]);
                path.extend(name.split('.').map(str::to_string));
                return Err(form_error(
                    &path,
                    "BASE_TYPE_MAX_LENGTH",
                    &format!("Must be {max} or fewer in length."),
                ));
            }
        }
        let fields = e
            .get("fields")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        if fields.len() > 25 {
            return Err(form_error(
                &p(&["embeds", &i, "fields"]),
                "BASE_TYPE_MAX_LENGTH",
                "Must be 25 or fewer in length.",
            ));
        }
        for (j, f) in fields.iter().enumerate() {
            let j = j.to_string();
            for (name, max) in [("name", 256), ("value", 1024)] {
                let n = char_len(f.get(name));
                total += n;
                if n == 0 {
                    return Err(form_error(
                        &p(&["embeds", &i, "fields", &j, name]),
                        "BASE_TYPE_REQUIRED",
                        "This field is required",
                    ));
                }
                if n > max {
                    return Err(form_error(
                        &p(&["embeds", &i, "fields", &j, name]),
                        "BASE_TYPE_MAX_LENGTH",
                        &format!("Must be {max} or fewer in length."),
                    ));
                }
            }
        }
    }
    if total > 6000 {
        return Err(form_error(
            &p(&["embeds"]),
            "MAX_EMBED_SIZE_EXCEEDED",
            "Embed size exceeds maximum size of 6000",
        ));
    }
    let rows = body
        .get("components")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if rows.len() > 5 {
        return Err(form_error(
            &p(&["components"]),
            "BASE_TYPE_MAX_LENGTH",
            "Must be 5 or fewer in length.",
        ));
    }
    for (i, row) in rows.iter().enumerate() {
        let i = i.to_string();
        let items = row
            .get("components")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        if items.is_empty() || items.len() > 5 {
            return Err(form_error(
                &p(&["components", &i, "components"]),
                "BASE_TYPE_BAD_LENGTH",
                "Must be between 1 and 5 in length.",
            ));
        }
        for (j, c) in items.iter().enumerate() {
            let j = j.to_string();
            if char_len(c.get("custom_id")) > 100 {
                return Err(form_error(
                    &p(&["components", &i, "components", &j, "custom_id"]),
                    "BASE_TYPE_MAX_LENGTH",
                    "Must be 100 or fewer in length.",
                ));
            }
            if char_len(c.get("label")) > 80 {
                return Err(form_error(
                    &p(&["components", &i, "components", &j, "label"]),
                    "BASE_TYPE_MAX_LENGTH",
                    "Must be 80 or fewer in length.",
                ));
            }
        }
    }
    if creating {
        let non_empty_array = |k: &str| {
            body.get(k)
                .and_then(Value::as_array)
                .is_some_and(|a| !a.is_empty())
        };
        let empty = char_len(body.get("content")) == 0
            && embeds.is_empty()
            && rows.is_empty()
            && !non_empty_array("attachments")
            && !non_empty_array("sticker_ids")
            && body.get("poll").is_none_or(Value::is_null);
        if empty {
            return Err(Answer::error(400, 50006, "Cannot send an empty message"));
        }
    }
    Ok(())
}

pub(super) fn msg_id(m: &Value) -> u64 {
    snowflake_field(m, "id").unwrap_or(0)
}

pub(super) fn snowflake_field(v: &Value, key: &str) -> Option<u64> {
    match v.get(key)? {
        Value::String(s) => s.parse().ok(),
        Value::Number(n) => n.as_u64(),
        _ => None,
    }
}

/// Builds the message object Discord returns for a body the bot sent.
pub(super) fn make_message(
    st: &mut State,
    channel_id: u64,
    body: &Value,
    kind: u64,
    webhook: bool,
) -> Value {
    let mut embeds = body
        .get("embeds")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for e in &mut embeds {
        if let Some(m) = e.as_object_mut() {
            m.entry("type").or_insert(json!("rich"));
        }
    }
    let mut msg = json!({
        "id": snowflake().to_string(),
        "channel_id": channel_id.to_string(),
        "author": bot_user(),
        "content": body.get("content").and_then(Value::as_str).unwrap_or(""),
        "timestamp": now_timestamp(),
        "edited_timestamp": null,
        "tts": body.get("tts").and_then(Value::as_bool).unwrap_or(false),
        "mention_everyone": false,
        "mentions": [],
        "mention_roles": [],
        "mention_channels": [],
        "attachments": [],
        "embeds": embeds,
        "components": body.get("components").cloned().unwrap_or(json!([])),
        "reactions": [],
        "pinned": false,
        "type": kind,
        "flags": body.get("flags").and_then(Value::as_u64).unwrap_or(0),
    });
    if let Some(nonce) = body.get("nonce").filter(|n| !n.is_null()) {
        msg["nonce"] = nonce.clone();
    }
    if webhook {
        msg["webhook_id"] = json!(APPLICATION_ID.to_string());
        msg["application_id"] = json!(APPLICATION_ID.to_string());
    }
    ensure_parses(st, msg)
}

/// serenity must be able to parse every message the fake returns; if an echoed part breaks
/// that, drop the part and leave a warning so the gap in the fake gets noticed.
pub(super) fn ensure_parses(st: &mut State, mut msg: Value) -> Value {
    let parses = |m: &Value| serde_json::from_value::<serenity::model::channel::Message>(m.clone());
    if let Err(e) = parses(&msg) {
        st.warnings.push(format!(
            "message echo did not parse as serenity Message ({e}): {msg}"
        ));
        msg["components"] = json!([]);
        if parses(&msg).is_err() {
            msg["embeds"] = json!([]);
        }
    }
    msg
}

pub(super) fn apply_edit(st: &mut State, stored: Value, body: &Value) -> Value {
    let mut msg = stored;
    if let Some(c) = body.get("content") {
        msg["content"] = if c.is_null() { json!("") } else { c.clone() };
    }
    if let Some(e) = body.get("embeds") {
        let mut embeds = e.as_array().cloned().unwrap_or_default();
        for e in &mut embeds {
            if let Some(m) = e.as_object_mut() {
                m.entry("type").or_insert(json!("rich"));
            }
        }
        msg["embeds"] = Value::Array(embeds);
    }
    if let Some(c) = body.get("components") {
        msg["components"] = if c.is_null() { json!([]) } else { c.clone() };
    }
    if let Some(f) = body.get("flags").and_then(Value::as_u64) {
        // Only SUPPRESS_EMBEDS can be changed by an edit; EPHEMERAL stays as it was.
        let old = msg["flags"].as_u64().unwrap_or(0);
        msg["flags"] = json!((old & !4) | (f & 4));
    }
    // A deferred response stops "thinking" once edited.
    let flags = msg["flags"].as_u64().unwrap_or(0);
    msg["flags"] = json!(flags & !128);
    msg["edited_timestamp"] = json!(now_timestamp());
    ensure_parses(st, msg)
}

pub(super) fn channel_messages_route(
    st: &mut State,
    method: &str,
    channel_id: u64,
    rest: &[&str],
    body: Option<&Value>,
) -> Answer {
    let validate = st.cfg.validate_limits;
    match (method, rest) {
        ("POST", []) => {
            let body = body.cloned().unwrap_or(json!({}));
            if validate {
                if let Err(a) = check_message(&body, true) {
                    return a;
                }
            }
            // enforce_nonce: Discord answers a repeated nonce with the message it already made.
            if body.get("enforce_nonce").and_then(Value::as_bool) == Some(true) {
                if let Some(nonce) = body.get("nonce").filter(|n| !n.is_null()) {
                    let dup = st.messages.iter().find(|m| {
                        m.channel_id == channel_id && nonce_eq(m.message.get("nonce"), nonce)
                    });
                    if let Some(m) = dup {
                        return Answer::json(200, m.message.clone());
                    }
                }
            }
            let msg = make_message(st, channel_id, &body, 0, false);
            st.messages.push(StoredMessage {
                channel_id,
                token: None,
                message: msg.clone(),
            });
            Answer::json(200, msg)
        }
        ("GET", []) => {
            let mut list: Vec<Value> = st
                .messages
                .iter()
                .filter(|m| m.channel_id == channel_id)
                .map(|m| m.message.clone())
                .collect();
            list.reverse();
            Answer::json(200, Value::Array(list))
        }
        (_, [mid, more @ ..]) => {
            let Ok(mid) = mid.parse::<u64>() else {
                return Answer::not_found();
            };
            let pos = st
                .messages
                .iter()
                .position(|m| m.channel_id == channel_id && msg_id(&m.message) == mid);
            let Some(pos) = pos else {
                return Answer::error(404, 10008, "Unknown Message");
            };
            match (method, more) {
                ("GET", []) => Answer::json(200, st.messages[pos].message.clone()),
                ("PATCH", []) => {
                    let body = body.cloned().unwrap_or(json!({}));
                    if validate {
                        if let Err(a) = check_message(&body, false) {
                            return a;
                        }
                    }
                    let old = st.messages[pos].message.clone();
                    let msg = apply_edit(st, old, &body);
                    st.messages[pos].message = msg.clone();
                    Answer::json(200, msg)
                }
                ("DELETE", []) => {
                    st.messages.remove(pos);
                    Answer::no_content()
                }
                ("PUT" | "DELETE", ["reactions", ..]) => Answer::no_content(),
                _ => Answer::not_found(),
            }
        }
        _ => Answer::not_found(),
    }
}

pub(super) fn nonce_eq(a: Option<&Value>, b: &Value) -> bool {
    let text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    a.is_some_and(|a| text(a) == text(b))
}

// ----- Interactions --------------------------------------------------------------------------

pub(super) fn interaction_callback(
    st: &mut State,
    id: u64,
    token: &str,
    body: Option<&Value>,
) -> Answer {
    let body = body.cloned().unwrap_or(Value::Null);
    let Some(kind) = body.get("type").and_then(Value::as_u64) else {
        return form_error(
            &["type".to_string()],
            "BASE_TYPE_REQUIRED",
            "This field is required",
        );
    };
    let strict = st.cfg.strict_interactions;
    let deadline = st.cfg.interaction_deadline;
    let validate = st.cfg.validate_limits;
    let data = body.get("data").cloned().unwrap_or(json!({}));

    let (interaction_kind, channel_id) = match st.interactions.get(&id) {
        Some(k) if k.token == token => {
            if strict && k.acked.is_some() {
                return Answer::error(400, 40060, "Interaction has already been acknowledged.");
            }
            if strict && k.dispatched.elapsed() > deadline {
                return Answer::error(404, 10062, "Unknown interaction");
            }
            (k.kind, k.channel_id)
        }
        _ if strict => return Answer::error(404, 10062, "Unknown interaction"),
        _ => (0, 0),
    };

    let allowed: &[u64] = match interaction_kind {
        2 => &[4, 5, 9],
        3 => &[4, 5, 6, 7, 9],
        4 => &[8],
        5 => &[4, 5, 6, 7],
        _ => &[1, 4, 5, 6, 7, 8, 9],
    };
    if !allowed.contains(&kind) {
        return form_error(
            &["type".to_string()],
            "INTERACTION_RESPONSE_TYPE_INVALID",
            "Invalid interaction response type for this interaction",
        );
    }
    if validate {
        match kind {
            4 => {
                if let Err(a) = check_message(&data, true) {
                    return a;
                }
            }
            7 => {
                if let Err(a) = check_message(&data, false) {
                    return a;
                }
            }
            8 => {
                let choices = data
                    .get("choices")
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default();
                if choices.len() > 25 {
                    return form_error(
                        &["data".into(), "choices".into()],
                        "BASE_TYPE_MAX_LENGTH",
                        "Must be 25 or fewer in length.",
                    );
                }
                for (i, c) in choices.iter().enumerate() {
                    let n = char_len(c.get("name"));
                    if !(1..=100).contains(&n) {
                        return form_error(
                            &[
                                "data".into(),
                                "choices".into(),
                                i.to_string(),
                                "name".into(),
                            ],
                            "BASE_TYPE_BAD_LENGTH",
                            "Must be between 1 and 100 in length.",
                        );
                    }
                    if char_len(c.get("value")) > 100 {
                        return form_error(
                            &[
                                "data".into(),
                                "choices".into(),
                                i.to_string(),
                                "value".into(),
                            ],
                            "BASE_TYPE_MAX_LENGTH",
                            "Must be 100 or fewer in length.",
                        );
                    }
                }
            }
            _ => {}
        }
    }

    let original = match kind {
        4 => Some(make_message(st, channel_id, &data, 20, true)),
        5 => {
            // The "thinking..." placeholder; EPHEMERAL carries over from the deferral's flags.
            let ephemeral = data.get("flags").and_then(Value::as_u64).unwrap_or(0) & 64;
            let placeholder = json!({ "content": "", "flags": 128 | ephemeral });
            Some(make_message(st, channel_id, &placeholder, 20, true))
        }
        7 => {
            let source = st
                .interactions
                .get(&id)
                .and_then(|k| k.source_message.clone());
            source.map(|m| apply_edit(st, m, &data))
        }
        _ => None,
    };
    let original_id = original.as_ref().map(msg_id);
    if let Some(m) = original {
        let cid = snowflake_field(&m, "channel_id").unwrap_or(channel_id);
        let token_for = if kind == 7 {
            None
        } else {
            Some(token.to_string())
        };
        if kind == 7 {
            // An update replaces the component's message in place.
            let mid = msg_id(&m);
            if let Some(s) = st.messages.iter_mut().find(|s| msg_id(&s.message) == mid) {
                s.message = m;
            } else {
                st.messages.push(StoredMessage {
                    channel_id: cid,
                    token: None,
                    message: m,
                });
            }
        } else {
            st.messages.push(StoredMessage {
                channel_id: cid,
                token: token_for,
                message: m,
            });
        }
    }
    if let Some(k) = st.interactions.get_mut(&id) {
        k.acked = Some(kind);
        if kind == 4 || kind == 5 {
            k.original = original_id;
        }
    } else {
        // Non-strict mode: remember the token so follow-ups work.
        st.interactions.insert(
            id,
            KnownInteraction {
                token: token.to_string(),
                kind: interaction_kind,
                channel_id,
                dispatched: Instant::now(),
                acked: Some(kind),
                original: if kind == 4 || kind == 5 {
                    original_id
                } else {
                    None
                },
                source_message: None,
            },
        );
    }
    Answer::no_content()
}

pub(super) fn webhook_route(
    st: &mut State,
    method: &str,
    token: &str,
    rest: &[&str],
    body: Option<&Value>,
) -> Answer {
    let strict = st.cfg.strict_interactions;
    let validate = st.cfg.validate_limits;
    let known = st.interactions.values().find(|k| k.token == token);
    let (acked, channel_id, original) = match known {
        Some(k) => (k.acked.is_some(), k.channel_id, k.original),
        None => (false, 0, None),
    };
    if strict && !acked {
        // Discord knows no webhook for a token until the interaction was acknowledged.
        return Answer::error(404, 10015, "Unknown Webhook");
    }
    let body = body.cloned().unwrap_or(json!({}));
    match (method, rest) {
        ("POST", []) => {
            if validate {
                if let Err(a) = check_message(&body, true) {
                    return a;
                }
            }
            let msg = make_message(st, channel_id, &body, 20, true);
            st.messages.push(StoredMessage {
                channel_id,
                token: Some(token.to_string()),
                message: msg.clone(),
            });
            Answer::json(200, msg)
        }
        (_, ["messages", which]) => {
            let target = if *which == "@original" {
                original
            } else {
                which.parse::<u64>().ok()
            };
            let pos = target.and_then(|mid| {
                st.messages
                    .iter()
                    .position(|m| msg_id(&m.message) == mid && m.token.as_deref() == Some(token))
            });
            let Some(pos) = pos else {
                return Answer::error(404, 10008, "Unknown Message");
            };
            match method {
                "GET" => Answer::json(200, st.messages[pos].message.clone()),
                "PATCH" => {
                    if validate {
                        if let Err(a) = check_message(&body, false) {
                            return a;
                        }
                    }
                    let old = st.messages[pos].message.clone();
                    let msg = apply_edit(st, old, &body);
                    st.messages[pos].message = msg.clone();
                    Answer::json(200, msg)
                }
                "DELETE" => {
                    st.messages.remove(pos);
                    Answer::no_content()
                }
                _ => Answer::not_found(),
            }
        }
        _ => Answer::not_found(),
    }
}
