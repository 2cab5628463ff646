//! briefbot: a library of news briefs kept in sled and answered through one command layer
//! shared by the command line and Discord. See ARCHITECTURE.md for the map.

pub mod app;
pub mod attribution;
pub mod brief;
pub mod cli;
pub mod commands;
pub mod config;
pub mod control;
pub mod corpus;
pub mod delivery;
pub mod discord;
pub mod ingest;
pub mod model;
pub mod ops;
pub mod positions;
pub mod post;
pub mod reply;
pub mod search;
pub mod sentences;
pub mod sources;
mod stems;
pub mod store;
mod wordlists;
