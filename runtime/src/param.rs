//! Parameter values as the text sent on the wire.

/// Converts a parameter value to its text form on the wire.
pub trait ToParam {
    /// The text sent.
    fn to_param(&self) -> String;
}

impl ToParam for String {
    fn to_param(&self) -> String {
        self.clone()
    }
}

impl ToParam for bool {
    fn to_param(&self) -> String {
        self.to_string()
    }
}

impl ToParam for i32 {
    fn to_param(&self) -> String {
        self.to_string()
    }
}

impl ToParam for i64 {
    fn to_param(&self) -> String {
        self.to_string()
    }
}

impl ToParam for f32 {
    fn to_param(&self) -> String {
        self.to_string()
    }
}

impl ToParam for f64 {
    fn to_param(&self) -> String {
        self.to_string()
    }
}

impl ToParam for serde_json::Value {
    fn to_param(&self) -> String {
        match self {
            serde_json::Value::String(text) => text.clone(),
            other => other.to_string(),
        }
    }
}

/// A list inside a list parameter: its items joined with commas.
impl<T: ToParam> ToParam for Vec<T> {
    fn to_param(&self) -> String {
        join(self, ",")
    }
}

impl<T: ToParam + ?Sized> ToParam for Box<T> {
    fn to_param(&self) -> String {
        (**self).to_param()
    }
}

/// Joins list values with a collection format's separator.
pub fn join<T: ToParam>(values: &[T], separator: &str) -> String {
    values
        .iter()
        .map(ToParam::to_param)
        .collect::<Vec<_>>()
        .join(separator)
}
