//! The model macros: what they write behaves as the written-out code did.

use std::collections::BTreeMap;

use serde_json::json;

use crate::param::ToParam;

crate::__swaggen_string_enum! {
    /// A colour.
    pub enum Color {
        /// `red`
        Red = "red",
        /// `dark green`
        DarkGreen = "dark green",
    }
    Other
}

crate::__swaggen_integer_enum! {
    /// A level.
    pub enum Level {
        /// `1`
        Low = 1,
        /// `-2`
        Minus = -2,
    }
    Unknown
}

crate::__swaggen_model! {
    /// A pet.
    #[non_exhaustive]
    pub struct Pet {
        /// A required field named like the macro's own locals.
        req map: i64 = "map",
        /// A raw identifier.
        req r#type: String = "type",
        /// An optional field.
        opt name: String = "name",
        /// A nullable required field.
        null owner: String = "owner",
        /// An enum.
        opt color: Color = "color",
    }
    new(map: i64, r#type: String);
}

crate::__swaggen_model! {
    /// Everything optional, with the rest collected.
    #[derive(Default)]
    pub struct Open {
        /// Known.
        opt key: i64 = "key",
        /// A name clippy disallows for a local.
        opt foo: bool = "foo",
        ..serde_json::Value
    }
}

crate::__swaggen_model! {
    /// No properties at all.
    #[derive(Default)]
    pub struct Empty {
    }
}

crate::__swaggen_model! {
    /// Only the rest.
    #[derive(Default)]
    pub struct Bag {
        ..i64
    }
}

#[test]
fn a_struct_round_trips_with_its_wire_names() {
    let mut pet = Pet::new(3, "dog".to_owned());
    assert_eq!(pet.name, None);
    assert_eq!(
        serde_json::to_value(&pet).ok(),
        Some(json!({"map": 3, "type": "dog", "owner": null}))
    );
    pet.name = Some("Rex".to_owned());
    pet.color = Some(Color::DarkGreen);
    let text = serde_json::to_string(&pet).unwrap_or_default();
    assert_eq!(
        text,
        r#"{"map":3,"type":"dog","name":"Rex","owner":null,"color":"dark green"}"#
    );
    let back: Result<Pet, _> = serde_json::from_str(&text);
    assert_eq!(back.ok(), Some(pet));
}

#[test]
fn decoding_ignores_unknown_keys_and_names_a_missing_one() {
    let pet: Result<Pet, _> =
        serde_json::from_value(json!({"map": 1, "type": "cat", "extra": [1, 2], "color": "blue"}));
    let pet = pet.ok();
    assert_eq!(pet.as_ref().map(|p| p.owner.clone()), Some(None));
    assert_eq!(
        pet.and_then(|p| p.color),
        Some(Color::Other("blue".to_owned()))
    );
    let missing = serde_json::from_value::<Pet>(json!({"map": 1}))
        .err()
        .map(|e| e.to_string());
    assert_eq!(missing.as_deref(), Some("missing field `type`"));
    let wrong = serde_json::from_value::<Pet>(json!([1]))
        .err()
        .map(|e| e.to_string());
    assert_eq!(
        wrong.as_deref(),
        Some("invalid type: sequence, expected struct Pet")
    );
}

#[test]
fn the_rest_of_the_properties_is_collected_and_sent() {
    let open: Result<Open, _> =
        serde_json::from_value(json!({"key": 1, "a": true, "b": null, "foo": false}));
    let open = open.ok().unwrap_or_default();
    assert_eq!((open.key, open.foo), (Some(1), Some(false)));
    assert_eq!(
        open.additional_properties,
        BTreeMap::from([("a".to_owned(), json!(true)), ("b".to_owned(), json!(null))])
    );
    assert_eq!(
        serde_json::to_value(&open).ok(),
        Some(json!({"key": 1, "foo": false, "a": true, "b": null}))
    );
    let bag: Result<Bag, _> = serde_json::from_value(json!({"x": 1, "y": 2}));
    assert_eq!(bag.ok().map(|b| b.additional_properties.len()), Some(2));
    let empty: Result<Empty, _> = serde_json::from_value(json!({"x": 1}));
    assert_eq!(empty.ok(), Some(Empty {}));
    assert_eq!(serde_json::to_string(&Empty {}).ok().as_deref(), Some("{}"));
}

#[test]
fn enums_convert_both_ways_and_keep_unknown_values() {
    assert_eq!(Color::from("red"), Color::Red);
    assert_eq!(Color::DarkGreen.as_str(), "dark green");
    assert_eq!(Color::Other("x".into()).to_string(), "x");
    assert_eq!(Color::DarkGreen.to_param(), "dark green");
    let parsed: Result<Vec<Color>, _> = serde_json::from_value(json!(["red", "teal"]));
    assert_eq!(
        parsed.ok(),
        Some(vec![Color::Red, Color::Other("teal".into())])
    );
    assert_eq!(Level::from(-2), Level::Minus);
    assert_eq!(Level::Unknown(9).value(), 9);
    assert_eq!(Level::Low.to_param(), "1");
    assert_eq!(serde_json::to_value(Level::Minus).ok(), Some(json!(-2)));
    let level: Result<Level, _> = serde_json::from_value(json!(7));
    assert_eq!(level.ok(), Some(Level::Unknown(7)));
}

// Models named like the macros' generic parameters and helper type.
crate::__swaggen_model! {
    /// Named like a generic parameter.
    pub struct A {
        /// Named like the visitor.
        req v: Vec<Visitor> = "v",
    }
    new(v: Vec<Visitor>);
}

crate::__swaggen_model! {
    /// Named like the visitor.
    #[derive(Default)]
    pub struct Visitor {
        /// Named like the other parameters.
        opt d: D = "d",
        /// Named like the serializer's parameter.
        opt s: S = "s",
    }
}

crate::__swaggen_integer_enum! {
    /// Named like a generic parameter.
    pub enum D {
        /// `0`
        Zero = 0,
    }
    Other
}

crate::__swaggen_string_enum! {
    /// Named like a generic parameter.
    pub enum S {
        /// `s`
        Ess = "s",
    }
    Other
}

#[test]
fn models_may_be_named_like_the_macros_own_names() {
    let a: Result<A, _> = serde_json::from_value(json!({"v": [{"d": 0, "s": "s"}, {}]}));
    let a = a.ok().map(|a| a.v);
    assert_eq!(
        a.as_ref()
            .and_then(|v| v.first())
            .map(|v| (v.d, v.s.clone())),
        Some((Some(D::Zero), Some(S::Ess)))
    );
    assert_eq!(a.map(|v| v.len()), Some(2));
    assert_eq!(A::new(Vec::new()).v, Vec::new());
}

/// A client for the builder macro: a generated crate's has its settings.
#[derive(Debug)]
pub struct Client;

impl Client {
    /// Answers every request with its operation id as a JSON string,
    /// without a server.
    fn execute(
        &self,
        request: crate::request::Request,
    ) -> impl Future<Output = Result<crate::request::Raw, crate::request::Failure>> {
        let body = format!("\"{}\"", request.operation().0).into_bytes();
        std::future::ready(Ok(crate::request::Raw::new(
            reqwest::StatusCode::OK,
            reqwest::header::HeaderMap::new(),
            body,
        )))
    }
}

crate::__swaggen_builder! {
    /// A request whose `send_with_headers` the macro writes.
    pub struct Ping -> String, serde_json::Value {
        /// A note.
        opt note: String,
    }
    new();
    send: json(crate::request::json_error);
}

impl Ping<'_> {
    /// The request.
    fn request(&self) -> crate::request::Request {
        let mut request = crate::request::Request::new(reqwest::Method::GET, "ping", "/ping", None);
        request.query_opt("note", self.note.as_ref());
        request
    }
}

#[tokio::test]
async fn a_builder_can_send_and_decode_by_itself() {
    let client = Client;
    let response = Ping::new(&client)
        .note("n")
        .timeout(std::time::Duration::from_secs(1))
        .max_body_size(100)
        .retry(crate::retry::RetryPolicy::none())
        .send_with_headers()
        .await
        .ok();
    assert_eq!(
        response.map(|r| (r.status.as_u16(), r.body)),
        Some((200, "ping".to_owned()))
    );
    assert_eq!(
        Ping::new(&client).send().await.ok().as_deref(),
        Some("ping")
    );
}

crate::__swaggen_builder! {
    /// A request.
    pub struct GetPet -> String, serde_json::Value {
        req id: i64,
        secret_req key: String,
        /// Whether to say more.
        opt verbose: bool,
        /// A token.
        secret_opt token: String,
    }
    new(id: i64, key: String);
}

impl GetPet<'_> {
    /// What a generated builder sends, here said back without a server.
    fn send_with_headers(
        self,
    ) -> impl Future<
        Output = Result<crate::error::Response<String>, crate::error::Error<serde_json::Value>>,
    > {
        let body = format!(
            "{:?} {} {} {:?} {:?} {:?}",
            self.client, self.id, self.key, self.verbose, self.token, self.options.timeout
        );
        std::future::ready(Ok(crate::error::Response {
            status: reqwest::StatusCode::OK,
            headers: reqwest::header::HeaderMap::new(),
            body,
        }))
    }
}

#[tokio::test]
async fn a_builder_sets_sends_and_redacts() {
    let client = Client;
    let builder = GetPet::new(&client, 7, "k-secret".to_owned())
        .verbose(true)
        .token("t-secret")
        .timeout(std::time::Duration::from_secs(2))
        .max_body_size(10)
        .retry(crate::retry::RetryPolicy::none());
    let shown = format!("{builder:?}");
    assert!(shown.starts_with("GetPet { id: 7, key: \"<redacted>\", verbose: Some(true), token: \"<redacted>\", options: "), "{shown}");
    assert!(!shown.contains("secret"), "{shown}");
    let body = builder.send().await.ok();
    assert_eq!(
        body.as_deref(),
        Some("Client 7 k-secret Some(true) Some(\"t-secret\") Some(2s)")
    );
}
