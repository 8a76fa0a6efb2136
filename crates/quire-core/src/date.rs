//! Post dates: parsed from front matter or a Jekyll file name, validated, and formatted for
//! readers. Hand-written because the forms are few and the bundle is precious. Any text is
//! either a date or an error that says how to write one; nothing here panics on input.

use std::cmp::Ordering;
use std::fmt;

/// A post's publication date, with the time of day and UTC offset when the author gave them.
///
/// Dates order by the instant they stand for ([`PostDate::instant`]): `10:00 +02:00` comes
/// before `09:30 Z`. A date without a time is midnight and a time without an offset is UTC, as
/// [`PostDate::rfc3339`] writes them. Two spellings of one instant (`10:00 +02:00` and
/// `08:00 Z`) are not equal; they order by their fields, so the order stays total and agrees
/// with `==`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PostDate {
    pub year: u16,
    pub month: u8,
    pub day: u8,
    /// Seconds since midnight, if a time was given.
    pub seconds: Option<u32>,
    /// Offset from UTC in minutes, if one was given (`Z` is 0).
    pub offset_minutes: Option<i16>,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The longest part of a bad date an error message repeats.
const SHOWN_CHARS: usize = 40;

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to a calendar date (proleptic Gregorian; Howard Hinnant's
/// `days_from_civil`). Any field values give a number, never a panic.
fn days_since_epoch(year: u16, month: u8, day: u8) -> i64 {
    let (month, day) = (i64::from(month), i64::from(day));
    let year = i64::from(year) - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

fn digits<T: std::str::FromStr>(s: &str, len: usize) -> Option<T> {
    (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// A bad date as an error message shows it: its first characters, control characters escaped.
fn shown(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().take(SHOWN_CHARS) {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    if text.chars().nth(SHOWN_CHARS).is_some() {
        out.push('…');
    }
    out
}

/// Why `YYYY-MM-DD` text is not a calendar date, in words the author can act on.
fn day_problem(text: &str, day: &str) -> String {
    let fix = "write it as YYYY-MM-DD, e.g. 2024-03-05";
    let numbers = day
        .split_once('-')
        .and_then(|(y, md)| md.split_once('-').map(|(m, d)| (y, m, d)))
        .and_then(|(y, m, d)| {
            Some((
                digits::<u16>(y, 4)?,
                digits::<u8>(m, 2)?,
                digits::<u8>(d, 2)?,
            ))
        });
    match numbers {
        Some((_, month, _)) if !(1..=12).contains(&month) => {
            format!("`{}` has no month {month}: {fix}", shown(text))
        }
        Some((year, month, _)) => format!(
            "`{}` is not a day: {} {year} has {} days; {fix}",
            shown(text),
            MONTHS[usize::from(month - 1)],
            days_in_month(year, month)
        ),
        None => format!("`{}` is not a date: {fix}", shown(text)),
    }
}

impl PostDate {
    /// Parses `YYYY-MM-DD`, optionally followed (after a space or `T`) by `HH:MM[:SS[.frac]]`
    /// and an offset (`Z`, `+HH:MM`, `+HHMM`, or ` +HHMM` as Jekyll writes it).
    pub fn parse(text: &str) -> Result<PostDate, String> {
        let text = text.trim();
        let (day, rest) = text.split_at_checked(10).unwrap_or((text, ""));
        let date = Self::parse_day(day).ok_or_else(|| day_problem(text, day))?;
        let rest = rest.strip_prefix(['T', 't']).unwrap_or(rest).trim_start();
        if rest.is_empty() {
            return Ok(date);
        }
        let bad_time = || {
            format!(
                "`{}` has a date but its time is not understood: write YYYY-MM-DD HH:MM:SS \
                 (hours 00-23) with an optional offset such as +01:00 or Z",
                shown(text)
            )
        };
        let time_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == ':' || c == '.'))
            .unwrap_or(rest.len());
        let (time, offset) = rest.split_at(time_len);
        let seconds = Self::parse_time(time).ok_or_else(bad_time)?;
        let offset_minutes = Self::parse_offset(offset.trim()).ok_or_else(bad_time)?;
        Ok(PostDate {
            seconds: Some(seconds),
            offset_minutes,
            ..date
        })
    }

    fn parse_day(text: &str) -> Option<PostDate> {
        let mut parts = text.split('-');
        let year: u16 = digits(parts.next()?, 4)?;
        let month: u8 = digits(parts.next()?, 2)?;
        let day: u8 = digits(parts.next()?, 2)?;
        let valid = parts.next().is_none()
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month);
        valid.then_some(PostDate {
            year,
            month,
            day,
            seconds: None,
            offset_minutes: None,
        })
    }

    /// `HH:MM[:SS[.fraction]]` as seconds since midnight (the fraction is dropped).
    fn parse_time(text: &str) -> Option<u32> {
        let (clock, fraction) = match text.split_once('.') {
            Some((clock, fraction)) => (clock, Some(fraction)),
            None => (text, None),
        };
        if fraction.is_some_and(|f| f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit())) {
            return None;
        }
        let mut parts = clock.split(':');
        let hour: u32 = digits(parts.next()?, 2)?;
        let minute: u32 = digits(parts.next()?, 2)?;
        let second: u32 = match parts.next() {
            Some(p) => digits(p, 2)?,
            None if fraction.is_some() => return None,
            None => 0,
        };
        // 60 is a leap second.
        let valid = parts.next().is_none() && hour <= 23 && minute <= 59 && second <= 60;
        valid.then_some(hour * 3600 + minute * 60 + second)
    }

    /// `Z`, `+HH:MM` or `+HHMM` as minutes east of UTC; `Some(None)` when there is none.
    fn parse_offset(text: &str) -> Option<Option<i16>> {
        if text.is_empty() {
            return Some(None);
        }
        if text.eq_ignore_ascii_case("z") {
            return Some(Some(0));
        }
        let (sign, hhmm) = match text.split_at_checked(1)? {
            ("+", rest) => (1, rest),
            ("-", rest) => (-1, rest),
            _ => return None,
        };
        let (hours, minutes) = match hhmm.len() {
            5 if hhmm.as_bytes().get(2) == Some(&b':') => (hhmm.get(..2)?, hhmm.get(3..)?),
            4 => (hhmm.get(..2)?, hhmm.get(2..)?),
            _ => return None,
        };
        let hours: i16 = digits(hours, 2)?;
        let minutes: i16 = digits(minutes, 2)?;
        (hours <= 23 && minutes <= 59).then_some(Some(sign * (hours * 60 + minutes)))
    }

    /// Seconds since 1970-01-01T00:00:00Z: the instant posts are ordered by. A date without a
    /// time counts as midnight UTC and a time without an offset as UTC, as [`Self::rfc3339`]
    /// writes them.
    pub fn instant(&self) -> i64 {
        days_since_epoch(self.year, self.month, self.day) * 86_400
            + i64::from(self.seconds.unwrap_or(0))
            - i64::from(self.offset_minutes.unwrap_or(0)) * 60
    }

    /// Reads the date at the start of a Jekyll file name, `YYYY-MM-DD-slug.md`, and returns
    /// it with the rest of the name.
    pub fn from_file_stem(stem: &str) -> Option<(PostDate, &str)> {
        let date = Self::parse_day(stem.get(..10)?)?;
        let rest = stem.get(10..)?.strip_prefix('-')?;
        Some((date, rest))
    }

    /// The calendar date, `YYYY-MM-DD`.
    pub fn ymd(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// RFC 3339, as feeds and `<time datetime>` want it; midnight UTC when no time was given.
    pub fn rfc3339(&self) -> String {
        let seconds = self.seconds.unwrap_or(0);
        let offset = match self.offset_minutes.unwrap_or(0) {
            0 => "Z".to_string(),
            m => format!(
                "{}{:02}:{:02}",
                if m < 0 { '-' } else { '+' },
                m.abs() / 60,
                m.abs() % 60
            ),
        };
        format!(
            "{}T{:02}:{:02}:{:02}{offset}",
            self.ymd(),
            seconds / 3600,
            seconds / 60 % 60,
            seconds % 60
        )
    }
}

impl Ord for PostDate {
    fn cmp(&self, other: &Self) -> Ordering {
        let fields = |d: &PostDate| (d.year, d.month, d.day, d.seconds, d.offset_minutes);
        self.instant()
            .cmp(&other.instant())
            .then_with(|| fields(self).cmp(&fields(other)))
    }
}

impl PartialOrd for PostDate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for PostDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.rfc3339())
    }
}

/// Formats a `YYYY-MM-DD` date for readers: `5 March 2024`. Anything else is returned as is.
pub fn format_for_readers(ymd: &str) -> String {
    match PostDate::parse_day(ymd.get(..10).unwrap_or(ymd)) {
        Some(d) => format!("{} {} {}", d.day, MONTHS[usize::from(d.month - 1)], d.year),
        None => ymd.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_plain_dates() {
        let d = PostDate::parse("2019-02-04").unwrap();
        assert_eq!((d.year, d.month, d.day, d.seconds), (2019, 2, 4, None));
        assert_eq!(d.rfc3339(), "2019-02-04T00:00:00Z");
    }

    #[test]
    fn parses_jekyll_and_rfc3339_date_times() {
        let d = PostDate::parse("2024-03-05 09:30:00 +0100").unwrap();
        assert_eq!(d.rfc3339(), "2024-03-05T09:30:00+01:00");
        let d = PostDate::parse("2024-03-05T09:30:15.25Z").unwrap();
        assert_eq!(d.rfc3339(), "2024-03-05T09:30:15Z");
        let d = PostDate::parse("2024-03-05 23:59").unwrap();
        assert_eq!(d.rfc3339(), "2024-03-05T23:59:00Z");
        let d = PostDate::parse("2024-03-05T01:00:00-05:30").unwrap();
        assert_eq!(d.offset_minutes, Some(-330));
    }

    #[test]
    fn rejects_impossible_dates_with_a_hint() {
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "2024-00-10",
            "24-03-05",
            "March 5",
            "",
        ] {
            let err = PostDate::parse(bad).unwrap_err();
            assert!(err.contains("YYYY-MM-DD"), "{bad}: {err}");
        }
        assert!(PostDate::parse("2024-02-29").is_ok());
        assert!(PostDate::parse("2024-03-05 25:00").is_err());
        assert!(PostDate::parse("2024-03-05 10:00 +2500").is_err());
        assert!(PostDate::parse("2024-03-05 10:00 CET").is_err());
    }

    /// Issue #12: `2024-01-0é` panicked on a char boundary. Every malformed date is an error
    /// that says how to write one, and repeats at most the start of what was written.
    #[test]
    fn malformed_dates_are_errors_not_panics() {
        let long = format!("2024-01-01 {}", "9".repeat(100_000));
        for bad in [
            "2024-01-0é",
            "2024-01-é",
            "é",
            "2024-01-01é",
            "２０２４-01-01",
            "2024-13-01",
            "2024-02-30",
            "2024-04-31",
            "2024-1-1",
            "2024-01-01-01",
            "2024-01-01T25:00",
            "2024-01-01T23:60",
            "2024-01-01T10",
            "2024-01-01T10:00:61",
            "2024-01-01T10:00.5",
            "2024-01-01T10:00:00.",
            "2024-01-01T10:00:00.x",
            "2024-01-01 10:00 +99:99",
            "2024-01-01 10:00 +01:60",
            "2024-01-01 10:00 +1",
            "2024-01-01 10:00 +01:0é",
            "2024-01-01 10:00 +é",
            "2024-01-01 10:00 é",
            "2024-01-01 10:00 ++0100",
            "2024-01-01 10:00 +01:00:00",
            "2024-01-01 10:00 Z Z",
            "2024-01-01\0",
            "\0\u{b}\u{c}",
            long.as_str(),
        ] {
            let err = PostDate::parse(bad).unwrap_err();
            assert!(err.contains("YYYY-MM-DD"), "{bad:?}: {err}");
            assert!(
                err.chars().count() < 200,
                "{bad:?}: a message of {} chars",
                err.len()
            );
            assert!(!err.contains('\0'), "{bad:?}: {err}");
        }
        let err = PostDate::parse("2024-02-30").unwrap_err();
        assert!(err.contains("February 2024 has 29 days"), "{err}");
        let err = PostDate::parse("2024-13-01").unwrap_err();
        assert!(err.contains("no month 13"), "{err}");
        for stem in [
            "2024-01-0é-x",
            "2024-01-01é-x",
            "2024-01-0é",
            "é",
            "",
            "2024-01-01",
        ] {
            assert_eq!(PostDate::from_file_stem(stem), None, "{stem}");
        }
        assert_eq!(format_for_readers("2024-01-0é"), "2024-01-0é");
    }

    #[test]
    fn parses_offsets_and_fractions_strictly() {
        let d = PostDate::parse("2024-03-05T10:00:00.123456+0530").unwrap();
        assert_eq!((d.seconds, d.offset_minutes), (Some(36_000), Some(330)));
        let d = PostDate::parse("2024-03-05 10:00 -00:30").unwrap();
        assert_eq!(d.offset_minutes, Some(-30));
        let d = PostDate::parse("2024-03-05t10:00z").unwrap();
        assert_eq!(d.offset_minutes, Some(0));
        assert_eq!(PostDate::parse("2024-03-05T").unwrap().seconds, None);
    }

    #[test]
    fn reads_jekyll_file_names() {
        let (d, rest) = PostDate::from_file_stem("2019-02-04-Open-Source-Policy").unwrap();
        assert_eq!(
            (d.ymd(), rest),
            ("2019-02-04".to_string(), "Open-Source-Policy")
        );
        assert!(PostDate::from_file_stem("hello-world").is_none());
        assert!(PostDate::from_file_stem("2019-02-04").is_none());
    }

    #[test]
    fn formats_for_readers() {
        assert_eq!(format_for_readers("2024-03-05"), "5 March 2024");
        assert_eq!(format_for_readers("2019-12-31"), "31 December 2019");
        assert_eq!(format_for_readers("soon"), "soon");
    }

    #[test]
    fn orders_by_day_then_time() {
        let a = PostDate::parse("2024-03-05").unwrap();
        let b = PostDate::parse("2024-03-05 08:00").unwrap();
        let c = PostDate::parse("2024-03-06").unwrap();
        assert!(a < b && b < c);
    }

    #[test]
    fn instants_count_seconds_since_1970_utc() {
        let instant = |text: &str| PostDate::parse(text).unwrap().instant();
        assert_eq!(instant("1970-01-01"), 0);
        assert_eq!(instant("1969-12-31 23:59:59"), -1);
        assert_eq!(instant("2000-03-01"), 951_868_800);
        assert_eq!(instant("2024-05-01T08:00:00Z"), 1_714_550_400);
        assert_eq!(instant("2024-05-01 10:00 +0200"), 1_714_550_400);
        assert_eq!(instant("2024-04-30T23:00:00-09:00"), 1_714_550_400);
    }

    /// Issue #12: dates ordered by local time, so a post written at 10:00 in Berlin (08:00 UTC)
    /// listed after one written at 09:30 in London (09:30 UTC).
    #[test]
    fn orders_by_instant_across_offsets() {
        let date = |text: &str| PostDate::parse(text).unwrap();
        let berlin = date("2024-05-01 10:00 +0200");
        let london = date("2024-05-01 09:30 +0000");
        assert!(berlin < london, "08:00Z is before 09:30Z");
        // Across midnight: the local date is earlier, the instant later.
        let new_york = date("2024-05-01T23:30:00-05:00");
        let utc = date("2024-05-02T01:00:00Z");
        assert!(utc < new_york, "01:00Z is before 04:30Z on 2 May");
        // A date alone is midnight UTC.
        assert!(date("2024-05-02 01:00 +0200") < date("2024-05-02"));
        // One instant, two spellings: not equal, but next to each other and ordered the same
        // way every time, so that `==` and `cmp` agree.
        let zulu = date("2024-05-01T08:00:00Z");
        assert_ne!(berlin, zulu);
        assert_eq!(berlin.instant(), zulu.instant());
        assert_eq!(berlin.cmp(&zulu), zulu.cmp(&berlin).reverse());
        assert_ne!(berlin.cmp(&zulu), Ordering::Equal);
        let mut dates = [london, new_york, zulu, utc, berlin];
        dates.sort();
        let sorted: Vec<String> = dates.iter().map(PostDate::rfc3339).collect();
        assert_eq!(
            sorted,
            [
                "2024-05-01T08:00:00Z",
                "2024-05-01T10:00:00+02:00",
                "2024-05-01T09:30:00Z",
                "2024-05-02T01:00:00Z",
                "2024-05-01T23:30:00-05:00",
            ]
        );
    }
}
