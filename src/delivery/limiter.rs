//! One limit on every post the bot makes, however many deliveries run at once: Discord allows
//! 50 requests a second per bot and serenity does not hold that limit itself. Posts take the
//! next free slot (`1 / rate` apart) and at most `concurrency` of them are in flight.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

#[derive(Debug)]
pub struct Limiter {
    interval: Duration,
    next_slot: Mutex<Instant>,
    in_flight: Arc<Semaphore>,
}

impl Limiter {
    /// `rate_per_sec` ≤ 0 or not finite means no rate limit; `concurrency` is at least 1.
    pub fn new(rate_per_sec: f64, concurrency: usize) -> Limiter {
        let interval = if rate_per_sec.is_finite() && rate_per_sec > 0.0 {
            Duration::from_secs_f64(1.0 / rate_per_sec)
        } else {
            Duration::ZERO
        };
        Limiter {
            interval,
            next_slot: Mutex::new(Instant::now()),
            in_flight: Arc::new(Semaphore::new(concurrency.max(1))),
        }
    }

    /// A place among the deliveries in flight; held for a whole delivery, retries included,
    /// so a struggling channel slows the fan-out instead of multiplying requests.
    pub async fn permit(&self) -> OwnedSemaphorePermit {
        Arc::clone(&self.in_flight)
            .acquire_owned()
            .await
            .expect("the semaphore is never closed")
    }

    /// Waits for the next request slot. Every request, retries included, takes one.
    /// Holds every sender back for `d`: after a 429 the others would most likely get one
    /// too, and Discord counts each toward its ban on too many invalid requests.
    pub fn pause_for(&self, d: Duration) {
        let mut next = self.next_slot.lock().unwrap_or_else(|e| e.into_inner());
        let until = Instant::now() + d;
        if *next < until {
            *next = until;
        }
    }

    pub async fn slot(&self) {
        let at = {
            let mut next = self.next_slot.lock().unwrap_or_else(|e| e.into_inner());
            let now = Instant::now();
            let at = (*next).max(now);
            *next = at + self.interval;
            at
        };
        tokio::time::sleep_until(at).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_pause_holds_back_the_next_slot() {
        let limiter = Limiter::new(1000.0, 8);
        limiter.pause_for(Duration::from_millis(150));
        let start = Instant::now();
        limiter.slot().await;
        assert!(start.elapsed() >= Duration::from_millis(140));
    }

    #[tokio::test]
    async fn slots_are_spaced_by_the_rate() {
        // tokio's test-util (paused time) is not enabled here, so this runs in real time:
        // 21 requests at 200/s take at least 100 ms.
        let limiter = Arc::new(Limiter::new(200.0, 8));
        let start = Instant::now();
        let mut tasks = Vec::new();
        for _ in 0..21 {
            let l = Arc::clone(&limiter);
            tasks.push(tokio::spawn(async move {
                l.slot().await;
                Instant::now()
            }));
        }
        let mut times = Vec::new();
        for t in tasks {
            times.push(t.await.unwrap());
        }
        times.sort();
        assert!(times[20] - start >= Duration::from_millis(100));
        assert!(times[20] - start < Duration::from_secs(5));
    }

    #[tokio::test]
    async fn concurrency_is_bounded() {
        let limiter = Limiter::new(0.0, 2);
        let a = limiter.permit().await;
        let _b = limiter.permit().await;
        assert!(
            tokio::time::timeout(Duration::from_millis(20), limiter.permit())
                .await
                .is_err(),
            "a third permit waits"
        );
        drop(a);
        let _c = tokio::time::timeout(Duration::from_secs(1), limiter.permit())
            .await
            .expect("freed by the first");
    }
}
