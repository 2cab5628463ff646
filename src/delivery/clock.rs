//! The engine's notion of "now": the wall clock in production, a hand-driven clock in tests.
//! Schedules fire at wall-clock instants, and `tokio::time::pause` freezes tokio's clock but
//! not `Utc::now()`, so schedule tests need a clock they can move themselves.

use std::future::Future;
use std::pin::Pin;

use chrono::{DateTime, TimeDelta, Utc};
use tokio::sync::watch;

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
    /// Completes once `now() >= t` (at once if it already is).
    fn sleep_until(&self, t: DateTime<Utc>) -> BoxFuture<'static, ()>;
}

/// The system wall clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }

    fn sleep_until(&self, t: DateTime<Utc>) -> BoxFuture<'static, ()> {
        Box::pin(async move {
            // A wall-clock jump (NTP, suspend) makes this early or late; the engine's periodic
            // tick re-checks what is due, so being approximate here is fine.
            if let Ok(d) = (t - Utc::now()).to_std() {
                tokio::time::sleep(d).await;
            }
        })
    }
}

/// A clock that moves only when told to. Sleepers wake as soon as it reaches their instant.
#[derive(Debug)]
pub struct ManualClock {
    now: watch::Sender<DateTime<Utc>>,
}

impl ManualClock {
    pub fn new(start: DateTime<Utc>) -> ManualClock {
        ManualClock {
            now: watch::Sender::new(start),
        }
    }

    pub fn set(&self, t: DateTime<Utc>) {
        self.now.send_replace(t);
    }

    pub fn advance(&self, d: TimeDelta) {
        self.now.send_modify(|now| *now += d);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self.now.borrow()
    }

    fn sleep_until(&self, t: DateTime<Utc>) -> BoxFuture<'static, ()> {
        let mut rx = self.now.subscribe();
        Box::pin(async move {
            // If the clock is dropped it can never reach `t`: sleep for good rather than wake
            // a loop that would spin.
            if rx.wait_for(|now| *now >= t).await.is_err() {
                std::future::pending::<()>().await;
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[tokio::test]
    async fn manual_sleepers_wake_when_the_clock_passes_them() {
        let clock = ManualClock::new(at("2025-03-30T00:00:00Z"));
        let early = clock.sleep_until(at("2025-03-29T23:00:00Z"));
        tokio::time::timeout(Duration::from_secs(1), early)
            .await
            .expect("a past instant completes at once");

        let sleeper = tokio::spawn(clock.sleep_until(at("2025-03-30T05:00:00Z")));
        clock.advance(TimeDelta::hours(4));
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert!(!sleeper.is_finished(), "04:00 is before 05:00");
        clock.set(at("2025-03-30T05:00:01Z"));
        tokio::time::timeout(Duration::from_secs(1), sleeper)
            .await
            .expect("wakes once the clock passed its instant")
            .unwrap();
        assert_eq!(clock.now(), at("2025-03-30T05:00:01Z"));
    }
}
