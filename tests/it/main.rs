//! The integration tests, as one test binary with a module per area (after zero2prod's
//! `tests/api/main.rs`). Each `tests/*.rs` file used to be its own binary, and each linked
//! serenity, sled and the library and compiled `support` again: one binary builds and links
//! them once. Run one area with `cargo test --test it cli::`, one test with
//! `cargo test --test it positions_engine::engine_output`.
//!
//! Tests from different modules now share one process: none may set environment variables
//! or the working directory of the process (they set them on the `briefbot` child
//! processes they start instead).

mod support;

mod backup;
mod cli;
mod delivery;
mod discord;
mod fake_discord_selftest;
mod faults;
mod invariants;
mod kill;
mod parsers;
mod positions_cli;
mod positions_engine;
mod search_index;
mod sources;
mod topics;
