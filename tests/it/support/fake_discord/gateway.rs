//! The fake's gateway: HELLO, IDENTIFY -> READY, heartbeats, RESUME, and dispatches with
//! per-session sequence numbers.

use super::rest::{bot_user, strip_bot};
use super::*;

pub(super) async fn gateway_accept_loop(inner: Arc<Inner>, listener: TcpListener) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        // Discord's servers send each frame at once; without this, Nagle's algorithm holds
        // a frame written while the last one is unacknowledged for the bot's delayed ACK
        // (about 40 ms on loopback), which latency figures would count as the bot's.
        let _ = stream.set_nodelay(true);
        tokio::spawn(gateway_conn(Arc::clone(&inner), stream));
    }
}

/// Assigns the next sequence number of a session and queues the frame for its socket (or keeps
/// it for replay if the socket is down). Returns whether a socket took it.
pub(super) fn push_dispatch(st: &mut State, session_id: &str, event: &str, data: Value) -> bool {
    let Some(session) = st.sessions.get_mut(session_id) else {
        return false;
    };
    session.seq += 1;
    let frame = json!({ "op": 0, "s": session.seq, "t": event, "d": data });
    session.frames.push(frame.clone());
    let conn = session.conn;
    match conn.and_then(|c| st.conns.get(&c)) {
        Some(c) if c.open => c.tx.send(Outbound::Frame(frame)).is_ok(),
        _ => false,
    }
}

pub(super) fn ready_payload(
    st: &State,
    gateway_url: &str,
    session_id: &str,
    shard: &Value,
) -> Value {
    let guilds: Vec<Value> = st
        .cfg
        .guild_ids
        .iter()
        .map(|g| json!({ "id": g.to_string(), "unavailable": true }))
        .collect();
    json!({
        "v": 10,
        "user": bot_user(),
        "guilds": guilds,
        "session_id": session_id,
        "resume_gateway_url": gateway_url,
        "shard": shard,
        "application": { "id": APPLICATION_ID.to_string(), "flags": 0 },
        "private_channels": [],
        "relationships": [],
        "presences": [],
        "geo_ordered_rtc_regions": [],
        "guild_join_requests": [],
        "user_settings": {},
        "auth": {},
        "_trace": ["fake-discord"]
    })
}

/// A GUILD_CREATE body with empty collections: enough for serenity's `Guild`.
pub fn guild_create_payload(guild_id: u64) -> Value {
    // Built in parts: one json! literal this size exceeds the default macro recursion limit.
    let mut guild = json!({
        "id": guild_id.to_string(),
        "name": format!("Guild {guild_id}"),
        "icon": null,
        "icon_hash": null,
        "splash": null,
        "discovery_splash": null,
        "owner_id": "1000000000000000009",
        "afk_channel_id": null,
        "afk_timeout": 300,
        "widget_enabled": false,
        "widget_channel_id": null,
        "verification_level": 0,
        "default_message_notifications": 1,
        "explicit_content_filter": 0,
        "mfa_level": 0,
        "application_id": null,
        "system_channel_id": null,
        "system_channel_flags": 0,
        "rules_channel_id": null,
    });
    let more = json!({
        "max_presences": null,
        "max_members": 500000,
        "vanity_url_code": null,
        "description": null,
        "banner": null,
        "premium_tier": 0,
        "premium_subscription_count": 0,
        "preferred_locale": "en-US",
        "public_updates_channel_id": null,
        "max_video_channel_users": 25,
        "max_stage_video_channel_users": 50,
        "nsfw_level": 0,
        "premium_progress_bar_enabled": false,
        "safety_alerts_channel_id": null,
        "joined_at": "2024-01-01T00:00:00.000000+00:00",
        "large": false,
        "unavailable": false,
        "member_count": 2,
        "incidents_data": null,
        "lazy": true,
    });
    let empty_lists = [
        "roles",
        "emojis",
        "features",
        "stickers",
        "voice_states",
        "members",
        "channels",
        "threads",
        "presences",
        "stage_instances",
        "guild_scheduled_events",
        "soundboard_sounds",
    ];
    let map = guild.as_object_mut().expect("object");
    if let Value::Object(more) = more {
        map.extend(more);
    }
    for key in empty_lists {
        map.insert(key.to_string(), json!([]));
    }
    guild
}

pub(super) fn handle_client_frame(inner: &Inner, conn_id: u64, text: &str) {
    let mut st = inner.lock();
    let Ok(frame) = serde_json::from_str::<Value>(text) else {
        st.warnings
            .push(format!("gateway: client sent non-JSON text: {text}"));
        if let Some(c) = st.conns.get(&conn_id) {
            let _ = c.tx.send(Outbound::Close(
                4002,
                "Error while decoding payload.".into(),
            ));
        }
        return;
    };
    st.gateway_log.push(GatewayRecord::Received {
        conn: conn_id,
        payload: frame.clone(),
    });
    let op = frame.get("op").and_then(Value::as_u64).unwrap_or(u64::MAX);
    let d = frame.get("d").cloned().unwrap_or(Value::Null);
    let Some(tx) = st.conns.get(&conn_id).map(|c| c.tx.clone()) else {
        return;
    };
    let close = |code: u16, reason: &str| {
        let _ = tx.send(Outbound::Close(code, reason.to_string()));
    };
    match op {
        1 => {
            st.heartbeats += 1;
            if st.ack_heartbeats {
                let _ = tx.send(Outbound::Frame(
                    json!({ "op": 11, "d": null, "s": null, "t": null }),
                ));
            }
        }
        2 => {
            st.identifies.push(d.clone());
            let token = d.get("token").and_then(Value::as_str).unwrap_or("");
            if let Some(want) = &st.cfg.expected_token {
                if strip_bot(token) != strip_bot(want) {
                    return close(4004, "Authentication failed.");
                }
            }
            let intents = d.get("intents").and_then(Value::as_u64).unwrap_or(0);
            if intents & PRIVILEGED_INTENTS != 0 && !st.cfg.privileged_intents_enabled {
                return close(4014, "Disallowed intent(s).");
            }
            if st
                .conns
                .get(&conn_id)
                .and_then(|c| c.session.as_ref())
                .is_some()
            {
                return close(4005, "Already authenticated.");
            }
            st.next_session += 1;
            let session_id = format!("fake-session-{}", st.next_session);
            let shard = d.get("shard").cloned().unwrap_or(json!([0, 1]));
            // A new IDENTIFY for the same shard replaces the old session, as on Discord.
            for s in st.sessions.values_mut() {
                if s.shard == shard {
                    s.valid = false;
                }
            }
            st.sessions.insert(
                session_id.clone(),
                Session {
                    seq: 0,
                    frames: Vec::new(),
                    conn: Some(conn_id),
                    shard: shard.clone(),
                    valid: true,
                },
            );
            if let Some(c) = st.conns.get_mut(&conn_id) {
                c.session = Some(session_id.clone());
            }
            let ready = ready_payload(&st, &inner.gateway_url(), &session_id, &shard);
            if let Err(e) = check_dispatch("READY", &ready) {
                st.warnings.push(format!("READY does not parse: {e}"));
            }
            push_dispatch(&mut st, &session_id, "READY", ready);
            if st.cfg.send_guild_create {
                for g in st.cfg.guild_ids.clone() {
                    let guild = guild_create_payload(g);
                    if let Err(e) = check_dispatch("GUILD_CREATE", &guild) {
                        st.warnings
                            .push(format!("GUILD_CREATE does not parse: {e}"));
                        continue;
                    }
                    push_dispatch(&mut st, &session_id, "GUILD_CREATE", guild);
                }
            }
        }
        6 => {
            st.resumes.push(d.clone());
            let session_id = d
                .get("session_id")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            let seq = d.get("seq").and_then(Value::as_u64).unwrap_or(0);
            let token = d.get("token").and_then(Value::as_str).unwrap_or("");
            let token_ok = st
                .cfg
                .expected_token
                .as_deref()
                .is_none_or(|want| strip_bot(token) == strip_bot(want));
            let accept = st.cfg.resume_policy == ResumePolicy::Accept
                && token_ok
                && st.sessions.get(&session_id).is_some_and(|s| s.valid);
            if !accept {
                let _ = tx.send(Outbound::Frame(
                    json!({ "op": 9, "d": false, "s": null, "t": null }),
                ));
                return;
            }
            let old_conn = st.sessions.get(&session_id).and_then(|s| s.conn);
            if let Some(old) = old_conn.filter(|c| *c != conn_id) {
                if let Some(c) = st.conns.get_mut(&old) {
                    c.session = None;
                    if c.open {
                        let _ =
                            c.tx.send(Outbound::Close(4000, "Session resumed elsewhere.".into()));
                    }
                }
            }
            let missed: Vec<Value> = {
                let s = st
                    .sessions
                    .get_mut(&session_id)
                    .expect("session checked above");
                s.conn = Some(conn_id);
                s.frames
                    .iter()
                    .filter(|f| f["s"].as_u64().unwrap_or(0) > seq)
                    .cloned()
                    .collect()
            };
            if let Some(c) = st.conns.get_mut(&conn_id) {
                c.session = Some(session_id.clone());
            }
            for f in missed {
                let _ = tx.send(Outbound::Frame(f));
            }
            push_dispatch(
                &mut st,
                &session_id,
                "RESUMED",
                json!({ "_trace": ["fake-discord"] }),
            );
        }
        3 | 4 | 8 | 31 => {}
        _ => close(4001, "Unknown opcode."),
    }
}

pub(super) async fn gateway_conn(inner: Arc<Inner>, stream: TcpStream) {
    let uri = Arc::new(Mutex::new(String::new()));
    let uri_seen = Arc::clone(&uri);
    // tungstenite's handshake callback type fixes the large error type.
    #[allow(clippy::result_large_err)]
    let callback = move |req: &WsRequest, resp: WsResponse| {
        *uri_seen.lock().unwrap_or_else(|e| e.into_inner()) = req.uri().to_string();
        Ok(resp)
    };
    let Ok(ws) = tokio_tungstenite::accept_hdr_async(stream, callback).await else {
        return;
    };
    let uri = uri.lock().unwrap_or_else(|e| e.into_inner()).clone();

    let (tx, mut rx) = mpsc::unbounded_channel();
    let conn_id = {
        let mut st = inner.lock();
        st.next_conn += 1;
        let id = st.next_conn;
        st.conns.insert(
            id,
            Conn {
                tx: tx.clone(),
                session: None,
                open: true,
                client_code: None,
                server_code: None,
            },
        );
        st.gateway_log
            .push(GatewayRecord::Connected { conn: id, uri });
        let hello = json!({
            "op": 10,
            "d": { "heartbeat_interval": st.cfg.heartbeat_interval_ms, "_trace": ["fake-discord"] },
            "s": null,
            "t": null
        });
        let _ = tx.send(Outbound::Frame(hello));
        id
    };
    drop(tx);
    inner.bump();

    let (mut sink, mut source) = ws.split();
    let mut client_code: Option<u16> = None;
    let mut server_code: Option<u16> = None;
    // After either side sends a close frame, give the other side a moment to answer, then end.
    let mut close_deadline: Option<tokio::time::Instant> = None;
    loop {
        let sleep_until = close_deadline
            .unwrap_or_else(|| tokio::time::Instant::now() + Duration::from_secs(3600));
        tokio::select! {
            incoming = source.next() => match incoming {
                Some(Ok(WsMessage::Text(text))) => {
                    handle_client_frame(&inner, conn_id, &text);
                    inner.bump();
                }
                Some(Ok(WsMessage::Close(frame))) => {
                    client_code = Some(frame.map_or(1005, |f| u16::from(f.code)));
                    {
                        let mut st = inner.lock();
                        if let Some(c) = st.conns.get_mut(&conn_id) {
                            c.client_code = client_code;
                        }
                    }
                    // Answer the close handshake (serenity waits for it on shutdown).
                    let _ = sink.close().await;
                    close_deadline.get_or_insert(tokio::time::Instant::now() + Duration::from_secs(2));
                }
                Some(Ok(_)) => {}
                Some(Err(_)) | None => break,
            },
            out = rx.recv(), if server_code.is_none() && client_code.is_none() => match out {
                Some(Outbound::Frame(frame)) => {
                    // Stamped before the write: the bot may answer before the write returns.
                    if frame.get("t").and_then(Value::as_str) == Some("INTERACTION_CREATE") {
                        if let Some(id) = snowflake_field(&frame["d"], "id") {
                            let writing = Instant::now();
                            inner.lock().interactions_written.entry(id).or_insert(writing);
                        }
                    }
                    if sink.send(WsMessage::Text(frame.to_string())).await.is_err() {
                        break;
                    }
                    let mut st = inner.lock();
                    match frame.get("t").and_then(Value::as_str) {
                        Some("READY") => st.readies_sent += 1,
                        Some("RESUMED") => st.resumed_sent += 1,
                        _ => {}
                    }
                    st.gateway_log.push(GatewayRecord::Sent { conn: conn_id, payload: frame });
                    drop(st);
                    inner.bump();
                }
                Some(Outbound::Close(code, reason)) => {
                    server_code = Some(code);
                    let frame = CloseFrame { code: CloseCode::from(code), reason: reason.into() };
                    let _ = sink.send(WsMessage::Close(Some(frame))).await;
                    close_deadline = Some(tokio::time::Instant::now() + Duration::from_secs(2));
                }
                None => {}
            },
            _ = tokio::time::sleep_until(sleep_until), if close_deadline.is_some() => break,
        }
    }

    {
        let mut st = inner.lock();
        if let Some(c) = st.conns.get_mut(&conn_id) {
            c.open = false;
            c.client_code = client_code;
            c.server_code = server_code;
            if let Some(sid) = c.session.take() {
                if let Some(s) = st.sessions.get_mut(&sid) {
                    if s.conn == Some(conn_id) {
                        s.conn = None;
                    }
                }
            }
        }
        st.gateway_log.push(GatewayRecord::Closed {
            conn: conn_id,
            client_code,
            server_code,
        });
    }
    inner.bump();
}
