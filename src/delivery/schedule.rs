//! When a daily schedule fires, in UTC, for a local date in its zone. Each fire is computed
//! from the local date and the zone's rules, never by adding 24 hours to the last one, so a
//! post at 08:00 Kyiv time stays at 08:00 across daylight-saving changes.

use chrono::{
    DateTime, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, TimeZone, Utc,
};
use chrono_tz::Tz;

/// The instant `time` happens on `local_date` in `tz`. A time skipped by a spring-forward
/// change fires at the first instant after the gap (02:30 in New York on the change day is
/// 03:00 local); a time that happens twice at a fall-back change fires at the first
/// occurrence only.
pub fn fire_instant(time: NaiveTime, tz: Tz, local_date: NaiveDate) -> DateTime<Utc> {
    let local = local_date.and_time(time);
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(a, b) => a.min(b).with_timezone(&Utc),
        LocalResult::None => end_of_gap(tz, local),
    }
}

/// The first fire strictly after `after`, with the local date it belongs to.
pub fn next_fire(time: NaiveTime, tz: Tz, after: DateTime<Utc>) -> (NaiveDate, DateTime<Utc>) {
    // A fire belongs to its local date but may land a little after it (a gap pushes it
    // forward), so start a day early; fire instants grow with the date.
    let mut date = local_date(tz, after) - TimeDelta::days(1);
    loop {
        let fire = fire_instant(time, tz, date);
        if fire > after {
            return (date, fire);
        }
        date += TimeDelta::days(1);
    }
}

/// The calendar date in `tz` at instant `t`.
pub fn local_date(tz: Tz, t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&tz).date_naive()
}

/// The transition instant that skipped the local time `local`: the first instant whose local
/// time is at or after it. Found by bisection between the readings under the offsets on
/// either side of the change, so it does not assume the change is on a whole hour.
fn end_of_gap(tz: Tz, local: NaiveDateTime) -> DateTime<Utc> {
    use chrono::Offset;
    let naive_utc = local.and_utc();
    let offset_at = |t: DateTime<Utc>| {
        TimeDelta::seconds(i64::from(
            tz.offset_from_utc_datetime(&t.naive_utc())
                .fix()
                .local_minus_utc(),
        ))
    };
    let before = offset_at(naive_utc - TimeDelta::days(1));
    let after = offset_at(naive_utc + TimeDelta::days(1));
    let reaches = |t: DateTime<Utc>| t + offset_at(t) >= naive_utc;
    // `lo` reads earlier than `local`, `hi` reads at or after it.
    let mut lo = naive_utc - after.max(before);
    let mut hi = naive_utc - after.min(before);
    if reaches(lo) || !reaches(hi) {
        // Zone data we did not expect (two changes within a day): one hour after is the
        // usual answer and never fires before the requested time.
        return naive_utc - before + TimeDelta::hours(1);
    }
    while hi - lo > TimeDelta::seconds(1) {
        let mid = lo + (hi - lo) / 2;
        if reaches(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    hi
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(hm: &str) -> NaiveTime {
        NaiveTime::parse_from_str(hm, "%H:%M").unwrap()
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    const KYIV: Tz = chrono_tz::Europe::Kyiv;
    const NEW_YORK: Tz = chrono_tz::America::New_York;

    #[test]
    fn fire_instants_follow_the_local_clock_across_changes() {
        // (zone, local time, local date, expected UTC instant, why)
        let cases = [
            (
                KYIV,
                "08:00",
                "2025-07-01",
                "2025-07-01T05:00:00Z",
                "summer, UTC+3",
            ),
            (
                KYIV,
                "08:00",
                "2025-01-15",
                "2025-01-15T06:00:00Z",
                "winter, UTC+2",
            ),
            (
                KYIV,
                "08:00",
                "2025-03-29",
                "2025-03-29T06:00:00Z",
                "day before spring change",
            ),
            (
                KYIV,
                "08:00",
                "2025-03-30",
                "2025-03-30T05:00:00Z",
                "spring change day",
            ),
            (
                KYIV,
                "08:00",
                "2025-03-31",
                "2025-03-31T05:00:00Z",
                "day after spring change",
            ),
            (
                KYIV,
                "08:00",
                "2025-10-25",
                "2025-10-25T05:00:00Z",
                "day before fall change",
            ),
            (
                KYIV,
                "08:00",
                "2025-10-26",
                "2025-10-26T06:00:00Z",
                "fall change day",
            ),
            (
                KYIV,
                "08:00",
                "2025-10-27",
                "2025-10-27T06:00:00Z",
                "day after fall change",
            ),
            (
                KYIV,
                "03:30",
                "2025-03-30",
                "2025-03-30T01:00:00Z",
                "gap 03:00-04:00 -> 04:00 EEST",
            ),
            (
                KYIV,
                "03:30",
                "2025-10-26",
                "2025-10-26T00:30:00Z",
                "overlap: first (EEST) reading",
            ),
            (
                NEW_YORK,
                "08:00",
                "2025-03-08",
                "2025-03-08T13:00:00Z",
                "EST",
            ),
            (
                NEW_YORK,
                "08:00",
                "2025-03-09",
                "2025-03-09T12:00:00Z",
                "spring change day, EDT",
            ),
            (
                NEW_YORK,
                "08:00",
                "2025-11-01",
                "2025-11-01T12:00:00Z",
                "EDT",
            ),
            (
                NEW_YORK,
                "08:00",
                "2025-11-02",
                "2025-11-02T13:00:00Z",
                "fall change day, EST",
            ),
            (
                NEW_YORK,
                "02:30",
                "2025-03-09",
                "2025-03-09T07:00:00Z",
                "gap -> 03:00 EDT",
            ),
            (
                NEW_YORK,
                "02:00",
                "2025-03-09",
                "2025-03-09T07:00:00Z",
                "start of the gap",
            ),
            (
                NEW_YORK,
                "03:00",
                "2025-03-09",
                "2025-03-09T07:00:00Z",
                "end of the gap is real",
            ),
            (
                NEW_YORK,
                "01:30",
                "2025-11-02",
                "2025-11-02T05:30:00Z",
                "overlap: first (EDT) reading",
            ),
            (
                NEW_YORK,
                "01:30",
                "2025-11-03",
                "2025-11-03T06:30:00Z",
                "EST after the change",
            ),
            (
                NEW_YORK,
                "02:30",
                "2025-11-02",
                "2025-11-02T07:30:00Z",
                "after the overlap, EST",
            ),
        ];
        for (tz, time, date, want, why) in cases {
            assert_eq!(
                fire_instant(t(time), tz, d(date)),
                utc(want),
                "{tz} {time} on {date}: {why}"
            );
        }
    }

    #[test]
    fn next_fire_walks_local_dates_not_24_hours() {
        // (zone, time, after, expected local date, expected instant)
        let cases = [
            (
                KYIV,
                "08:00",
                "2025-03-29T06:00:00Z",
                "2025-03-30",
                "2025-03-30T05:00:00Z",
            ),
            (
                KYIV,
                "08:00",
                "2025-03-29T05:59:59Z",
                "2025-03-29",
                "2025-03-29T06:00:00Z",
            ),
            (
                KYIV,
                "08:00",
                "2025-10-25T05:00:00Z",
                "2025-10-26",
                "2025-10-26T06:00:00Z",
            ),
            (
                KYIV,
                "03:30",
                "2025-03-29T01:30:00Z",
                "2025-03-30",
                "2025-03-30T01:00:00Z",
            ),
            (
                NEW_YORK,
                "02:30",
                "2025-03-08T07:30:00Z",
                "2025-03-09",
                "2025-03-09T07:00:00Z",
            ),
            (
                NEW_YORK,
                "01:30",
                "2025-11-02T05:30:00Z",
                "2025-11-03",
                "2025-11-03T06:30:00Z",
            ),
            (
                NEW_YORK,
                "01:30",
                "2025-11-01T05:30:00Z",
                "2025-11-02",
                "2025-11-02T05:30:00Z",
            ),
            (
                NEW_YORK,
                "23:30",
                "2025-11-02T04:00:00Z",
                "2025-11-02",
                "2025-11-03T04:30:00Z",
            ),
        ];
        for (tz, time, after, date, want) in cases {
            assert_eq!(
                next_fire(t(time), tz, utc(after)),
                (d(date), utc(want)),
                "{tz} {time} after {after}"
            );
        }
    }

    #[test]
    fn one_fire_per_local_day_over_a_year() {
        for tz in [
            KYIV,
            NEW_YORK,
            chrono_tz::Australia::Lord_Howe,
            chrono_tz::UTC,
        ] {
            for time in ["00:00", "01:30", "02:30", "03:30", "08:00", "23:59"] {
                let mut after = utc("2025-01-01T00:00:00Z");
                let mut last: Option<NaiveDate> = None;
                for _ in 0..366 {
                    let (date, fire) = next_fire(t(time), tz, after);
                    if let Some(prev) = last {
                        assert_eq!(
                            date,
                            prev + TimeDelta::days(1),
                            "{tz} {time}: no day skipped or repeated"
                        );
                    }
                    assert!(fire > after);
                    last = Some(date);
                    after = fire;
                }
            }
        }
    }
}
