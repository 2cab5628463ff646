//! Records that more than one layer shares: the store keeps them, while delivery and the
//! source poller act on them. They live below all three, so the store imports neither
//! `delivery` nor `sources`, and those two import the store.

pub mod delivery;
pub mod source;
