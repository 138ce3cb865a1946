use crate::param::ToParam;

#[test]
fn dates_are_sent_in_rfc_3339() {
    let date = chrono::NaiveDate::from_ymd_opt(2014, 2, 1).unwrap();
    assert_eq!(date.to_param(), "2014-02-01");
    let time = chrono::DateTime::parse_from_rfc3339("2021-01-01T12:00:00-05:00").unwrap();
    assert_eq!(time.to_param(), "2021-01-01T12:00:00-05:00");
}
