//! RFC 3339 (`2024-01-02T03:04:05Z`) and RFC 2822 (`Tue, 02 Jan 2024
//! 03:04:05 +0000`) date-times, both ways, as `time` writes them. Written
//! here so that `time` is built without its parsing, formatting and serde
//! parts (over a second of every user's first build); the tests compare
//! with `time`'s own on random values.
//!
//! Reading is lenient, as it is data a server sent: RFC 3339 also with a
//! space or `t` before the time and `z` for UTC; RFC 2822 with any
//! whitespace, a weekday that is not checked against the date, one-digit
//! days, two- and three-digit years (RFC 5322's obsolete forms) and the
//! obsolete zone names (`GMT`, `UT`, `EST`, …).

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serializer};
use time::{Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

use crate::adapt::{DeserializeAs, SerializeAs};

/// `format: date-time`: RFC 3339.
pub struct Rfc3339;

/// The date-times of Twilio's older APIs: RFC 2822.
pub struct Rfc2822;

const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Why a date-time cannot be written in the format.
fn unwritable(value: OffsetDateTime, format: &str, years: std::ops::RangeInclusive<i32>) -> Option<String> {
    if !years.contains(&value.year()) {
        Some(format!(
            "{value} has a year outside {}..={}, which {format} cannot write",
            years.start(),
            years.end()
        ))
    } else if value.offset().seconds_past_minute() != 0 {
        Some(format!(
            "{value} has an offset with seconds, which {format} cannot write"
        ))
    } else {
        None
    }
}

/// `value` in RFC 3339: fractional seconds only when there are some, without
/// trailing zeros; `Z` for UTC. `Err` for a year outside 0–9999 or an offset
/// with seconds, which the format cannot hold.
pub fn format_rfc3339(value: OffsetDateTime) -> Result<String, String> {
    if let Some(why) = unwritable(value, "RFC 3339", 0..=9999) {
        return Err(why);
    }
    let mut out = format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        value.year(),
        u8::from(value.month()),
        value.day(),
        value.hour(),
        value.minute(),
        value.second()
    );
    let nanos = value.nanosecond();
    if nanos != 0 {
        let digits = format!("{nanos:09}");
        out.push('.');
        out.push_str(digits.trim_end_matches('0'));
    }
    let offset = value.offset();
    if offset == UtcOffset::UTC {
        out.push('Z');
    } else {
        let sign = if offset.is_negative() { '-' } else { '+' };
        let (hours, minutes) = (
            offset.whole_hours().unsigned_abs(),
            offset.minutes_past_hour().unsigned_abs(),
        );
        out.push_str(&format!("{sign}{hours:02}:{minutes:02}"));
    }
    Ok(out)
}

/// `value` in RFC 2822. `Err` for a year outside 1900–9999 or an offset
/// with seconds, which the format cannot hold.
pub fn format_rfc2822(value: OffsetDateTime) -> Result<String, String> {
    if let Some(why) = unwritable(value, "RFC 2822", 1900..=9999) {
        return Err(why);
    }
    let offset = value.offset();
    let sign = if offset.is_negative() { '-' } else { '+' };
    let (hours, minutes) = (
        offset.whole_hours().unsigned_abs(),
        offset.minutes_past_hour().unsigned_abs(),
    );
    Ok(format!(
        "{}, {:02} {} {:04} {:02}:{:02}:{:02} {sign}{hours:02}{minutes:02}",
        WEEKDAYS[usize::from(value.weekday().number_days_from_monday())],
        value.day(),
        MONTHS[usize::from(u8::from(value.month()) - 1)],
        value.year(),
        value.hour(),
        value.minute(),
        value.second()
    ))
}

/// A run of ASCII digits of `len` (a range) at the start of `text`, and the rest.
fn digits(text: &str, len: std::ops::RangeInclusive<usize>) -> Option<(u32, &str)> {
    let end = text.bytes().take_while(u8::is_ascii_digit).count();
    if !len.contains(&end) {
        return None;
    }
    Some((text[..end].parse().ok()?, &text[end..]))
}

fn expect<'a>(text: &'a str, what: &str) -> Option<&'a str> {
    text.strip_prefix(what)
}

/// A date-time from its parts; a leap second (`:60`) is the last instant of
/// its minute, as `time` reads it.
fn assemble(date: (i32, u32, u32), clock: (u32, u32, u32, u32), offset: UtcOffset) -> Option<OffsetDateTime> {
    let (year, month, day) = date;
    let (hour, minute, second, nanos) = clock;
    let month = Month::try_from(u8::try_from(month).ok()?).ok()?;
    let date = time::Date::from_calendar_date(year, month, u8::try_from(day).ok()?).ok()?;
    let leap = second == 60;
    let second = if leap { 59 } else { second };
    let nanos = if leap { 999_999_999 } else { nanos };
    let clock = Time::from_hms_nano(
        u8::try_from(hour).ok()?,
        u8::try_from(minute).ok()?,
        u8::try_from(second).ok()?,
        nanos,
    )
    .ok()?;
    Some(PrimitiveDateTime::new(date, clock).assume_offset(offset))
}

/// Reads RFC 3339 (leniently: see the module docs).
pub fn parse_rfc3339(text: &str) -> Option<OffsetDateTime> {
    let (year, rest) = digits(text.trim(), 4..=4)?;
    let (month, rest) = digits(expect(rest, "-")?, 2..=2)?;
    let (day, rest) = digits(expect(rest, "-")?, 2..=2)?;
    let rest = rest.strip_prefix(['T', 't', ' '])?;
    let (hour, rest) = digits(rest, 2..=2)?;
    let (minute, rest) = digits(expect(rest, ":")?, 2..=2)?;
    let (second, mut rest) = digits(expect(rest, ":")?, 2..=2)?;
    let mut nanos = 0;
    if let Some(fraction) = rest.strip_prefix('.') {
        let end = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if end == 0 {
            return None;
        }
        // Nanoseconds: digits past the ninth are dropped.
        let kept = &fraction[..end.min(9)];
        nanos = kept.parse::<u32>().ok()? * 10u32.pow(9 - kept.len() as u32);
        rest = &fraction[end..];
    }
    let offset = match rest {
        "Z" | "z" => UtcOffset::UTC,
        _ => {
            let negative = rest.starts_with('-');
            let (hours, after) = digits(rest.strip_prefix(['+', '-'])?, 2..=2)?;
            let (minutes, after) = digits(expect(after, ":")?, 2..=2)?;
            if !after.is_empty() || hours > 23 || minutes > 59 {
                return None;
            }
            offset(negative, hours, minutes)?
        }
    };
    assemble((year as i32, month, day), (hour, minute, second, nanos), offset)
}

fn offset(negative: bool, hours: u32, minutes: u32) -> Option<UtcOffset> {
    let sign = if negative { -1 } else { 1 };
    UtcOffset::from_hms(sign * i8::try_from(hours).ok()?, sign * i8::try_from(minutes).ok()?, 0).ok()
}

/// Reads RFC 2822 (leniently: see the module docs).
pub fn parse_rfc2822(text: &str) -> Option<OffsetDateTime> {
    let mut words = text
        .split(|c: char| c.is_ascii_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .peekable();
    if words
        .peek()
        .is_some_and(|w| WEEKDAYS.iter().any(|d| d.eq_ignore_ascii_case(w)))
    {
        words.next();
    }
    let (day, rest) = digits(words.next()?, 1..=2)?;
    let month = words.next()?;
    let month = MONTHS.iter().position(|m| m.eq_ignore_ascii_case(month))? as u32 + 1;
    let year_text = words.next()?;
    let (year, after) = digits(year_text, 2..=4)?;
    if !rest.is_empty() || !after.is_empty() {
        return None;
    }
    // RFC 5322 4.3: two-digit years below 50 are 20xx, others 19xx; three-digit ones add 1900.
    let year = match year_text.len() {
        2 if year < 50 => year + 2000,
        2 | 3 => year + 1900,
        _ => year,
    };
    let (hour, rest) = digits(words.next()?, 2..=2)?;
    let (minute, rest) = digits(expect(rest, ":")?, 2..=2)?;
    let second = match rest {
        "" => 0,
        _ => match digits(expect(rest, ":")?, 2..=2)? {
            (second, "") => second,
            _ => return None,
        },
    };
    let zone = words.next()?;
    if words.next().is_some() {
        return None;
    }
    let offset = match zone.to_ascii_uppercase().as_str() {
        "UT" | "GMT" | "Z" => UtcOffset::UTC,
        "EDT" => offset(true, 4, 0)?,
        "EST" | "CDT" => offset(true, 5, 0)?,
        "CST" | "MDT" => offset(true, 6, 0)?,
        "MST" | "PDT" => offset(true, 7, 0)?,
        "PST" => offset(true, 8, 0)?,
        _ => {
            let negative = zone.starts_with('-');
            let (hhmm, after) = digits(zone.strip_prefix(['+', '-'])?, 4..=4)?;
            if !after.is_empty() || hhmm / 100 > 23 || hhmm % 100 > 59 {
                return None;
            }
            offset(negative, hhmm / 100, hhmm % 100)?
        }
    };
    assemble((year as i32, month, day), (hour, minute, second, 0), offset)
}

/// Both formats as codecs: written by their `format_…`, read by their
/// `parse_…`, the error naming the format.
macro_rules! date_time_codec {
    ($($codec:ident: $format:ident, $parse:ident, $name:literal;)*) => {$(
        impl SerializeAs<OffsetDateTime> for $codec {
            fn serialize_as<S: Serializer>(value: &OffsetDateTime, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&$format(*value).map_err(serde::ser::Error::custom)?)
            }
        }

        impl<'de> DeserializeAs<'de, OffsetDateTime> for $codec {
            fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<OffsetDateTime, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                $parse(&text).ok_or_else(|| D::Error::custom(format!(concat!("`{}` is not an ", $name, " date-time"), text)))
            }
        }
    )*};
}

date_time_codec! {
    Rfc3339: format_rfc3339, parse_rfc3339, "RFC 3339";
    Rfc2822: format_rfc2822, parse_rfc2822, "RFC 2822";
}

#[cfg(test)]
mod tests;
