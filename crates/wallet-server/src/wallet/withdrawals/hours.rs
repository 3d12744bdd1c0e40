//! Operators review withdrawals in business hours: the expected end of an operator's review
//! counts only the time the review desk is open (Monday to Friday, its configured hours, in its
//! time zone). Automatic stages run around the clock.

use crate::config::WithdrawalConfig;

const DAY: i64 = 24 * 60 * 60;

/// `start` plus `secs` of the review desk's open time.
pub fn add_business_time(config: &WithdrawalConfig, start: i64, secs: i64) -> i64 {
    let offset = config.withdrawal_review_utc_offset_mins * 60;
    let (open, close) = (config.withdrawal_review_opens_hour.clamp(0, 24) * 3600, config.withdrawal_review_closes_hour.clamp(0, 24) * 3600);
    if open >= close {
        return start + secs; // no hours configured: around the clock
    }
    let mut local = start + offset;
    let mut left = secs.max(0);
    for _ in 0..(366 * 5) {
        let day = local.div_euclid(DAY);
        let weekday = (day + 3).rem_euclid(7); // 1970-01-01 was a Thursday; Monday is 0
        let (day_open, day_close) = (day * DAY + open, day * DAY + close);
        if weekday < 5 && local < day_close {
            let from = local.max(day_open);
            if from + left <= day_close {
                return from + left - offset;
            }
            left -= day_close - from;
        }
        local = (day + 1) * DAY;
    }
    start + secs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> WithdrawalConfig {
        WithdrawalConfig { withdrawal_review_opens_hour: 9, withdrawal_review_closes_hour: 18, withdrawal_review_utc_offset_mins: 480, ..WithdrawalConfig::default() }
    }

    /// 2026-11-26 (a Thursday) at `hour`:`minute` China time, as Unix seconds.
    fn thursday(hour: i64, minute: i64) -> i64 {
        1_795_651_200 - 8 * 3600 + hour * 3600 + minute * 60
    }

    #[test]
    fn a_review_within_the_day_ends_the_same_day() {
        assert_eq!(add_business_time(&config(), thursday(10, 0), 4 * 3600), thursday(14, 0));
    }

    #[test]
    fn a_review_started_in_the_evening_waits_for_the_next_morning() {
        assert_eq!(add_business_time(&config(), thursday(17, 0), 2 * 3600), thursday(24 + 10, 0));
        assert_eq!(add_business_time(&config(), thursday(20, 0), 3600), thursday(24 + 10, 0));
    }

    #[test]
    fn a_review_running_into_the_weekend_goes_on_on_monday() {
        // Friday 16:00 + 4 h: 2 h on Friday, 2 h from Monday 09:00.
        assert_eq!(add_business_time(&config(), thursday(24 + 16, 0), 4 * 3600), thursday(4 * 24 + 11, 0));
    }

    #[test]
    fn without_hours_the_review_runs_around_the_clock() {
        let config = WithdrawalConfig { withdrawal_review_opens_hour: 0, withdrawal_review_closes_hour: 0, ..config() };
        assert_eq!(add_business_time(&config, thursday(23, 0), 3600), thursday(24, 0));
    }
}
