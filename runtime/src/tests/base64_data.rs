use crate::base64_data::Base64Data;
use crate::param::ToParam;

#[test]
fn base64_round_trips_and_accepts_url_safe_text() {
    let data = Base64Data(vec![0xfb, 0xff, 0x00]);
    let json = serde_json::to_string(&data).unwrap();
    assert_eq!(json, "\"+/8A\"");
    assert_eq!(serde_json::from_str::<Base64Data>(&json).unwrap(), data);
    assert_eq!(
        serde_json::from_str::<Base64Data>("\"-_8A\"").unwrap(),
        data
    );
    assert!(serde_json::from_str::<Base64Data>("\"not base64!\"").is_err());
    assert_eq!(data.to_param(), "+/8A");
}
