//! Discord: the only module that knows Discord's shapes. For now it turns a [`Reply`] into
//! the JSON message bodies Discord receives; the serenity client joins it here.
//!
//! [`Reply`]: crate::reply::Reply

pub mod payload;
