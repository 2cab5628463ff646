//! Where briefs go: subscriptions (every new brief to a channel), daily schedules (the
//! newest unseen brief at a local time) and the delivery records that make each post
//! happen exactly once.

use chrono::{NaiveDate, NaiveTime};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    pub id: String,
    pub guild_id: u64,
    pub channel_id: u64,
    /// Section names to post; empty = all.
    pub sections: Vec<String>,
    pub created_by: u64,
    /// Seconds since the epoch; briefs ingested before this are not pushed.
    pub created_at: i64,
    /// Why posting stopped (e.g. "Missing Access (403)"); None while active.
    pub paused: Option<String>,
    /// The one role each post mentions (pings), chosen by a moderator; None = nobody.
    pub role: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    pub id: String,
    pub guild_id: u64,
    pub channel_id: u64,
    pub time: NaiveTime,
    /// IANA zone name.
    pub timezone: String,
    pub sections: Vec<String>,
    pub created_by: u64,
    pub created_at: i64,
    pub paused: Option<String>,
    pub last: Option<LastRun>,
    /// The one role each post mentions, as for a subscription.
    pub role: Option<u64>,
}

/// The most recent firing of a schedule, for `/schedule list`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastRun {
    pub local_date: NaiveDate,
    /// None when there was no new brief to post.
    pub brief_id: Option<String>,
    pub at: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryState {
    /// Claimed before sending; a restart finishes it.
    Claimed,
    Sent,
    /// Nothing to send (no new brief), or too old to catch up.
    Skipped,
    /// The channel refused (403/404); the subscription or schedule is paused.
    Failed,
}

impl DeliveryState {
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryState::Claimed => "claimed",
            DeliveryState::Sent => "sent",
            DeliveryState::Skipped => "skipped",
            DeliveryState::Failed => "failed",
        }
    }

    pub fn parse(s: &str) -> Option<DeliveryState> {
        Some(match s {
            "claimed" => DeliveryState::Claimed,
            "sent" => DeliveryState::Sent,
            "skipped" => DeliveryState::Skipped,
            "failed" => DeliveryState::Failed,
            _ => return None,
        })
    }
}

/// One delivery: a brief to a channel (`b/{brief}/{channel}`) or a schedule's firing on a
/// local date (`s/{schedule}/{date}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    pub key: String,
    pub channel_id: u64,
    pub brief_id: Option<String>,
    pub state: DeliveryState,
    /// Ids of the messages posted so far, one per part of the brief, in order.
    pub message_ids: Vec<u64>,
    pub at: i64,
    pub note: String,
}

pub fn brief_key(brief_id: &str, channel_id: u64) -> String {
    format!("b/{brief_id}/{channel_id}")
}

pub fn schedule_key(schedule_id: &str, local_date: NaiveDate) -> String {
    format!("s/{schedule_id}/{local_date}")
}
