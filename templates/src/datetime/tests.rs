use time::format_description::well_known;
use time::macros::datetime;

use super::*;

/// xorshift64*: random values without a dependency, the same every run.
struct Random(u64);

impl Random {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) % n
    }

    fn value(&mut self, years: std::ops::Range<i32>) -> OffsetDateTime {
        let year = years.start + self.below((years.end - years.start) as u64) as i32;
        let day = 1 + self.below(365) as u16;
        let date = time::Date::from_ordinal_date(year, day).expect("1..=365 is a day of every year");
        let nanos = match self.below(4) {
            0 => 0,
            1 => self.below(1000) as u32 * 1_000_000,
            2 => self.below(1_000_000) as u32 * 1000,
            _ => self.below(1_000_000_000) as u32,
        };
        let clock = Time::from_hms_nano(self.below(24) as u8, self.below(60) as u8, self.below(60) as u8, nanos)
            .expect("in range");
        let offset = match self.below(3) {
            0 => UtcOffset::UTC,
            _ => UtcOffset::from_whole_seconds(60 * (self.below(2 * 24 * 60 - 1) as i32 - (24 * 60 - 1)))
                .expect("within ±23:59"),
        };
        PrimitiveDateTime::new(date, clock).assume_offset(offset)
    }
}

#[test]
fn rfc3339_is_written_and_read_as_time_writes_and_reads_it() {
    let mut random = Random(0x9e37_79b9_7f4a_7c15);
    for _ in 0..20_000 {
        let value = random.value(0..10_000);
        let ours = format_rfc3339(value).expect("writable");
        let theirs = value.format(&well_known::Rfc3339).expect("time writes it");
        assert_eq!(ours, theirs);
        assert_eq!(parse_rfc3339(&ours), Some(value), "{ours}");
        assert_eq!(OffsetDateTime::parse(&ours, &well_known::Rfc3339).ok(), Some(value));
    }
}

#[test]
fn rfc2822_is_written_and_read_as_time_writes_and_reads_it() {
    let mut random = Random(0x2545_f491_4f6c_dd1d);
    for _ in 0..20_000 {
        let value = random.value(1900..10_000).replace_nanosecond(0).expect("0 is in range");
        let ours = format_rfc2822(value).expect("writable");
        let theirs = value.format(&well_known::Rfc2822).expect("time writes it");
        assert_eq!(ours, theirs);
        assert_eq!(parse_rfc2822(&ours), Some(value), "{ours}");
        // time 0.3 reads `-0011` as +00:11 (a sign lost below one hour): compared where it reads its own output.
        if !(value.offset().is_negative() && value.offset().whole_hours() == 0) {
            assert_eq!(OffsetDateTime::parse(&ours, &well_known::Rfc2822).ok(), Some(value));
        }
    }
}

#[test]
fn what_neither_format_can_hold_is_an_error_not_a_wrong_text() {
    let early = datetime!(1899-12-31 23:59:59 UTC);
    assert!(format_rfc2822(early).unwrap_err().contains("year outside 1900..=9999"));
    assert!(format_rfc3339(early).is_ok());
    let before_year_0 = datetime!(-0001-12-31 0:00 UTC);
    assert!(format_rfc3339(before_year_0)
        .unwrap_err()
        .contains("year outside 0..=9999"));
    let odd = datetime!(2024-01-02 03:04:05 +01:02:03);
    assert!(format_rfc3339(odd).unwrap_err().contains("offset with seconds"));
    assert!(format_rfc2822(odd).unwrap_err().contains("offset with seconds"));
}

#[test]
fn server_dates_are_read_leniently() {
    let utc = datetime!(2024-01-02 03:04:05 UTC);
    for text in [
        "2024-01-02T03:04:05Z",
        "2024-01-02t03:04:05z",
        "2024-01-02 03:04:05Z",
        " 2024-01-02T03:04:05+00:00 ",
        "2024-01-02T04:34:05+01:30",
        "2024-01-02T00:04:05-03:00",
    ] {
        assert_eq!(parse_rfc3339(text), Some(utc), "{text}");
    }
    assert_eq!(
        parse_rfc3339("2024-01-02T03:04:05.1234567891234Z"),
        Some(datetime!(2024-01-02 03:04:05.123456789 UTC))
    );
    assert_eq!(
        parse_rfc3339("2016-12-31T23:59:60Z"),
        Some(datetime!(2016-12-31 23:59:59.999999999 UTC))
    );
    for text in [
        "Tue, 02 Jan 2024 03:04:05 +0000",
        "Tue, 2 Jan 2024 03:04:05 GMT",
        "tue,02 jan 2024 03:04:05 UT",
        "02 Jan 2024 03:04:05 +0000",
        "Mon, 02 Jan 2024 03:04:05 +0000",
        "Tue,  02  Jan  24  03:04:05  Z",
        "Mon, 01 Jan 2024 22:04:05 EST",
        "Tue, 02 Jan 2024 03:04:05 +0000\r\n",
    ] {
        assert_eq!(parse_rfc2822(text), Some(utc), "{text:?}");
    }
    assert_eq!(
        parse_rfc2822("Tue, 02 Jan 2024 03:04 +0000"),
        Some(datetime!(2024-01-02 03:04 UTC))
    );
    assert_eq!(
        parse_rfc2822("Thu, 02 Jan 99 03:04:05 +0000"),
        Some(datetime!(1999-01-02 03:04:05 UTC))
    );
}

#[test]
fn what_is_not_a_date_time_is_refused() {
    for text in [
        "",
        "2024-01-02",
        "2024-01-02T03:04:05",
        "2024-01-02T03:04:05.Z",
        "2024-13-02T03:04:05Z",
        "2023-02-29T03:04:05Z",
        "2024-01-02T24:00:00Z",
        "2024-01-02T03:04:05+24:00",
        "2024-01-02T03:04:05+01:60",
        "2024-01-02T03:04:05Zjunk",
        "２０２４-01-02T03:04:05Z",
    ] {
        assert_eq!(parse_rfc3339(text), None, "{text}");
    }
    for text in [
        "",
        "Tue, 02 Jan 2024",
        "Tue, 02 Foo 2024 03:04:05 +0000",
        "Tue, 32 Jan 2024 03:04:05 +0000",
        "Tue, 02 Jan 2024 03:04:05",
        "Tue, 02 Jan 2024 03:04:05 +000",
        "Tue, 02 Jan 2024 03:04:05 +0060",
        "Tue, 02 Jan 2024 03:04:05 +0000 extra",
        "Tue, 02 Jan 2024 3:04:05 +0000",
    ] {
        assert_eq!(parse_rfc2822(text), None, "{text}");
    }
}
