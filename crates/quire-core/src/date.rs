//! Post dates: parsed from front matter or a Jekyll file name, validated, and formatted for
//! readers. Hand-written because the forms are few and the bundle is precious.

use std::fmt;

/// A post's publication date, with the time of day and UTC offset when the author gave them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
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

fn digits<T: std::str::FromStr>(s: &str, len: usize) -> Option<T> {
    (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

impl PostDate {
    /// Parses `YYYY-MM-DD`, optionally followed (after a space or `T`) by `HH:MM[:SS[.frac]]`
    /// and an offset (`Z`, `+HH:MM`, `+HHMM`, or ` +HHMM` as Jekyll writes it).
    pub fn parse(text: &str) -> Result<PostDate, String> {
        let text = text.trim();
        let (date, rest) = text.split_at(text.len().min(10));
        let date = Self::parse_day(date).ok_or_else(|| {
            format!("`{text}` is not a date: write it as YYYY-MM-DD, e.g. 2024-03-05")
        })?;
        let rest = rest.trim_start_matches([' ', 'T', 't']);
        if rest.is_empty() {
            return Ok(date);
        }
        let bad_time = || {
            format!(
                "`{text}` has a date but its time is not understood: write YYYY-MM-DD HH:MM:SS \
                 with an optional offset such as +01:00"
            )
        };
        let time_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == ':' || c == '.'))
            .unwrap_or(rest.len());
        let (time, offset) = rest.split_at(time_len);
        let time = time.split('.').next().unwrap_or(time);
        let mut parts = time.split(':');
        let hour: u32 = parts
            .next()
            .and_then(|p| digits(p, 2))
            .ok_or_else(bad_time)?;
        let minute: u32 = parts
            .next()
            .and_then(|p| digits(p, 2))
            .ok_or_else(bad_time)?;
        let second: u32 = match parts.next() {
            Some(p) => digits(p, 2).ok_or_else(bad_time)?,
            None => 0,
        };
        if parts.next().is_some() || hour > 23 || minute > 59 || second > 60 {
            return Err(bad_time());
        }
        let offset_minutes = Self::parse_offset(offset.trim()).ok_or_else(bad_time)?;
        Ok(PostDate {
            seconds: Some(hour * 3600 + minute * 60 + second),
            offset_minutes,
            ..date
        })
    }

    fn parse_day(text: &str) -> Option<PostDate> {
        let mut parts = text.split('-');
        let year: u16 = digits(parts.next()?, 4)?;
        let month: u8 = digits(parts.next()?, 2)?;
        let day: u8 = digits(parts.next()?, 2)?;
        let valid = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        valid.then_some(PostDate {
            year,
            month,
            day,
            seconds: None,
            offset_minutes: None,
        })
    }

    fn parse_offset(text: &str) -> Option<Option<i16>> {
        if text.is_empty() {
            return Some(None);
        }
        if text.eq_ignore_ascii_case("z") {
            return Some(Some(0));
        }
        let sign: i16 = match text.as_bytes().first()? {
            b'+' => 1,
            b'-' => -1,
            _ => return None,
        };
        let hhmm = text[1..].replace(':', "");
        let hours: i16 = digits(hhmm.get(..2)?, 2)?;
        let minutes: i16 = digits(hhmm.get(2..)?, 2)?;
        (hours <= 23 && minutes <= 59).then_some(Some(sign * (hours * 60 + minutes)))
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
}
