//! Bytes carried as base64 text (`format: byte`).

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE};

use super::param::ToParam;

/// Bytes sent and received as base64 text (`format: byte`). Decoding
/// accepts the standard and the URL-safe alphabets.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Base64Data(pub Vec<u8>);

impl serde::Serialize for Base64Data {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&STANDARD.encode(&self.0))
    }
}

impl<'de> serde::Deserialize<'de> for Base64Data {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <String as serde::Deserialize>::deserialize(deserializer)?;
        STANDARD
            .decode(text.trim())
            .or_else(|_| URL_SAFE.decode(text.trim()))
            .map(Base64Data)
            .map_err(serde::de::Error::custom)
    }
}

impl ToParam for Base64Data {
    fn to_param(&self) -> String {
        STANDARD.encode(&self.0)
    }
}
