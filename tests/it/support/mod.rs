//! Shared helpers for integration tests: a fake Discord (REST + gateway) on loopback and
//! builders for the interaction payloads Discord would send.
//!
//! A test module that needs them says `use crate::support;`. Not every test uses every
//! helper, so unused items are allowed here rather than sprinkling attributes over each one.
#![allow(dead_code, unused_imports)]

pub mod fake_discord;
pub mod interactions;
