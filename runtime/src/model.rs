//! The macros that write out models, so a generated `types.rs` lists only
//! what differs from one model to the next: a struct's fields with their
//! wire names, an enum's values.
//!
//! `model!` writes a struct with its constructor and its `Serialize` and
//! `Deserialize` (one map visitor matching keys as text, with the
//! borrowing [`Key`](super::de::Key); serde's derives were most of a large
//! crate's compile time). `string_enum!` and `integer_enum!` write an
//! enum with a catch-all variant and its wire conversions.
//!
//! Generic parameters and helper types are named `__S`, `__D`, `__A`,
//! `__Visitor` and `__Slots`: they are not hygienic, and no model name starts with `_`.
//!
//! They are exported (hidden) because a `macro_rules!` macro can only be
//! named by path across modules that way; `$crate::runtime` is this
//! module's parent in a generated crate (the runtime crate re-exports
//! itself under that name so its tests expand them the same way).

/// A model struct. Each field is `MODE name: Type = "wire",` where MODE is
/// `req` (required: a `new` argument, an error when absent), `opt`
/// (optional: `Option<Type>`, left out when `None`) or `null` (required
/// but nullable: `Option<Type>`, sent as `null`). After the fields,
/// `..Type` collects the properties not listed into a map; `new(...)`
/// lists the constructor's arguments (the `req` fields, in order).
#[doc(hidden)]
#[macro_export]
macro_rules! __swaggen_model {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$fmeta:meta])* $mode:ident $field:ident : $ty:ty = $wire:literal, )*
            $( ..$extra:ty )?
        }
        $($new:tt)*
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq)]
        pub struct $name {
            $( $(#[$fmeta])* pub $field: $crate::__swaggen_model!(@ty $mode $ty), )*
            $(
                /// Properties not listed above.
                pub additional_properties: ::std::collections::BTreeMap<::std::string::String, $extra>,
            )?
        }

        $crate::__swaggen_model!(@new $name { $( $mode $field, )* $( ..$extra )? } $($new)*);

        impl ::serde::Serialize for $name {
            fn serialize<__S: ::serde::Serializer>(
                &self,
                serializer: __S,
            ) -> ::std::result::Result<__S::Ok, __S::Error> {
                $crate::__swaggen_model!(@serialize self, serializer, [$( $mode $field $wire )*] [$( $extra )?])
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<__D: ::serde::Deserializer<'de>>(
                deserializer: __D,
            ) -> ::std::result::Result<Self, __D::Error> {
                struct __Visitor;
                impl<'de> ::serde::de::Visitor<'de> for __Visitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(::std::concat!("struct ", ::std::stringify!($name)))
                    }
                    fn visit_map<__A: ::serde::de::MapAccess<'de>>(
                        self,
                        mut map: __A,
                    ) -> ::std::result::Result<Self::Value, __A::Error> {
                        $crate::__swaggen_model!(@slots fields, [$( $field: $ty, )*]);
                        $( let mut additional = ::std::collections::BTreeMap::<::std::string::String, $extra>::new(); )?
                        while let ::std::option::Option::Some(key) =
                            map.next_key::<$crate::runtime::de::Key<'de>>()?
                        {
                            $crate::__swaggen_model!(@match key, map, fields, [$( $mode $field $wire )*] [$( additional $extra )?]);
                        }
                        ::std::result::Result::Ok($name {
                            $( $field: $crate::__swaggen_model!(@take $mode fields.$field, $wire), )*
                            $( additional_properties: $crate::__swaggen_model!(@rest additional, $extra), )?
                        })
                    }
                }
                deserializer.deserialize_map(__Visitor)
            }
        }
    };

    // A field's type by its mode.
    (@ty req $ty:ty) => { $ty };
    (@ty opt $ty:ty) => { ::std::option::Option<$ty> };
    (@ty null $ty:ty) => { ::std::option::Option<$ty> };

    // The constructor, when asked for.
    (@new $name:ident { $( $mode:ident $field:ident, )* $( ..$extra:ty )? }) => {};
    (@new $name:ident { $( $mode:ident $field:ident, )* $( ..$extra:ty )? }
        new($( $arg:ident : $aty:ty ),* $(,)?);
    ) => {
        impl $name {
            /// A value with the required properties; the optional ones
            /// start unset (set them on the returned value).
            pub fn new($( $arg: $aty ),*) -> Self {
                $name {
                    $( $field: $crate::__swaggen_model!(@init $mode $field), )*
                    $( additional_properties: ::std::collections::BTreeMap::<::std::string::String, $extra>::new(), )?
                }
            }
        }
    };
    (@init req $field:ident) => { $field };
    (@init opt $field:ident) => { ::std::option::Option::None };
    (@init null $field:ident) => { ::std::option::Option::None };

    // Serializing: an empty object, or each field that is set.
    (@serialize $self:ident, $serializer:ident, [] []) => {
        ::serde::ser::SerializeMap::end($serializer.serialize_map(::std::option::Option::Some(0))?)
    };
    (@serialize $self:ident, $serializer:ident, [$( $mode:ident $field:ident $wire:literal )*] [$( $extra:ty )?]) => {{
        use ::serde::ser::SerializeMap as _;
        let mut map = $serializer.serialize_map(::std::option::Option::None)?;
        $( $crate::__swaggen_model!(@put $mode map, $self.$field, $wire); )*
        $( $crate::__swaggen_model!(@put_rest map, $self.additional_properties, $extra); )?
        map.end()
    }};
    // Serializing one field.
    (@put opt $map:ident, $value:expr, $wire:literal) => {
        if let ::std::option::Option::Some(value) = &$value {
            $map.serialize_entry($wire, value)?;
        }
    };
    (@put $mode:ident $map:ident, $value:expr, $wire:literal) => {
        $map.serialize_entry($wire, &$value)?;
    };
    (@put_rest $map:ident, $value:expr, $extra:ty) => {
        for (key, value) in &$value {
            $map.serialize_entry(key, value)?;
        }
    };

    // What has been read of each field, in a struct of options named
    // like the fields (locals named like them could be names clippy
    // disallows, such as `foo`).
    (@slots $slots:ident, []) => {};
    (@slots $slots:ident, [$( $field:ident : $ty:ty, )+]) => {
        struct __Slots {
            $( $field: ::std::option::Option<$ty>, )+
        }
        let mut $slots = __Slots {
            $( $field: ::std::option::Option::None, )+
        };
    };

    // One key of the input: a known field, or the rest.
    (@match $key:ident, $map:ident, $slots:ident, [] [$additional:ident $extra:ty]) => {
        $additional.insert($key.into_string(), $map.next_value::<$extra>()?);
    };
    (@match $key:ident, $map:ident, $slots:ident, [] []) => {
        let _ = $key;
        $map.next_value::<::serde::de::IgnoredAny>()?;
    };
    (@match $key:ident, $map:ident, $slots:ident, [$( $mode:ident $field:ident $wire:literal )+] [$( $additional:ident $extra:ty )?]) => {
        match $key.as_str() {
            $( $wire => $slots.$field = $crate::__swaggen_model!(@next $mode $map), )+
            _ => { $crate::__swaggen_model!(@match $key, $map, $slots, [] [$( $additional $extra )?]); }
        }
    };
    (@next req $map:ident) => { ::std::option::Option::Some($map.next_value()?) };
    (@next $mode:ident $map:ident) => { $map.next_value()? };
    (@take req $slot:expr, $wire:literal) => {
        $slot.ok_or_else(|| <__A::Error as ::serde::de::Error>::missing_field($wire))?
    };
    (@take $mode:ident $slot:expr, $wire:literal) => { $slot };
    (@rest $additional:ident, $extra:ty) => { $additional };
}

/// An enum of string values with a catch-all variant for values this
/// client does not know: each variant is `Name = "wire",`, and the
/// catch-all's name follows the braces.
#[doc(hidden)]
#[macro_export]
macro_rules! __swaggen_string_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal, )*
        }
        $other:ident
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
            /// A value this client does not know (the server may add values).
            $other(::std::string::String),
        }

        impl $name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $wire, )*
                    $name::$other(value) => value.as_str(),
                }
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $( $wire => $name::$variant, )*
                    other => $name::$other(other.to_owned()),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<__S: ::serde::Serializer>(
                &self,
                serializer: __S,
            ) -> ::std::result::Result<__S::Ok, __S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<__D: ::serde::Deserializer<'de>>(
                deserializer: __D,
            ) -> ::std::result::Result<Self, __D::Error> {
                let value = <$crate::runtime::de::Key<'de> as ::serde::Deserialize>::deserialize(deserializer)?;
                ::std::result::Result::Ok($name::from(value.as_str()))
            }
        }

        impl $crate::runtime::param::ToParam for $name {
            fn to_param(&self) -> ::std::string::String {
                self.as_str().to_owned()
            }
        }
    };
}

/// An enum of integer values with a catch-all variant: each variant is
/// `Name = value,`, and the catch-all's name follows the braces.
#[doc(hidden)]
#[macro_export]
macro_rules! __swaggen_integer_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $value:literal, )*
        }
        $other:ident
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
            /// A value this client does not know (the server may add values).
            $other(i64),
        }

        impl $name {
            /// The value as sent on the wire.
            pub fn value(self) -> i64 {
                match self {
                    $( $name::$variant => $value, )*
                    $name::$other(value) => value,
                }
            }
        }

        impl ::std::convert::From<i64> for $name {
            fn from(value: i64) -> Self {
                match value {
                    $( $value => $name::$variant, )*
                    other => $name::$other(other),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::write!(f, "{}", self.value())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<__S: ::serde::Serializer>(
                &self,
                serializer: __S,
            ) -> ::std::result::Result<__S::Ok, __S::Error> {
                serializer.serialize_i64(self.value())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<__D: ::serde::Deserializer<'de>>(
                deserializer: __D,
            ) -> ::std::result::Result<Self, __D::Error> {
                let value = <i64 as ::serde::Deserialize>::deserialize(deserializer)?;
                ::std::result::Result::Ok($name::from(value))
            }
        }

        impl $crate::runtime::param::ToParam for $name {
            fn to_param(&self) -> ::std::string::String {
                self.value().to_string()
            }
        }
    };
}

/// A request builder: the struct (the client, per-request options and one
/// field per parameter), its `Debug` (secret parameters redacted), the
/// constructor the client's method calls, a setter per optional
/// parameter, the per-request settings and `send()`. Each field is
/// `MODE name: Type,` where MODE is `req` (a constructor argument), `opt`
/// (`Option<Type>`, with a setter), or `secret_req`/`secret_opt` (the same,
/// shown as `<redacted>`). With `send: json(decode_error);` (or `text`,
/// `bytes`, `empty`; `, security: alternatives` when the API has
/// credentials) it writes `send_with_headers()` too, decoding the body
/// with that `Raw` method; without, the operation's own `impl` has it (an
/// operation whose outcomes differ by status). That `impl` adds
/// `request()`.
#[doc(hidden)]
#[macro_export]
macro_rules! __swaggen_builder {
    (
        $(#[$meta:meta])*
        pub struct $name:ident -> $ok:ty, $err:ty {
            $( $(#[$fmeta:meta])* $mode:ident $field:ident : $ty:ty, )*
        }
        new($( $arg:ident : $aty:ty ),* $(,)?);
        $( send: $decode:ident($error:path) $(, security: $security:expr)?; )?
    ) => {
        $(#[$meta])*
        #[must_use = "a request does nothing until you call `send()`"]
        #[derive(Clone)]
        pub struct $name<'a> {
            client: &'a $crate::Client,
            options: $crate::runtime::request::Options,
            $( $field: $crate::__swaggen_builder!(@ty $mode $ty), )*
        }

        impl ::std::fmt::Debug for $name<'_> {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(::std::stringify!($name))
                    $( .field(::std::stringify!($field), $crate::__swaggen_builder!(@show $mode self.$field)) )*
                    .field("options", &self.options)
                    .finish_non_exhaustive()
            }
        }

        impl<'a> $name<'a> {
            pub(crate) fn new(client: &'a $crate::Client, $( $arg: $aty ),*) -> Self {
                $name {
                    client,
                    options: $crate::runtime::request::Options::default(),
                    $( $field: $crate::__swaggen_builder!(@init $mode $field), )*
                }
            }

            $( $crate::__swaggen_builder!(@setter $mode $(#[$fmeta])* $field: $ty); )*

            /// Sets how long this request may take, instead of the
            /// client's timeout.
            pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.options.timeout = ::std::option::Option::Some(timeout);
                self
            }

            /// Sets the most bytes of the response body read, instead of
            /// the client's limit.
            pub fn max_body_size(mut self, bytes: u64) -> Self {
                self.options.max_body_size = ::std::option::Option::Some(bytes);
                self
            }

            /// Sets how this request is retried, instead of the client's
            /// policy ([`RetryPolicy::none()`](crate::RetryPolicy::none)
            /// sends it once).
            pub fn retry(mut self, policy: $crate::runtime::retry::RetryPolicy) -> Self {
                self.options.retry = ::std::option::Option::Some(policy);
                self
            }

            /// Sends the request and reads the response.
            pub fn send(
                self,
            ) -> impl ::std::future::Future<
                Output = ::std::result::Result<$ok, $crate::runtime::error::Error<$err>>,
            > {
                $crate::runtime::request::body_only(self.send_with_headers())
            }

            $(
                /// Sends the request; the decoded body comes with the
                /// response's status and headers.
                pub fn send_with_headers(
                    self,
                ) -> impl ::std::future::Future<
                    Output = ::std::result::Result<
                        $crate::runtime::error::Response<$ok>,
                        $crate::runtime::error::Error<$err>,
                    >,
                > {
                    $crate::runtime::request::respond::<$ok, $err>(
                        self.client.execute(self.request() $(, $security)?),
                        |raw| raw.$decode($error),
                    )
                }
            )?
        }
    };

    (@ty req $ty:ty) => { $ty };
    (@ty secret_req $ty:ty) => { $ty };
    (@ty opt $ty:ty) => { ::std::option::Option<$ty> };
    (@ty secret_opt $ty:ty) => { ::std::option::Option<$ty> };

    (@show secret_req $value:expr) => { &"<redacted>" };
    (@show secret_opt $value:expr) => { &"<redacted>" };
    (@show $mode:ident $value:expr) => { &$value };

    (@init req $field:ident) => { $field };
    (@init secret_req $field:ident) => { $field };
    (@init $mode:ident $field:ident) => { ::std::option::Option::None };

    (@setter req $(#[$fmeta:meta])* $field:ident: $ty:ty) => {};
    (@setter secret_req $(#[$fmeta:meta])* $field:ident: $ty:ty) => {};
    (@setter $mode:ident $(#[$fmeta:meta])* $field:ident: $ty:ty) => {
        $(#[$fmeta])*
        pub fn $field(mut self, value: impl ::std::convert::Into<$ty>) -> Self {
            self.$field = ::std::option::Option::Some(value.into());
            self
        }
    };
}
