//! Subscriptions, schedules and delivery records in sled. Every change a moderator is told
//! about is flushed first; a claim is flushed before the post it guards.
//!
//! Trees: `subscriptions` id -> record, `schedules` id -> record, `deliveries` key ->
//! record (keys from `delivery::model`), `meta` `next_id` -> u64 BE.

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};
use sled::transaction::ConflictableTransactionError;
use sled::Transactional;

use super::{Store, StoreError};
use crate::model::delivery::{Delivery, DeliveryState, LastRun, Schedule, Subscription};

const RECORD_V1: u8 = 1;
const NEXT_ID: &[u8] = b"next_id";

#[derive(Serialize, Deserialize)]
struct SubscriptionV1 {
    id: String,
    guild_id: u64,
    channel_id: u64,
    sections: Vec<String>,
    created_by: u64,
    created_at: i64,
    paused: Option<String>,
    /// Added without a new record version: absent in older records, and left out when
    /// None so those records read back byte for byte.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    role: Option<u64>,
}

#[derive(Serialize, Deserialize)]
struct ScheduleV1 {
    id: String,
    guild_id: u64,
    channel_id: u64,
    time: String,
    timezone: String,
    sections: Vec<String>,
    created_by: u64,
    created_at: i64,
    paused: Option<String>,
    last: Option<(String, Option<String>, i64)>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    role: Option<u64>,
}

#[derive(Serialize, Deserialize)]
struct DeliveryV1 {
    channel_id: u64,
    brief_id: Option<String>,
    state: String,
    message_ids: Vec<u64>,
    at: i64,
    note: String,
}

fn encode<T: Serialize>(rec: &T) -> Vec<u8> {
    let mut out = vec![RECORD_V1];
    serde_json::to_writer(&mut out, rec).expect("records of strings and numbers serialize");
    out
}

fn decode<T: for<'de> Deserialize<'de>>(key: &[u8], bytes: &[u8]) -> Result<T, StoreError> {
    let corrupt = |reason: String| StoreError::Corrupt {
        key: String::from_utf8_lossy(key).into_owned(),
        reason,
    };
    match bytes.split_first() {
        Some((&RECORD_V1, body)) => {
            serde_json::from_slice(body).map_err(|e| corrupt(e.to_string()))
        }
        Some((v, _)) => Err(corrupt(format!("unknown record version {v}"))),
        None => Err(corrupt("empty record".into())),
    }
}

fn sub_to_rec(s: &Subscription) -> SubscriptionV1 {
    SubscriptionV1 {
        id: s.id.clone(),
        guild_id: s.guild_id,
        channel_id: s.channel_id,
        sections: s.sections.clone(),
        created_by: s.created_by,
        created_at: s.created_at,
        paused: s.paused.clone(),
        role: s.role,
    }
}

fn rec_to_sub(r: SubscriptionV1) -> Subscription {
    Subscription {
        id: r.id,
        guild_id: r.guild_id,
        channel_id: r.channel_id,
        sections: r.sections,
        created_by: r.created_by,
        created_at: r.created_at,
        paused: r.paused,
        role: r.role,
    }
}

fn sched_to_rec(s: &Schedule) -> ScheduleV1 {
    ScheduleV1 {
        id: s.id.clone(),
        guild_id: s.guild_id,
        channel_id: s.channel_id,
        time: s.time.format("%H:%M").to_string(),
        timezone: s.timezone.clone(),
        sections: s.sections.clone(),
        created_by: s.created_by,
        created_at: s.created_at,
        paused: s.paused.clone(),
        last: s
            .last
            .as_ref()
            .map(|l| (l.local_date.to_string(), l.brief_id.clone(), l.at)),
        role: s.role,
    }
}

fn rec_to_sched(key: &[u8], r: ScheduleV1) -> Result<Schedule, StoreError> {
    let corrupt = |reason: String| StoreError::Corrupt {
        key: String::from_utf8_lossy(key).into_owned(),
        reason,
    };
    let time = NaiveTime::parse_from_str(&r.time, "%H:%M")
        .map_err(|e| corrupt(format!("time {:?}: {e}", r.time)))?;
    let last = match r.last {
        None => None,
        Some((d, brief_id, at)) => Some(LastRun {
            local_date: NaiveDate::parse_from_str(&d, "%Y-%m-%d")
                .map_err(|e| corrupt(format!("date {d:?}: {e}")))?,
            brief_id,
            at,
        }),
    };
    Ok(Schedule {
        id: r.id,
        guild_id: r.guild_id,
        channel_id: r.channel_id,
        time,
        timezone: r.timezone,
        sections: r.sections,
        created_by: r.created_by,
        created_at: r.created_at,
        paused: r.paused,
        last,
        role: r.role,
    })
}

fn delivery_to_rec(d: &Delivery) -> DeliveryV1 {
    DeliveryV1 {
        channel_id: d.channel_id,
        brief_id: d.brief_id.clone(),
        state: d.state.as_str().to_string(),
        message_ids: d.message_ids.clone(),
        at: d.at,
        note: d.note.clone(),
    }
}

fn rec_to_delivery(key: &[u8], r: DeliveryV1) -> Result<Delivery, StoreError> {
    let state = DeliveryState::parse(&r.state).ok_or_else(|| StoreError::Corrupt {
        key: String::from_utf8_lossy(key).into_owned(),
        reason: format!("unknown delivery state {:?}", r.state),
    })?;
    Ok(Delivery {
        key: String::from_utf8_lossy(key).into_owned(),
        channel_id: r.channel_id,
        brief_id: r.brief_id,
        state,
        message_ids: r.message_ids,
        at: r.at,
        note: r.note,
    })
}

/// What claiming a delivery found ([`Store::claim_deliveries`]): send it all, send the rest,
/// or do nothing. Not to be confused with a `/position` claim (`positions::Claim`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeliveryClaim {
    /// Newly claimed: send everything.
    New(Delivery),
    /// Claimed before (a crash or a failed attempt): send the parts not yet sent.
    Resume(Delivery),
    /// Already sent, skipped or failed: do nothing.
    Done(Delivery),
}

impl Store {
    /// A short id, unique in this database: `sub-4`, `daily-5`.
    pub fn next_id(&self, prefix: &str) -> Result<String, StoreError> {
        let v = self.meta.update_and_fetch(NEXT_ID, |old| {
            let n = old
                .and_then(|o| <[u8; 8]>::try_from(o).ok())
                .map_or(0, u64::from_be_bytes);
            Some((n + 1).to_be_bytes().to_vec())
        })?;
        let n = v
            .and_then(|o| <[u8; 8]>::try_from(o.as_ref()).ok())
            .map_or(1, u64::from_be_bytes);
        Ok(format!("{prefix}-{n}"))
    }

    pub fn put_subscription(&self, s: &Subscription) -> Result<(), StoreError> {
        self.subscriptions
            .insert(s.id.as_bytes(), encode(&sub_to_rec(s)))?;
        Ok(())
    }

    pub fn remove_subscription(&self, id: &str) -> Result<bool, StoreError> {
        Ok(self.subscriptions.remove(id.as_bytes())?.is_some())
    }

    pub fn subscriptions(&self) -> Result<Vec<Subscription>, StoreError> {
        self.subscriptions
            .iter()
            .map(|kv| {
                let (k, v) = kv?;
                decode::<SubscriptionV1>(&k, &v).map(rec_to_sub)
            })
            .collect()
    }

    pub fn put_schedule(&self, s: &Schedule) -> Result<(), StoreError> {
        self.schedules
            .insert(s.id.as_bytes(), encode(&sched_to_rec(s)))?;
        Ok(())
    }

    pub fn remove_schedule(&self, id: &str) -> Result<bool, StoreError> {
        Ok(self.schedules.remove(id.as_bytes())?.is_some())
    }

    pub fn schedules(&self) -> Result<Vec<Schedule>, StoreError> {
        self.schedules
            .iter()
            .map(|kv| {
                let (k, v) = kv?;
                rec_to_sched(&k, decode::<ScheduleV1>(&k, &v)?)
            })
            .collect()
    }

    pub fn delivery(&self, key: &str) -> Result<Option<Delivery>, StoreError> {
        match self.deliveries.get(key.as_bytes())? {
            Some(v) => Ok(Some(rec_to_delivery(
                key.as_bytes(),
                decode(key.as_bytes(), &v)?,
            )?)),
            None => Ok(None),
        }
    }

    pub fn put_delivery(&self, d: &Delivery) -> Result<(), StoreError> {
        self.deliveries
            .insert(d.key.as_bytes(), encode(&delivery_to_rec(d)))?;
        Ok(())
    }

    /// Claims every key in `fresh` together, atomically, unless the first key already has a
    /// record (then that record decides). Used to claim `(schedule, date)` and `(brief,
    /// channel)` at once. Not flushed: flush before sending.
    pub fn claim_deliveries(&self, fresh: &[Delivery]) -> Result<DeliveryClaim, StoreError> {
        let first = fresh.first().expect("claim needs at least one delivery");
        let trees = (&self.deliveries,);
        let result = trees.transaction(|(deliveries,)| {
            if let Some(v) = deliveries.get(first.key.as_bytes())? {
                let rec = decode::<DeliveryV1>(first.key.as_bytes(), &v)
                    .and_then(|r| rec_to_delivery(first.key.as_bytes(), r))
                    .map_err(ConflictableTransactionError::Abort)?;
                return Ok(match rec.state {
                    DeliveryState::Claimed => DeliveryClaim::Resume(rec),
                    _ => DeliveryClaim::Done(rec),
                });
            }
            for d in fresh {
                deliveries.insert(d.key.as_bytes(), encode(&delivery_to_rec(d)))?;
            }
            Ok(DeliveryClaim::New(first.clone()))
        })?;
        Ok(result)
    }

    /// Every delivery record whose key starts with `prefix` (e.g. `b/` or `s/daily-3/`).
    pub fn deliveries_with_prefix(&self, prefix: &str) -> Result<Vec<Delivery>, StoreError> {
        self.deliveries
            .scan_prefix(prefix.as_bytes())
            .map(|kv| {
                let (k, v) = kv?;
                rec_to_delivery(&k, decode(&k, &v)?)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::delivery::{brief_key, schedule_key};

    fn delivery(key: String) -> Delivery {
        Delivery {
            key,
            channel_id: 7,
            brief_id: Some("b1".into()),
            state: DeliveryState::Claimed,
            message_ids: vec![],
            at: 1,
            note: String::new(),
        }
    }

    #[test]
    fn records_round_trip_and_claims_happen_once() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path(), 1 << 20).unwrap();
        assert_eq!(store.next_id("sub").unwrap(), "sub-1");
        assert_eq!(store.next_id("daily").unwrap(), "daily-2");
        let sched = Schedule {
            id: "daily-2".into(),
            guild_id: 1,
            channel_id: 7,
            time: NaiveTime::from_hms_opt(8, 0, 0).unwrap(),
            timezone: "Europe/Kyiv".into(),
            sections: vec!["What Happened".into()],
            created_by: 9,
            created_at: 5,
            paused: None,
            last: Some(LastRun {
                local_date: NaiveDate::from_ymd_opt(2025, 3, 30).unwrap(),
                brief_id: None,
                at: 6,
            }),
            role: Some(555),
        };
        store.put_schedule(&sched).unwrap();
        assert_eq!(store.schedules().unwrap(), vec![sched]);

        let date = NaiveDate::from_ymd_opt(2025, 3, 30).unwrap();
        let pair = [
            delivery(schedule_key("daily-2", date)),
            delivery(brief_key("b1", 7)),
        ];
        assert!(matches!(
            store.claim_deliveries(&pair).unwrap(),
            DeliveryClaim::New(_)
        ));
        assert!(matches!(
            store.claim_deliveries(&pair).unwrap(),
            DeliveryClaim::Resume(_)
        ));
        assert!(
            store.delivery(&brief_key("b1", 7)).unwrap().is_some(),
            "both keys claimed together"
        );
        let mut sent = pair[0].clone();
        sent.state = DeliveryState::Sent;
        sent.message_ids = vec![11, 12];
        store.put_delivery(&sent).unwrap();
        assert!(
            matches!(store.claim_deliveries(&pair).unwrap(), DeliveryClaim::Done(d) if d.message_ids == vec![11, 12])
        );
        assert_eq!(store.deliveries_with_prefix("s/daily-2/").unwrap().len(), 1);
    }
}
