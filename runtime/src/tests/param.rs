use crate::param::{ToParam, join};

#[test]
fn values_become_wire_text() {
    assert_eq!("a b".to_owned().to_param(), "a b");
    assert_eq!(true.to_param(), "true");
    assert_eq!((-3i32).to_param(), "-3");
    assert_eq!(9_007_199_254_740_993i64.to_param(), "9007199254740993");
    assert_eq!(1.5f32.to_param(), "1.5");
    assert_eq!(0.25f64.to_param(), "0.25");
    assert_eq!(serde_json::json!("text").to_param(), "text");
    assert_eq!(serde_json::json!({"a": 1}).to_param(), "{\"a\":1}");
    assert_eq!(Box::new(7i64).to_param(), "7");
    assert_eq!(vec![1i32, 2].to_param(), "1,2");
}

#[test]
fn lists_join_with_their_separator() {
    assert_eq!(join(&[1i32, 2, 3], "|"), "1|2|3");
    assert_eq!(join::<i32>(&[], ","), "");
    assert_eq!(join(&[vec![1i32, 2], vec![3]], " "), "1,2 3");
}

#[test]
fn keys_borrow_from_the_input() {
    use crate::de::Key;
    let mut de = serde_json::Deserializer::from_str("\"plain\"");
    let key: Key<'_> = serde::Deserialize::deserialize(&mut de).unwrap();
    assert_eq!(key.as_str(), "plain");
    let mut de = serde_json::Deserializer::from_str("\"esc\\u0061ped\"");
    let key: Key<'_> = serde::Deserialize::deserialize(&mut de).unwrap();
    assert_eq!(key.into_string(), "escaped");
}
