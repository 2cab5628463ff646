//! The gateway client: builds serenity's Http (optionally through a REST proxy), connects
//! with the GUILDS intent only, registers commands on ready (and empties the scope it does
//! not register in), dispatches interactions, and stops cleanly when asked.

use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use secrecy::{ExposeSecret, SecretString};
use serenity::all::{
    ClientBuilder, ConnectionStage, Context, EventHandler, GatewayIntents, Interaction, Ready,
    ShardStageUpdateEvent,
};
use tracing::{error, info, warn};

use super::{interactions, registration};
use crate::app::App;

/// How long shards get to close after a shutdown request before we stop waiting; Docker
/// sends SIGKILL 10 s after SIGTERM.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(6);

struct Handler {
    app: Arc<App>,
    registered: AtomicBool,
    /// Read by the heartbeat the container's health check looks at.
    connected: Arc<AtomicBool>,
}

#[serenity::async_trait]
impl EventHandler for Handler {
    async fn ready(&self, ctx: Context, ready: Ready) {
        info!(user = %ready.user.name, guilds = ready.guilds.len(), "connected to Discord");
        self.connected.store(true, Ordering::SeqCst);
        // READY comes again after a reconnect; registering once per process is enough.
        if self.registered.swap(true, Ordering::SeqCst) {
            return;
        }
        let app = self.app.clone();
        let sections = tokio::task::spawn_blocking(move || app.section_names(25))
            .await
            .ok()
            .and_then(Result::ok)
            .unwrap_or_default();
        let wanted = registration::definitions(&sections);
        let joined: Vec<u64> = ready.guilds.iter().map(|g| g.id.get()).collect();
        let scopes = registration::scopes(&self.app.config.discord.guilds, &joined);
        for scope in scopes.register {
            let scope_name = registration::scope_name(scope);
            match registration::register(&ctx.http, scope, wanted.clone()).await {
                Ok(r) => {
                    info!(scope = %scope_name, commands = wanted.len(), result = ?r, "slash commands registered")
                }
                Err(e) => {
                    error!(scope = %scope_name, error = %e, "could not register slash commands")
                }
            }
        }
        for scope in scopes.clear {
            let scope_name = registration::scope_name(scope);
            match registration::clear(&ctx.http, scope).await {
                Ok(deleted) if deleted.is_empty() => {}
                Ok(deleted) => info!(
                    scope = %scope_name,
                    deleted = %deleted.join(", "),
                    "stale slash commands deleted: this scope is no longer registered in (discord.guilds)"
                ),
                Err(e) => {
                    warn!(scope = %scope_name, error = %e, "could not delete stale slash commands")
                }
            }
        }
    }

    async fn shard_stage_update(&self, _ctx: Context, event: ShardStageUpdateEvent) {
        let up = event.new == ConnectionStage::Connected;
        if self.connected.swap(up, Ordering::SeqCst) != up {
            info!(stage = %event.new, "gateway connection {}", if up { "up" } else { "down" });
        }
    }

    async fn interaction_create(&self, ctx: Context, interaction: Interaction) {
        interactions::handle(self.app.clone(), ctx.http.clone(), interaction).await;
    }
}

/// Runs the bot until `shutdown` completes, then closes the gateway connection. Returns
/// when the shards have stopped (or the grace period ran out). `connected` follows the
/// gateway connection.
pub async fn run(
    app: Arc<App>,
    token: SecretString,
    api_base: Option<String>,
    connected: Arc<AtomicBool>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    if let Some(base) = &api_base {
        info!(api_base = %base, "sending Discord REST calls through a proxy");
    }
    let http = super::poster::build_http(token.expose_secret(), api_base.as_deref())
        .context("building the HTTP client")?;
    let handler = Handler {
        app,
        registered: AtomicBool::new(false),
        connected,
    };
    let mut client = ClientBuilder::new_with_http(http, GatewayIntents::GUILDS)
        .event_handler(handler)
        .await
        .context("building the Discord client")?;
    let manager = client.shard_manager.clone();
    let (stopped_tx, stopped_rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        shutdown.await;
        info!("shutting down: closing the gateway connection");
        manager.shutdown_all().await;
        let _ = stopped_tx.send(());
    });
    tokio::select! {
        result = client.start() => {
            if let Err(e) = result {
                warn!(error = %e, "the Discord client stopped with an error");
                return Err(e).context("the Discord connection failed");
            }
        }
        _ = async {
            let _ = stopped_rx.await;
            tokio::time::sleep(SHUTDOWN_GRACE).await;
        } => warn!("shards did not stop within the grace period; exiting anyway"),
    }
    Ok(())
}
