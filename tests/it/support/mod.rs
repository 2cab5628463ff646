//! Shared helpers for integration tests: a fake Discord (REST + gateway) on loopback and
//! builders for the interaction payloads Discord would send.
//!
//! A test module that needs them says `use crate::support;`. Not every test uses every
//! helper, so unused items are allowed here rather than sprinkling attributes over each one.
//! The benches include this module too (`#[path]`); in a test or bench binary no `pub` is
//! reachable from outside, so `unreachable_pub` (for the library's API) says nothing here.
#![allow(dead_code, unused_imports, unreachable_pub)]

pub mod bot;
pub mod fake_discord;
pub mod interactions;
pub mod library;
