//! Delivery: subscriptions, daily schedules and the engine that posts each brief to each
//! channel exactly once.

pub mod clock;
pub mod engine;
pub mod limiter;
// The records delivery works on, kept below the store (`crate::model`).
pub use crate::model::delivery as model;
pub mod poster;
pub mod schedule;
pub mod watcher;
