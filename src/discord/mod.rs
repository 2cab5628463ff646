//! Discord: the only module that imports serenity. It renders a [`Reply`] as serenity
//! builders, registers the command contract, turns interactions into commands for the
//! shared handler, and runs the gateway client.
//!
//! [`Reply`]: crate::reply::Reply

mod client;
pub mod interactions;
pub mod registration;
pub mod render;

pub use client::run;

use crate::app::App as Bot;
