//! The delivery engine: posts each brief to each channel exactly once, for subscriptions (every
//! new brief, pushed at ingest) and daily schedules (the newest brief the channel has not had,
//! at a local time).
//!
//! Exactly once rests on three things. A delivery is claimed in sled, and the claim flushed,
//! before anything is posted; each message id is recorded as it comes back; and every part is
//! posted with a nonce derived from the delivery key and the part, with `enforce_nonce`, so the
//! one post a crash can leave unrecorded is dropped by Discord when a restart sends it again.

use std::collections::HashSet;
use std::fmt;
use std::future::Future;
use std::ops::AddAssign;
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use chrono_tz::Tz;
use tokio::sync::{watch, Notify};
use tokio::task::JoinSet;
use tracing::{debug, error, info, warn};

use super::clock::Clock;
use super::limiter::Limiter;
use super::model::{brief_key, schedule_key, Delivery, DeliveryState, LastRun, Schedule};
use super::poster::{nonce, PostError, Poster};
use super::schedule::{fire_instant, local_date, next_fire};
use crate::brief::Brief;
use crate::post::delivery_post;
use crate::reply::Reply;
use crate::store::{DeliveryClaim, Store, StoreError};

/// Longest wait between two attempts after transient failures.
const RETRY_CAP: Duration = Duration::from_secs(10);
/// How often the loop looks at the store even when nothing is due: schedules edited without
/// a `wake()`, deliveries a failed attempt left claimed, a wall clock that jumped.
const TICK: Duration = Duration::from_secs(60);
const SUBSCRIPTION_CLAIM: &str = "claimed by subscription ";
const SCHEDULE_CLAIM: &str = "claimed by schedule ";

#[derive(Debug, Clone)]
pub struct EngineConfig {
    /// Posts per second over the whole bot (Discord allows 50).
    pub rate_per_sec: f64,
    /// Deliveries in flight at once.
    pub concurrency: usize,
    /// How late a missed post may still go out (after downtime); older ones are skipped.
    pub catchup: Duration,
    /// Where moderators hear about paused subscriptions and schedules.
    pub log_channel: Option<u64>,
    /// Attempts per message part on 429s and transient failures before leaving the delivery
    /// claimed for a later run.
    pub max_attempts: u32,
    /// Wait after the first transient failure; doubled each time up to 10 s.
    pub retry_base: Duration,
}

impl Default for EngineConfig {
    fn default() -> Self {
        EngineConfig {
            rate_per_sec: 40.0,
            concurrency: 8,
            catchup: Duration::from_secs(6 * 3600),
            log_channel: None,
            max_attempts: 5,
            retry_base: Duration::from_millis(200),
        }
    }
}

/// What one call did, counted in deliveries (a brief to a channel), not messages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DeliveryReport {
    /// Delivered from a fresh claim.
    pub sent: usize,
    /// Finished a delivery claimed earlier (a crash, or an attempt that gave up).
    pub resumed: usize,
    /// Nothing new to post, or too old to catch up.
    pub skipped: usize,
    /// Refused by the channel (the subscription or schedule is now paused) or rejected.
    pub failed: usize,
    /// Still claimed: a later run finishes it.
    pub pending: usize,
}

impl DeliveryReport {
    pub fn is_empty(&self) -> bool {
        *self == DeliveryReport::default()
    }
}

impl AddAssign for DeliveryReport {
    fn add_assign(&mut self, o: DeliveryReport) {
        self.sent += o.sent;
        self.resumed += o.resumed;
        self.skipped += o.skipped;
        self.failed += o.failed;
        self.pending += o.pending;
    }
}

impl fmt::Display for DeliveryReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} sent, {} resumed, {} skipped, {} failed, {} pending",
            self.sent, self.resumed, self.skipped, self.failed, self.pending
        )
    }
}

/// Who asked for a delivery: paused if the channel refuses it.
#[derive(Debug, Clone)]
enum Owner {
    Subscription(String),
    /// The schedule, the local date it fired for, and its `s/` record.
    Schedule {
        id: String,
        date: NaiveDate,
        record: Delivery,
    },
}

/// A claimed delivery waiting to be sent.
struct Job {
    owner: Owner,
    brief: Arc<Brief>,
    sections: Vec<String>,
    /// Mentioned in the first message of the post.
    role: Option<u64>,
    /// The `b/` record; its `message_ids` say which parts went out already.
    delivery: Delivery,
    resumed: bool,
    _reserved: Reservation,
}

/// Marks a delivery key as being worked on in this process, so a push and a scheduled run
/// (or two pushes) never send the same delivery side by side.
struct Reservation {
    set: Arc<Mutex<HashSet<String>>>,
    key: String,
}

impl Drop for Reservation {
    fn drop(&mut self) {
        lock(&self.set).remove(&self.key);
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// A store task's result once joined: a panic in it goes on unwinding here, and a task the
/// runtime cancelled (it was shutting down) is `ShuttingDown`.
fn joined<T>(r: Result<Result<T, StoreError>, tokio::task::JoinError>) -> Result<T, StoreError> {
    match r {
        Ok(r) => r,
        Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        Err(_) => Err(StoreError::ShuttingDown),
    }
}

pub struct Engine {
    me: Weak<Engine>,
    store: Store,
    poster: Arc<dyn Poster>,
    clock: Arc<dyn Clock>,
    cfg: EngineConfig,
    limiter: Limiter,
    wake: Notify,
    stop: watch::Sender<bool>,
    in_flight: Arc<Mutex<HashSet<String>>>,
    /// One `run_due` at a time: the loop's and, say, a test's.
    due: tokio::sync::Mutex<()>,
}

impl Engine {
    pub fn new(
        store: Store,
        poster: Arc<dyn Poster>,
        clock: Arc<dyn Clock>,
        cfg: EngineConfig,
    ) -> Arc<Engine> {
        Arc::new_cyclic(|me| Engine {
            me: me.clone(),
            limiter: Limiter::new(cfg.rate_per_sec, cfg.concurrency),
            store,
            poster,
            clock,
            cfg,
            wake: Notify::new(),
            stop: watch::Sender::new(false),
            in_flight: Arc::new(Mutex::new(HashSet::new())),
            due: tokio::sync::Mutex::new(()),
        })
    }

    /// Makes the loop look at schedules now (after a moderator changed one).
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Stops taking new work: parts already being posted finish, the rest stays claimed for
    /// the next start. `run` calls this when its shutdown future completes.
    pub fn stop(&self) {
        self.stop.send_replace(true);
        self.wake.notify_one();
    }

    fn stopping(&self) -> bool {
        *self.stop.borrow()
    }

    fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    fn catchup(&self) -> TimeDelta {
        TimeDelta::from_std(self.cfg.catchup).unwrap_or(TimeDelta::MAX)
    }

    fn reserve(&self, key: &str) -> Option<Reservation> {
        lock(&self.in_flight)
            .insert(key.to_string())
            .then(|| Reservation {
                set: Arc::clone(&self.in_flight),
                key: key.to_string(),
            })
    }

    /// Pushes every brief ingested within the catch-up window (see [`Engine::push_brief`]).
    pub async fn push_recent(&self) -> DeliveryReport {
        let cutoff = self.now().timestamp() - self.cfg.catchup.as_secs() as i64;
        let recent: Vec<String> = match self.store.all_briefs() {
            Ok(briefs) => briefs
                .into_iter()
                .filter(|b| b.ingested_at >= cutoff)
                .map(|b| b.id)
                .collect(),
            Err(e) => {
                error!(error = %e, "could not list briefs to catch up on");
                return DeliveryReport {
                    pending: 1,
                    ..DeliveryReport::default()
                };
            }
        };
        let mut report = DeliveryReport::default();
        for id in recent {
            report += self.push_brief(&id).await;
        }
        report
    }

    /// Sends brief `brief_id` to every active subscription created before the brief was
    /// ingested, once per channel however often it is called.
    pub async fn push_brief(&self, brief_id: &str) -> DeliveryReport {
        if self.stopping() {
            return DeliveryReport::default();
        }
        match self.claim_push(brief_id) {
            Ok(jobs) => self.run_jobs(jobs).await,
            Err(e) => {
                error!(brief = brief_id, error = %e, "could not claim deliveries for a brief");
                DeliveryReport {
                    pending: 1,
                    ..DeliveryReport::default()
                }
            }
        }
    }

    fn claim_push(&self, brief_id: &str) -> Result<Vec<Job>, StoreError> {
        let Some(brief) = self.store.brief(brief_id)? else {
            warn!(brief = brief_id, "asked to push a brief that is not stored");
            return Ok(Vec::new());
        };
        let brief = Arc::new(brief);
        let now = self.now().timestamp();
        let mut jobs = Vec::new();
        for sub in self.store.subscriptions()? {
            if sub.paused.is_some() || sub.created_at > brief.ingested_at {
                continue;
            }
            let fresh = Delivery {
                key: brief_key(&brief.id, sub.channel_id),
                channel_id: sub.channel_id,
                brief_id: Some(brief.id.clone()),
                state: DeliveryState::Claimed,
                message_ids: Vec::new(),
                at: now,
                note: format!("{SUBSCRIPTION_CLAIM}{}", sub.id),
            };
            let (delivery, resumed) = match self.store.claim_deliveries(&[fresh])? {
                DeliveryClaim::New(d) => (d, false),
                DeliveryClaim::Resume(d) => (d, true),
                DeliveryClaim::Done(_) => continue,
            };
            // Already being sent by another call in this process.
            let Some(reserved) = self.reserve(&delivery.key) else {
                continue;
            };
            jobs.push(Job {
                owner: Owner::Subscription(sub.id.clone()),
                brief: Arc::clone(&brief),
                sections: sub.sections.clone(),
                role: sub.role,
                delivery,
                resumed,
                _reserved: reserved,
            });
        }
        Ok(jobs)
    }

    /// Fires every schedule that is due today or was due yesterday (local dates) within the
    /// catch-up window, records older misses as skipped, and finishes subscription deliveries
    /// an earlier run left claimed.
    pub async fn run_due(&self) -> DeliveryReport {
        let _one_at_a_time = self.due.lock().await;
        if self.stopping() {
            return DeliveryReport::default();
        }
        let mut report = DeliveryReport::default();
        let jobs = match self.collect_due(&mut report) {
            Ok(jobs) => jobs,
            Err(e) => {
                error!(error = %e, "could not read schedules and deliveries");
                report.pending += 1;
                return report;
            }
        };
        if jobs.is_empty() {
            // Skips recorded above still need to be durable; an idle tick writes nothing.
            if !report.is_empty() {
                if let Err(e) = self.flush().await {
                    error!(error = %e, "could not flush delivery records");
                }
            }
            return report;
        }
        report += self.run_jobs(jobs).await;
        report
    }

    fn collect_due(&self, report: &mut DeliveryReport) -> Result<Vec<Job>, StoreError> {
        let now = self.now();
        let mut jobs = Vec::new();
        let mut newest: Option<Option<Arc<Brief>>> = None;
        for sched in self.store.schedules()? {
            if sched.paused.is_some() {
                continue;
            }
            let Ok(tz) = sched.timezone.parse::<Tz>() else {
                warn!(schedule = %sched.id, timezone = %sched.timezone, "schedule has an unknown time zone; not firing it");
                continue;
            };
            let today = local_date(tz, now);
            for date in [today - TimeDelta::days(1), today] {
                let fire = fire_instant(sched.time, tz, date);
                // A schedule made at 10:00 for 08:00 starts tomorrow, not at once.
                if fire > now || fire.timestamp() < sched.created_at {
                    continue;
                }
                if let Some(job) = self.fire(&sched, date, fire, now, &mut newest, report)? {
                    jobs.push(job);
                }
            }
        }
        self.collect_orphans(now, report, &mut jobs)?;
        Ok(jobs)
    }

    /// One schedule on one local date whose fire instant has passed.
    fn fire(
        &self,
        sched: &Schedule,
        date: NaiveDate,
        fire: DateTime<Utc>,
        now: DateTime<Utc>,
        newest: &mut Option<Option<Arc<Brief>>>,
        report: &mut DeliveryReport,
    ) -> Result<Option<Job>, StoreError> {
        let key = schedule_key(&sched.id, date);
        let too_old = now - fire > self.catchup();
        match self.store.delivery(&key)? {
            Some(rec) if rec.state != DeliveryState::Claimed => Ok(None),
            Some(rec) if too_old => {
                warn!(schedule = %sched.id, %date, %fire, "unfinished daily post is older than the catch-up window; skipping it");
                self.abandon(rec, "not finished within the catch-up window")?;
                report.skipped += 1;
                Ok(None)
            }
            Some(rec) => self.resume_schedule(sched, date, rec, report),
            None if too_old => {
                warn!(schedule = %sched.id, %date, %fire, "missed a daily post older than the catch-up window; skipping it");
                self.skip_fire(
                    sched,
                    date,
                    now,
                    format!("missed: {fire} is older than the catch-up window"),
                )?;
                report.skipped += 1;
                Ok(None)
            }
            None => {
                let newest = match newest {
                    Some(b) => b,
                    None => newest.insert(self.newest_brief()?),
                };
                let Some(brief) = self.choose(newest.as_ref(), sched.channel_id)? else {
                    info!(schedule = %sched.id, %date, channel = sched.channel_id, "no new brief for this daily post");
                    self.skip_fire(sched, date, now, "no new brief".to_string())?;
                    report.skipped += 1;
                    return Ok(None);
                };
                let claim = |key: String| Delivery {
                    key,
                    channel_id: sched.channel_id,
                    brief_id: Some(brief.id.clone()),
                    state: DeliveryState::Claimed,
                    message_ids: Vec::new(),
                    at: now.timestamp(),
                    note: format!("{SCHEDULE_CLAIM}{} for {date}", sched.id),
                };
                let pair = [claim(key), claim(brief_key(&brief.id, sched.channel_id))];
                match self.store.claim_deliveries(&pair)? {
                    DeliveryClaim::New(record) => {
                        let [_, delivery] = pair;
                        let Some(reserved) = self.reserve(&delivery.key) else {
                            return Ok(None);
                        };
                        Ok(Some(Job {
                            owner: Owner::Schedule {
                                id: sched.id.clone(),
                                date,
                                record,
                            },
                            brief: Arc::clone(&brief),
                            sections: sched.sections.clone(),
                            role: sched.role,
                            delivery,
                            resumed: false,
                            _reserved: reserved,
                        }))
                    }
                    DeliveryClaim::Resume(rec) => self.resume_schedule(sched, date, rec, report),
                    DeliveryClaim::Done(_) => Ok(None),
                }
            }
        }
    }

    /// A schedule's firing left claimed: finish the brief it chose.
    fn resume_schedule(
        &self,
        sched: &Schedule,
        date: NaiveDate,
        mut record: Delivery,
        report: &mut DeliveryReport,
    ) -> Result<Option<Job>, StoreError> {
        let now = self.now().timestamp();
        let Some(brief_id) = record.brief_id.clone() else {
            record.state = DeliveryState::Skipped;
            record.note = "no brief recorded".into();
            self.store.put_delivery(&record)?;
            report.skipped += 1;
            return Ok(None);
        };
        let bkey = brief_key(&brief_id, sched.channel_id);
        let delivery = match self.store.delivery(&bkey)? {
            Some(d) if d.state == DeliveryState::Claimed => d,
            Some(d) => {
                // The brief record was finished but the crash came before the schedule's.
                record.state = d.state;
                record.message_ids = d.message_ids.clone();
                record.note = d.note.clone();
                record.at = now;
                self.store.put_delivery(&record)?;
                if d.state == DeliveryState::Sent {
                    self.set_last(&sched.id, date, Some(brief_id), now)?;
                }
                return Ok(None);
            }
            None => {
                let d = Delivery {
                    key: bkey,
                    message_ids: Vec::new(),
                    ..record.clone()
                };
                self.store.put_delivery(&d)?;
                d
            }
        };
        let Some(brief) = self.store.brief(&brief_id)? else {
            warn!(schedule = %sched.id, brief = %brief_id, "the brief chosen for a daily post is gone; skipping it");
            self.abandon(record, "the brief is no longer stored")?;
            report.skipped += 1;
            return Ok(None);
        };
        let Some(reserved) = self.reserve(&delivery.key) else {
            return Ok(None);
        };
        Ok(Some(Job {
            owner: Owner::Schedule {
                id: sched.id.clone(),
                date,
                record,
            },
            brief: Arc::new(brief),
            sections: sched.sections.clone(),
            role: sched.role,
            delivery,
            resumed: true,
            _reserved: reserved,
        }))
    }

    /// Subscription deliveries left claimed (a crash mid fan-out, or attempts that gave up).
    fn collect_orphans(
        &self,
        now: DateTime<Utc>,
        report: &mut DeliveryReport,
        jobs: &mut Vec<Job>,
    ) -> Result<(), StoreError> {
        let mut subs = None;
        for d in self.store.deliveries_with_prefix("b/")? {
            if d.state != DeliveryState::Claimed || lock(&self.in_flight).contains(&d.key) {
                continue;
            }
            // A schedule's `s/` record drives its own brief record.
            let Some(sub_id) = d.note.strip_prefix(SUBSCRIPTION_CLAIM) else {
                continue;
            };
            let subs = match &subs {
                Some(s) => s,
                None => subs.insert(self.store.subscriptions()?),
            };
            let Some(sub) = subs.iter().find(|s| s.id == sub_id) else {
                debug!(key = %d.key, "claimed delivery of a removed subscription; dropping it");
                self.abandon(d, "the subscription was removed")?;
                continue;
            };
            if sub.paused.is_some() {
                continue;
            }
            if now.timestamp() - d.at > self.catchup().num_seconds() {
                warn!(key = %d.key, "unfinished delivery is older than the catch-up window; skipping it");
                self.abandon(d, "not finished within the catch-up window")?;
                report.skipped += 1;
                continue;
            }
            let Some(brief) = d
                .brief_id
                .as_deref()
                .map(|id| self.store.brief(id))
                .transpose()?
                .flatten()
            else {
                self.abandon(d, "the brief is no longer stored")?;
                report.skipped += 1;
                continue;
            };
            let Some(reserved) = self.reserve(&d.key) else {
                continue;
            };
            jobs.push(Job {
                owner: Owner::Subscription(sub.id.clone()),
                brief: Arc::new(brief),
                sections: sub.sections.clone(),
                role: sub.role,
                delivery: d,
                resumed: true,
                _reserved: reserved,
            });
        }
        Ok(())
    }

    /// The newest brief, as `/brief latest` picks it (newest date, then ingested last, then
    /// highest id): read from that date alone, not the library.
    fn newest_brief(&self) -> Result<Option<Arc<Brief>>, StoreError> {
        Ok(self.store.latest_brief()?.map(Arc::new))
    }

    /// The brief a daily post sends: the newest one, unless the channel has it (or is getting
    /// it) already. Older briefs are not walked back into, or a fresh schedule over a big
    /// library would post one old brief a day for ever.
    fn choose(
        &self,
        newest: Option<&Arc<Brief>>,
        channel_id: u64,
    ) -> Result<Option<Arc<Brief>>, StoreError> {
        let Some(newest) = newest else {
            return Ok(None);
        };
        let had = self
            .store
            .delivery(&brief_key(&newest.id, channel_id))?
            .is_some_and(|d| matches!(d.state, DeliveryState::Sent | DeliveryState::Claimed));
        Ok((!had).then(|| Arc::clone(newest)))
    }

    fn skip_fire(
        &self,
        sched: &Schedule,
        date: NaiveDate,
        now: DateTime<Utc>,
        note: String,
    ) -> Result<(), StoreError> {
        let rec = Delivery {
            key: schedule_key(&sched.id, date),
            channel_id: sched.channel_id,
            brief_id: None,
            state: DeliveryState::Skipped,
            message_ids: Vec::new(),
            at: now.timestamp(),
            note,
        };
        if let DeliveryClaim::New(_) = self.store.claim_deliveries(&[rec])? {
            self.set_last(&sched.id, date, None, now.timestamp())?;
        }
        Ok(())
    }

    /// Gives up on a claimed delivery (and, for a schedule's record, the brief record it
    /// claimed with it) so it is not looked at again.
    fn abandon(&self, mut rec: Delivery, why: &str) -> Result<(), StoreError> {
        if rec.key.starts_with("s/") {
            if let Some(bid) = &rec.brief_id {
                if let Some(mut b) = self.store.delivery(&brief_key(bid, rec.channel_id))? {
                    if b.state == DeliveryState::Claimed {
                        b.state = DeliveryState::Skipped;
                        b.note = why.to_string();
                        self.store.put_delivery(&b)?;
                    }
                }
            }
        }
        rec.state = DeliveryState::Skipped;
        rec.note = why.to_string();
        self.store.put_delivery(&rec)
    }

    fn set_last(
        &self,
        schedule_id: &str,
        date: NaiveDate,
        brief_id: Option<String>,
        at: i64,
    ) -> Result<(), StoreError> {
        let Some(mut sched) = self
            .store
            .schedules()?
            .into_iter()
            .find(|s| s.id == schedule_id)
        else {
            return Ok(());
        };
        if sched.last.as_ref().is_some_and(|l| l.local_date > date) {
            return Ok(());
        }
        sched.last = Some(LastRun {
            local_date: date,
            brief_id,
            at,
        });
        self.store.put_schedule(&sched)
    }

    /// Flushes the store on a blocking thread. A runtime that is shutting down may cancel
    /// the flush before it starts: that is a flush that failed (nothing is posted on it),
    /// not a panic.
    async fn flush(&self) -> Result<(), StoreError> {
        let store = self.store.clone();
        joined(tokio::task::spawn_blocking(move || store.flush()).await)
    }

    /// Flushes the claims, then sends every job, `concurrency` at a time.
    async fn run_jobs(&self, jobs: Vec<Job>) -> DeliveryReport {
        let mut report = DeliveryReport::default();
        if jobs.is_empty() {
            return report;
        }
        if let Err(e) = self.flush().await {
            // Posting without a durable claim could post twice after a crash.
            error!(error = %e, "could not flush delivery claims; not posting");
            report.pending += jobs.len();
            return report;
        }
        let Some(me) = self.me.upgrade() else {
            report.pending += jobs.len();
            return report;
        };
        // Dropping the set (the caller gave up on us) aborts the sends, as a crash would; the
        // claims make the next run finish them.
        let mut set = JoinSet::new();
        for job in jobs {
            let me = Arc::clone(&me);
            set.spawn(async move { me.run_job(job).await });
        }
        while let Some(done) = set.join_next().await {
            match done {
                Ok(r) => report += r,
                Err(e) => {
                    error!(error = %e, "a delivery task failed");
                    report.pending += 1;
                }
            }
        }
        report
    }

    async fn run_job(&self, job: Job) -> DeliveryReport {
        let _permit = self.limiter.permit().await;
        let pending = DeliveryReport {
            pending: 1,
            ..DeliveryReport::default()
        };
        let reply = delivery_post(&job.brief, &job.sections, job.role);
        let mut d = job.delivery.clone();
        let channel = d.channel_id;
        for (i, msg) in reply.messages.iter().enumerate().skip(d.message_ids.len()) {
            if self.stopping() {
                return pending;
            }
            let nonce = nonce(&d.key, &i.to_string());
            match self.send(channel, msg, &nonce).await {
                Ok(id) => {
                    d.message_ids.push(id);
                    d.at = self.now().timestamp();
                    if let Err(e) = self.store.put_delivery(&d) {
                        error!(key = %d.key, error = %e, "could not record a posted message");
                        return pending;
                    }
                    // Durable before the next part: Discord remembers a nonce only for a
                    // few minutes, so a restart long after a crash must not rely on it.
                    // (The last part is flushed by `finish`.)
                    if i + 1 < reply.messages.len() {
                        if let Err(e) = self.flush().await {
                            error!(key = %d.key, error = %e, "could not flush a posted message");
                            return pending;
                        }
                    }
                }
                Err(e @ (PostError::RateLimited { .. } | PostError::Transient(_))) => {
                    warn!(key = %d.key, channel, part = i, error = %e, "gave up for now; the delivery stays claimed and a later run finishes it");
                    return pending;
                }
                Err(e) => return self.fail(&job.owner, d, e).await,
            }
        }
        match self.finish(&job.owner, d).await {
            Ok(()) if job.resumed => DeliveryReport {
                resumed: 1,
                ..DeliveryReport::default()
            },
            Ok(()) => DeliveryReport {
                sent: 1,
                ..DeliveryReport::default()
            },
            Err(e) => {
                error!(key = %job.delivery.key, error = %e, "posted, but could not record it");
                pending
            }
        }
    }

    /// Marks a delivery sent (the brief record first: a crash in between leaves the schedule
    /// record claimed, and resuming it only copies the brief record's state).
    async fn finish(&self, owner: &Owner, mut d: Delivery) -> Result<(), StoreError> {
        let now = self.now().timestamp();
        d.state = DeliveryState::Sent;
        d.at = now;
        d.note = String::new();
        self.store.put_delivery(&d)?;
        if let Owner::Schedule { id, date, record } = owner {
            let mut record = record.clone();
            record.state = DeliveryState::Sent;
            record.message_ids = d.message_ids.clone();
            record.brief_id = d.brief_id.clone();
            record.at = now;
            record.note = String::new();
            self.store.put_delivery(&record)?;
            self.set_last(id, *date, d.brief_id.clone(), now)?;
        }
        self.flush().await
    }

    /// Posts one part: 429s wait as told, transient failures back off, both with the same
    /// nonce; anything else comes straight back.
    /// Posts `reply` to `channel` now, outside any schedule or subscription (`/schedule
    /// test`): nothing is claimed or recorded, so the real deliveries go out as planned.
    /// Returns how many messages were posted.
    pub async fn post_now(
        &self,
        channel: u64,
        reply: &crate::reply::Reply,
    ) -> Result<usize, PostError> {
        // A fresh nonce per test: two tests of the same schedule are two posts.
        let key = format!("t/{channel}/{}", self.now().timestamp_micros());
        for (i, msg) in reply.messages.iter().enumerate() {
            let _permit = self.limiter.permit().await;
            self.send(channel, msg, &nonce(&key, &i.to_string()))
                .await?;
        }
        Ok(reply.messages.len())
    }

    async fn send(
        &self,
        channel: u64,
        msg: &crate::reply::Message,
        nonce: &str,
    ) -> Result<u64, PostError> {
        let max = self.cfg.max_attempts.max(1);
        let mut backoff = self.cfg.retry_base;
        let mut attempt = 0;
        loop {
            attempt += 1;
            self.limiter.slot().await;
            let err = match self.poster.post(channel, msg, nonce).await {
                Ok(id) => return Ok(id),
                Err(e) => e,
            };
            let wait = match &err {
                PostError::RateLimited { retry_after } => {
                    self.limiter.pause_for(*retry_after);
                    *retry_after
                }
                PostError::Transient(_) => {
                    let w = backoff;
                    backoff = (backoff * 2).min(RETRY_CAP);
                    w
                }
                _ => return Err(err),
            };
            if attempt >= max {
                return Err(err);
            }
            debug!(channel, attempt, ?wait, error = %err, "retrying a post");
            if !self.wait_unless_stopping(wait).await {
                return Err(err);
            }
        }
    }

    /// Sleeps `d` (tokio time: a retry is not a schedule); false if a shutdown cut it short.
    async fn wait_unless_stopping(&self, d: Duration) -> bool {
        let mut stop = self.stop.subscribe();
        tokio::select! {
            _ = tokio::time::sleep(d) => !self.stopping(),
            _ = stop.wait_for(|s| *s) => false,
        }
    }

    /// The channel refused or Discord rejected the post: record why, pause the owner on
    /// 403/404 (retrying only counts against the invalid-request limit), and tell moderators
    /// once.
    async fn fail(&self, owner: &Owner, mut d: Delivery, err: PostError) -> DeliveryReport {
        let failed = DeliveryReport {
            failed: 1,
            ..DeliveryReport::default()
        };
        let channel = d.channel_id;
        let now = self.now().timestamp();
        let note = err.to_string();
        d.state = DeliveryState::Failed;
        d.at = now;
        d.note = note.clone();
        let refused = matches!(err, PostError::Forbidden(_) | PostError::NotFound(_));
        let why = format!("{note} in channel {channel}");
        let recorded = (|| -> Result<(), StoreError> {
            self.store.put_delivery(&d)?;
            if let Owner::Schedule { record, .. } = owner {
                let mut record = record.clone();
                record.state = DeliveryState::Failed;
                record.at = now;
                record.note = note.clone();
                self.store.put_delivery(&record)?;
            }
            if refused {
                self.pause(owner, &why)?;
            }
            Ok(())
        })();
        let flushed = match recorded {
            Ok(()) => self.flush().await,
            Err(e) => Err(e),
        };
        if let Err(e) = flushed {
            error!(key = %d.key, error = %e, "could not record a failed delivery");
        }
        if !refused {
            error!(key = %d.key, channel, error = %err, "Discord rejected a brief post; not retrying");
            return failed;
        }
        let what = match owner {
            Owner::Subscription(id) => format!("subscription {id}"),
            Owner::Schedule { id, .. } => format!("daily schedule {id}"),
        };
        warn!(key = %d.key, channel, error = %err, paused = %what, "channel refused a brief post; paused");
        self.notify_moderators(
            &d.key,
            channel,
            format!(
                "Stopped posting briefs to <#{channel}>: Discord answered {note}. The {what} is paused. \
                 Give the bot View Channel, Send Messages and Embed Links there and set it up again, \
                 or remove it."
            ),
        )
        .await;
        failed
    }

    fn pause(&self, owner: &Owner, why: &str) -> Result<(), StoreError> {
        match owner {
            Owner::Subscription(id) => {
                if let Some(mut s) = self
                    .store
                    .subscriptions()?
                    .into_iter()
                    .find(|s| s.id == *id)
                {
                    if s.paused.is_none() {
                        s.paused = Some(why.to_string());
                        self.store.put_subscription(&s)?;
                    }
                }
            }
            Owner::Schedule { id, .. } => {
                if let Some(mut s) = self.store.schedules()?.into_iter().find(|s| s.id == *id) {
                    if s.paused.is_none() {
                        s.paused = Some(why.to_string());
                        self.store.put_schedule(&s)?;
                    }
                }
            }
        }
        Ok(())
    }

    /// One notice to the log channel, never retried: a notice that fails is logged and that
    /// is the end of it.
    async fn notify_moderators(&self, key: &str, failed_channel: u64, text: String) {
        let Some(log) = self.cfg.log_channel else {
            return;
        };
        if log == failed_channel {
            warn!(
                channel = log,
                "the log channel itself refused a post; no notice sent"
            );
            return;
        }
        let Some(mut msg) = Reply::notice(text).messages.into_iter().next() else {
            return;
        };
        msg.ephemeral = false;
        self.limiter.slot().await;
        if let Err(e) = self.poster.post(log, &msg, &nonce(key, "notice")).await {
            warn!(channel = log, error = %e, "could not post a notice to the log channel");
        }
    }

    /// The earliest next fire over active schedules.
    pub fn next_wakeup(&self) -> Option<DateTime<Utc>> {
        let now = self.now();
        let schedules = match self.store.schedules() {
            Ok(s) => s,
            Err(e) => {
                error!(error = %e, "could not read schedules");
                return None;
            }
        };
        schedules
            .iter()
            .filter(|s| s.paused.is_none())
            .filter_map(|s| {
                let tz = s.timezone.parse::<Tz>().ok()?;
                Some(next_fire(s.time, tz, now).1)
            })
            .min()
    }

    /// Runs due work, then sleeps until the next fire, a `wake()`, a minute, or `shutdown`.
    /// On shutdown, parts being posted finish and everything else stays claimed for the next
    /// start; returns once nothing is being sent.
    pub async fn run(self: Arc<Self>, shutdown: impl Future<Output = ()> + Send) {
        let mut shutdown = std::pin::pin!(shutdown);
        let mut shutting_down = false;
        info!("delivery engine started");
        // A brief stored just before a crash or a stop may not have been claimed for its
        // subscribers yet; claims are idempotent, so pushing recent briefs again is safe.
        let report = self.push_recent().await;
        if !report.is_empty() {
            info!(%report, "caught up on briefs stored before the restart");
        }
        while !shutting_down && !self.stopping() {
            let due = self.run_due();
            let mut due = std::pin::pin!(due);
            let report = loop {
                tokio::select! {
                    r = &mut due => break r,
                    _ = &mut shutdown, if !shutting_down => {
                        shutting_down = true;
                        self.stop();
                    }
                }
            };
            if !report.is_empty() {
                info!(%report, "deliveries");
            }
            if shutting_down || self.stopping() {
                break;
            }
            let until = self.next_wakeup();
            let fire: crate::delivery::clock::BoxFuture<'static, ()> = match until {
                Some(t) => self.clock.sleep_until(t),
                None => Box::pin(std::future::pending()),
            };
            tokio::select! {
                _ = fire => {}
                _ = self.wake.notified() => {}
                _ = tokio::time::sleep(TICK) => {}
                _ = &mut shutdown => {
                    self.stop();
                }
            }
        }
        info!("delivery engine stopped");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_cancelled_store_task_is_an_error_not_a_panic() {
        let never = tokio::spawn(std::future::pending::<Result<(), StoreError>>());
        never.abort();
        let e = joined(never.await).unwrap_err();
        assert!(matches!(e, StoreError::ShuttingDown), "{e}");
        assert_eq!(
            joined(tokio::spawn(async { Ok::<_, StoreError>(7) }).await).unwrap(),
            7
        );
    }

    #[tokio::test]
    async fn a_panic_in_a_store_task_goes_on_unwinding() {
        let panicked = tokio::spawn(async { panic!("flush failed") }).await;
        let unwound =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| joined::<()>(panicked)));
        let payload = unwound.unwrap_err();
        assert_eq!(payload.downcast_ref::<&str>(), Some(&"flush failed"));
    }
}
