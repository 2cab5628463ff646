//! Discord: the only module that imports serenity. It renders a [`Reply`] as serenity
//! builders, registers the command contract, turns interactions into commands for the
//! shared handler, and runs the gateway client.
//!
//! [`Reply`]: crate::reply::Reply

mod client;
pub mod interactions;
pub mod poster;
pub mod registration;
pub mod render;

pub use client::run;

use std::sync::Arc;

use secrecy::{ExposeSecret, SecretString};

/// The delivery engine's way to post: serenity's Http for `token`, through `api_base` when
/// set, behind the platform-neutral [`Poster`](crate::delivery::poster::Poster) trait.
pub fn poster(
    token: &SecretString,
    api_base: Option<&str>,
) -> anyhow::Result<Arc<dyn crate::delivery::poster::Poster>> {
    let http = Arc::new(poster::build_http(token.expose_secret(), api_base)?);
    Ok(Arc::new(poster::DiscordPoster::new(http)?))
}

use crate::app::App as Bot;
