//! Delivery: subscriptions, daily schedules and the engine that posts each brief to each
//! channel exactly once.

pub mod clock;
pub mod engine;
pub mod limiter;
pub mod model;
pub mod poster;
pub mod schedule;
pub mod watcher;
