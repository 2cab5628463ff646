//! Delivery: subscriptions, daily schedules and the engine that posts each brief to each
//! channel exactly once.

pub mod model;
