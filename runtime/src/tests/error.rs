use std::time::Duration;

use crate::error::{ConfigError, Error, bytes, duration, excerpt, printable};

#[test]
fn printable_escapes_controls_and_direction_overrides() {
    let cases = [
        ("plain text", "plain text"),
        ("a\r\nb", "a\\r\\nb"),
        ("esc \x1b[2J", "esc \\u{1b}[2J"),
        ("nul \0", "nul \\u{0}"),
        ("tab\t", "tab\\t"),
        ("rtl \u{202e}txt", "rtl \\u{202e}txt"),
        ("naïve ünïcode", "naïve ünïcode"),
    ];
    for (input, expected) in cases {
        assert_eq!(printable(input, 100), expected, "{input:?}");
    }
    assert_eq!(printable("abcdef", 3), "abc…");
}

#[test]
fn excerpts_are_lossy_bounded_and_sized() {
    assert_eq!(excerpt(b"{\"a\":1}"), "{\"a\":1}");
    assert_eq!(excerpt(&[0xff, b'o', b'k']), "\u{fffd}ok");
    let long = vec![b'x'; 2000];
    let text = excerpt(&long);
    assert!(text.ends_with("… (2000 bytes in all)"), "{text}");
    assert!(text.len() < 600);
}

#[test]
fn sizes_and_durations_read_well() {
    assert_eq!(bytes(64 * 1024 * 1024), "64 MiB");
    assert_eq!(bytes(2048), "2 KiB");
    assert_eq!(bytes(1500), "1500 bytes");
    assert_eq!(duration(Duration::from_millis(300)), "300 ms");
    assert_eq!(duration(Duration::from_secs(30)), "30 s");
    assert_eq!(duration(Duration::from_millis(1500)), "1.5 s");
}

/// `?` converts configuration errors into the error of any operation.
fn mixed() -> Result<(), Error<u8>> {
    Err(ConfigError::new("no base URL"))?;
    Ok(())
}

#[test]
fn config_errors_convert_into_every_error() {
    let error = mixed().unwrap_err();
    assert!(matches!(error, Error::Config(_)));
    assert_eq!(
        error.to_string(),
        "invalid client configuration: no base URL"
    );
    assert!(std::error::Error::source(&error).is_some());
    assert_eq!(error.status(), None);
    assert_eq!(error.typed(), None);
}

#[test]
fn invalid_request_messages_are_escaped() {
    let error: Error = Error::InvalidRequest("line\nbreak".into());
    assert_eq!(error.to_string(), "invalid request: line\\nbreak");
}
