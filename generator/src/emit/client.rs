//! `Client` and `ClientBuilder`: configuration, credentials, lifted headers
//! and one method per operation.

use proc_macro2::TokenStream;
use quote::quote;

use super::builders::{param_docs, param_ty};
use super::docs::{code, doc_attrs, doc_lines};
use super::{ident, ty};
use crate::ir::{Api, CredentialKind, Feature, Operation, ParamIn};

/// The `client` module.
pub fn emit_client(api: &Api) -> TokenStream {
    let default_base = match &api.default_base_url {
        Some(url) => quote!(::std::option::Option::Some(#url)),
        None => quote!(::std::option::Option::None),
    };
    let default_doc = match &api.default_base_url {
        Some(url) => format!("The spec's base URL, used unless the builder sets another: `{url}`."),
        None => "The spec gives no host, so the builder must set a base URL.".to_owned(),
    };
    let default_doc = doc_lines(&default_doc);

    // Fields for lifted headers and credentials.
    let mut client_fields = Vec::new();
    let mut builder_fields = Vec::new();
    let mut setters = Vec::new();
    let mut build_stmts = Vec::new();
    let mut field_inits = Vec::new();
    let mut debug_client = Vec::new();
    let mut debug_builder = Vec::new();
    let mut apply = Vec::new();
    for h in &api.client_params {
        let f = ident(&h.name);
        let wire = &h.wire;
        let header = h.location == ParamIn::Header;
        // Operations read the settings they declare from the client.
        let vis = (!h.everywhere).then(|| quote!(pub(crate)));
        if header {
            client_fields
                .push(quote!(#vis #f: ::std::option::Option<::reqwest::header::HeaderValue>,));
        } else {
            client_fields.push(quote!(#vis #f: ::std::option::Option<::std::string::String>,));
        }
        builder_fields.push(quote!(#f: ::std::option::Option<::std::string::String>,));
        let d = match h.docs.as_deref().filter(|d| super::docs::has_text(d)) {
            Some(d) => doc_attrs(Some(d)),
            None => TokenStream::new(),
        };
        let place = match h.location {
            ParamIn::Path => "path parameter",
            ParamIn::Query => "query parameter",
            _ => "header",
        };
        let sent = if h.everywhere {
            format!("Sent as the {} header on every request.", code(wire))
        } else {
            format!(
                "Sent as the {} {place} of the operations that have it.",
                code(wire)
            )
        };
        let default = match &h.default {
            Some(value) => format!(" Default: {} (from the spec).", code(value)),
            None if h.required => " Required: `build()` fails without it.".to_owned(),
            None => String::new(),
        };
        let note = doc_lines(&format!("\n{sent}{default}"));
        setters.push(quote! {
            #d
            #note
            pub fn #f(mut self, value: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.#f = ::std::option::Option::Some(value.into());
                self
            }
        });
        let secret = h.secret;
        let value = if header {
            quote!(::std::option::Option::Some(crate::runtime::request::header_value(#wire, &value, #secret)?))
        } else {
            quote!(::std::option::Option::Some(value))
        };
        let missing = match (&h.default, h.required) {
            (Some(default), _) => {
                let value = if header {
                    quote!(crate::runtime::request::header_value(#wire, #default, #secret)?)
                } else {
                    quote!(::std::string::String::from(#default))
                };
                quote!(::std::option::Option::None => ::std::option::Option::Some(#value),)
            }
            (None, true) => {
                let msg = format!(
                    "the `{wire}` {place} is required: set it with `ClientBuilder::{}`",
                    super::names_unraw(&h.name)
                );
                quote!(::std::option::Option::None => return ::std::result::Result::Err(crate::ConfigError::new(#msg)),)
            }
            (None, false) => quote!(::std::option::Option::None => ::std::option::Option::None,),
        };
        if !header && h.default.is_none() && !h.required {
            build_stmts.push(quote!(let #f = self.#f;));
        } else {
            build_stmts.push(quote! {
                let #f = match self.#f {
                    ::std::option::Option::Some(value) => #value,
                    #missing
                };
            });
        }
        field_inits.push(quote!(#f,));
        let fname = super::names_unraw(&h.name);
        if secret {
            debug_client.push(quote!(.field(#fname, &self.#f.as_ref().map(|_| "<redacted>"))));
            debug_builder.push(quote!(.field(#fname, &self.#f.as_ref().map(|_| "<redacted>"))));
        } else {
            debug_client.push(quote!(.field(#fname, &self.#f)));
            debug_builder.push(quote!(.field(#fname, &self.#f)));
        }
        if h.everywhere {
            apply.push(quote! {
                if let ::std::option::Option::Some(value) = &self.#f {
                    request.header_value(#wire, value);
                }
            });
        }
    }
    let mut has_arms = Vec::new();
    let mut apply_arms = Vec::new();
    let mut required_checks = Vec::new();
    for (index, c) in api.credentials.iter().enumerate() {
        let f = ident(&c.name);
        let fname = super::names_unraw(&c.name);
        if c.required_by_all {
            let msg = format!(
                "every operation needs the `{}` credential: set it with `ClientBuilder::{fname}`",
                c.scheme
            );
            required_checks.push(quote! {
                if self.#f.is_none() {
                    return ::std::result::Result::Err(crate::ConfigError::new(#msg));
                }
            });
        }
        let scheme_doc = doc_lines(&format!(
            "\nFrom the {} security scheme.{}",
            code(&c.scheme),
            if c.required_by_all {
                " Every operation needs it: `build()` fails without it."
            } else {
                ""
            }
        ));
        let d = match c.docs.as_deref().filter(|d| super::docs::has_text(d)) {
            Some(d) => doc_attrs(Some(d)),
            None => TokenStream::new(),
        };
        debug_client.push(quote!(.field(#fname, &self.#f.as_ref().map(|_| "<redacted>"))));
        debug_builder.push(quote!(.field(#fname, &self.#f.as_ref().map(|_| "<redacted>"))));
        has_arms.push(quote!(self.#f.is_some(),));
        field_inits.push(quote!(#f,));
        match &c.kind {
            CredentialKind::ApiKeyHeader(header) => {
                client_fields
                    .push(quote!(#f: ::std::option::Option<::reqwest::header::HeaderValue>,));
                builder_fields.push(quote!(#f: ::std::option::Option<::std::string::String>,));
                let note = doc_lines(&format!(
                    "\nAn API key, sent as the {} header.",
                    code(header)
                ));
                setters.push(quote! {
                    #d #note #scheme_doc
                    pub fn #f(mut self, key: impl ::std::convert::Into<::std::string::String>) -> Self {
                        self.#f = ::std::option::Option::Some(key.into());
                        self
                    }
                });
                build_stmts.push(quote! {
                    let #f = match self.#f {
                        ::std::option::Option::Some(value) => ::std::option::Option::Some(crate::runtime::request::header_value(#header, &value, true)?),
                        ::std::option::Option::None => ::std::option::Option::None,
                    };
                });
                apply_arms.push(quote! {
                    if index == #index && let ::std::option::Option::Some(value) = &self.#f { request.header_value(#header, value); }
                });
            }
            CredentialKind::ApiKeyQuery(param) => {
                client_fields.push(quote!(#f: ::std::option::Option<::std::string::String>,));
                builder_fields.push(quote!(#f: ::std::option::Option<::std::string::String>,));
                let note = doc_lines(&format!(
                    "\nAn API key, sent as the {} query parameter.",
                    code(param)
                ));
                setters.push(quote! {
                    #d #note #scheme_doc
                    pub fn #f(mut self, key: impl ::std::convert::Into<::std::string::String>) -> Self {
                        self.#f = ::std::option::Option::Some(key.into());
                        self
                    }
                });
                build_stmts.push(quote!(let #f = self.#f;));
                apply_arms.push(quote! {
                    if index == #index && let ::std::option::Option::Some(value) = &self.#f { request.query_credential(#param, value.clone()); }
                });
            }
            CredentialKind::Basic => {
                client_fields.push(quote!(#f: ::std::option::Option<(::std::string::String, ::std::string::String)>,));
                builder_fields.push(quote!(#f: ::std::option::Option<(::std::string::String, ::std::string::String)>,));
                let note = doc_lines("\nHTTP basic authentication: a user name and a password.");
                setters.push(quote! {
                    #d #note #scheme_doc
                    pub fn #f(mut self, user: impl ::std::convert::Into<::std::string::String>, password: impl ::std::convert::Into<::std::string::String>) -> Self {
                        self.#f = ::std::option::Option::Some((user.into(), password.into()));
                        self
                    }
                });
                build_stmts.push(quote!(let #f = self.#f;));
                apply_arms.push(quote! {
                    if index == #index && let ::std::option::Option::Some((user, password)) = &self.#f { request.basic_auth(user, password); }
                });
            }
            CredentialKind::Bearer => {
                client_fields.push(quote!(#f: ::std::option::Option<::std::string::String>,));
                builder_fields.push(quote!(#f: ::std::option::Option<::std::string::String>,));
                let note =
                    doc_lines("\nAn OAuth2 access token, sent as `Authorization: Bearer ...`.");
                setters.push(quote! {
                    #d #note #scheme_doc
                    pub fn #f(mut self, token: impl ::std::convert::Into<::std::string::String>) -> Self {
                        self.#f = ::std::option::Option::Some(token.into());
                        self
                    }
                });
                build_stmts.push(quote!(let #f = self.#f;));
                apply_arms.push(quote! {
                    if index == #index && let ::std::option::Option::Some(token) = &self.#f { request.bearer_auth(token); }
                });
            }
        }
    }
    let (security_param, apply_security, credential_fns) = if api.credentials.is_empty() {
        (TokenStream::new(), TokenStream::new(), TokenStream::new())
    } else {
        (
            quote!(, security: &[&[usize]]),
            quote! {
                for alternative in security {
                    if alternative.iter().all(|index| self.has_credential(*index)) {
                        for index in *alternative {
                            self.apply_credential(*index, &mut request);
                        }
                        break;
                    }
                }
            },
            quote! {
                fn has_credential(&self, index: usize) -> bool {
                    [#(#has_arms)*].get(index).copied().unwrap_or(false)
                }

                fn apply_credential(&self, index: usize, request: &mut crate::runtime::request::Request) {
                    #(#apply_arms)*
                }
            },
        )
    };
    let request_mut = if apply.is_empty() && api.credentials.is_empty() {
        quote!(request)
    } else {
        quote!(mut request)
    };
    // With cargo features, operations may all be compiled out: `execute`
    // is then public (hidden) so that it is never dead code.
    let execute_vis = if api.features.is_empty() {
        quote!(pub(crate))
    } else {
        quote! {
            #[doc(hidden)]
            pub
        }
    };
    // A spec without operations (types only) has nothing to send.
    let default_base_const = api.host_template.is_none().then(|| {
        quote! {
            #default_doc
            const DEFAULT_BASE_URL: ::std::option::Option<&str> = #default_base;
        }
    });
    // The base URL when the builder sets none: from the host template,
    // the spec's host, or nowhere.
    let fallback_base = match &api.host_template {
        Some(h) => {
            let prefix = &h.prefix;
            let template = &h.template;
            let base_path = &h.base_path;
            let values = h
                .params
                .iter()
                .filter_map(|&i| api.client_params.get(i))
                .map(|c| {
                    let wire = &c.wire;
                    let f = ident(&c.name);
                    let setter = super::names_unraw(&c.name);
                    quote!((#wire, #setter, #f.as_deref()))
                });
            quote!(crate::runtime::request::host_base_url(#prefix, #template, &[#(#values),*], #base_path)?)
        }
        None => quote! {
            match DEFAULT_BASE_URL {
                ::std::option::Option::Some(url) => crate::runtime::request::base_url(url)?,
                ::std::option::Option::None => {
                    return ::std::result::Result::Err(crate::ConfigError::new(
                        "no base URL: the spec gives no host, so set one with `ClientBuilder::base_url`",
                    ));
                }
            }
        },
    };
    let execute = (!api.operations.is_empty()).then(|| {
        quote! {
            /// Sends a request built by an operation's builder.
            #execute_vis async fn execute(
                &self,
                #request_mut: crate::runtime::request::Request
                #security_param
            ) -> ::std::result::Result<crate::runtime::request::Raw, crate::runtime::request::Failure> {
                #(#apply)*
                #apply_security
                crate::runtime::request::send(&self.http, &self.base_url, &self.settings, request).await
            }

            #credential_fns
        }
    });

    quote! {
        /// How long a request may take, unless the builder sets another limit.
        const DEFAULT_TIMEOUT: ::std::time::Duration = ::std::time::Duration::from_secs(30);

        #default_base_const

        /// A client for the API. Cheap to clone; clones share connections.
        #[derive(Clone)]
        pub struct Client {
            http: ::reqwest::Client,
            base_url: ::std::string::String,
            settings: crate::runtime::request::Settings,
            #(#client_fields)*
        }

        /// Configures a [`Client`].
        #[derive(Default)]
        pub struct ClientBuilder {
            base_url: ::std::option::Option<::std::string::String>,
            http: ::std::option::Option<::reqwest::Client>,
            timeout: ::std::option::Option<::std::time::Duration>,
            connect_timeout: ::std::option::Option<::std::time::Duration>,
            max_body_size: ::std::option::Option<u64>,
            retry: ::std::option::Option<crate::RetryPolicy>,
            on_request: ::std::option::Option<crate::runtime::request::RequestHook>,
            on_response: ::std::option::Option<crate::runtime::request::ResponseHook>,
            #(#builder_fields)*
        }

        impl ::std::fmt::Debug for Client {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct("Client")
                    .field("base_url", &self.base_url)
                    .field("settings", &self.settings)
                    #(#debug_client)*
                    .finish_non_exhaustive()
            }
        }

        impl ::std::fmt::Debug for ClientBuilder {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct("ClientBuilder")
                    .field("base_url", &self.base_url)
                    .field("timeout", &self.timeout)
                    .field("connect_timeout", &self.connect_timeout)
                    .field("max_body_size", &self.max_body_size)
                    .field("retry", &self.retry)
                    .field("on_request", &self.on_request.as_ref().map(|_| "<hook>"))
                    .field("on_response", &self.on_response.as_ref().map(|_| "<hook>"))
                    #(#debug_builder)*
                    .finish_non_exhaustive()
            }
        }

        impl ClientBuilder {
            /// Sets the base URL (scheme, host and optional path prefix),
            /// replacing the spec's. It must be `http` or `https`.
            pub fn base_url(mut self, url: impl ::std::convert::AsRef<str>) -> ::std::result::Result<Self, crate::ConfigError> {
                self.base_url = ::std::option::Option::Some(crate::runtime::request::base_url(url.as_ref())?);
                ::std::result::Result::Ok(self)
            }

            /// Uses an existing `reqwest::Client` (for its proxy, TLS or pool settings).
            ///
            /// Its own redirect policy then applies. reqwest's default
            /// follows redirects to other servers and keeps API-key headers
            /// and query parameters on the way, so build it with
            /// `.redirect(`[`redirect_policy()`](crate::redirect_policy)`)`
            /// (redirects only within the base URL's origin) or
            /// `.redirect(reqwest::redirect::Policy::none())`, or a
            /// credential may reach another server.
            pub fn reqwest_client(mut self, client: ::reqwest::Client) -> Self {
                self.http = ::std::option::Option::Some(client);
                self
            }

            /// Sets how long a whole request may take (default: 30 seconds).
            pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.timeout = ::std::option::Option::Some(timeout);
                self
            }

            /// Sets how long connecting to the server may take (default:
            /// [`DEFAULT_CONNECT_TIMEOUT`](crate::DEFAULT_CONNECT_TIMEOUT),
            /// 10 seconds). It applies to the HTTP client the builder makes,
            /// not to one given with `reqwest_client`.
            pub fn connect_timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.connect_timeout = ::std::option::Option::Some(timeout);
                self
            }

            /// Sets the most bytes of a response body read (default:
            /// [`DEFAULT_MAX_BODY_SIZE`](crate::DEFAULT_MAX_BODY_SIZE), 64 MiB).
            /// A larger body is an [`Error::BodyTooLarge`](crate::Error::BodyTooLarge).
            pub fn max_body_size(mut self, bytes: u64) -> Self {
                self.max_body_size = ::std::option::Option::Some(bytes);
                self
            }

            /// Sets how requests are retried (default:
            /// [`RetryPolicy::default()`](crate::RetryPolicy): at most 3
            /// attempts, idempotent requests only, `Retry-After` honoured
            /// up to 60 s). [`RetryPolicy::none()`](crate::RetryPolicy::none)
            /// turns retries off.
            pub fn retry(mut self, policy: crate::RetryPolicy) -> Self {
                self.retry = ::std::option::Option::Some(policy);
                self
            }

            /// Calls `hook` with every request just before it is sent (each
            /// attempt), to sign it, add headers or count it.
            pub fn on_request(mut self, hook: impl ::std::ops::Fn(&mut ::reqwest::Request) + ::std::marker::Send + ::std::marker::Sync + 'static) -> Self {
                self.on_request = ::std::option::Option::Some(::std::sync::Arc::new(hook));
                self
            }

            /// Calls `hook` with the status of every response (each attempt).
            pub fn on_response(mut self, hook: impl ::std::ops::Fn(::reqwest::StatusCode) + ::std::marker::Send + ::std::marker::Sync + 'static) -> Self {
                self.on_response = ::std::option::Option::Some(::std::sync::Arc::new(hook));
                self
            }

            #(#setters)*

            /// Builds the client. Fails when no base URL is known, a
            /// required setting or credential is missing, or a header
            /// value is invalid.
            pub fn build(self) -> ::std::result::Result<Client, crate::ConfigError> {
                #(#required_checks)*
                #(#build_stmts)*
                let base_url = match self.base_url {
                    ::std::option::Option::Some(url) => url,
                    ::std::option::Option::None => #fallback_base,
                };
                let http = match self.http {
                    ::std::option::Option::Some(http) => http,
                    ::std::option::Option::None => crate::runtime::request::http_client(
                        self.connect_timeout.unwrap_or(crate::DEFAULT_CONNECT_TIMEOUT),
                    )?,
                };
                let settings = crate::runtime::request::Settings {
                    timeout: self.timeout.unwrap_or(DEFAULT_TIMEOUT),
                    max_body_size: self.max_body_size.unwrap_or(crate::DEFAULT_MAX_BODY_SIZE),
                    retry: self.retry.unwrap_or_default(),
                    on_request: self.on_request,
                    on_response: self.on_response,
                };
                ::std::result::Result::Ok(Client {
                    http,
                    base_url,
                    settings,
                    #(#field_inits)*
                })
            }
        }

        impl Client {
            /// A client with the spec's base URL and default settings.
            pub fn new() -> ::std::result::Result<Self, crate::ConfigError> {
                ClientBuilder::default().build()
            }

            /// A builder to configure a client.
            pub fn builder() -> ClientBuilder {
                ClientBuilder::default()
            }

            /// The base URL requests go to.
            pub fn base_url(&self) -> &str {
                &self.base_url
            }

            /// The `reqwest` client requests are sent with (for requests
            /// the spec does not describe).
            pub fn reqwest_client(&self) -> &::reqwest::Client {
                &self.http
            }

            /// How long a request may take.
            pub fn timeout(&self) -> ::std::time::Duration {
                self.settings.timeout
            }

            /// The most bytes of a response body read.
            pub fn max_body_size(&self) -> u64 {
                self.settings.max_body_size
            }

            /// How requests are retried.
            pub fn retry_policy(&self) -> crate::RetryPolicy {
                self.settings.retry
            }

            #execute
        }
    }
}

/// One `impl Client` block with the methods of the operations under one
/// gate (a cargo feature, or none).
/// The client methods of some operations, one `impl Client` block laid
/// out as text (like the macro invocations: no syn, no prettyplease), with
/// `cfg` (a `#[cfg]` line) after its docs.
pub fn methods_text(
    api: &Api,
    ops: &[&Operation],
    feature: Option<&Feature>,
    cfg: Option<&str>,
) -> String {
    let docs = match feature {
        None => "The API's operations: each returns a request builder.".to_owned(),
        Some(f) => {
            let mut text = format!(
                "The operations tagged {}: each returns a request builder. Needs the {} cargo feature (on by default).",
                code(&f.tag),
                code(&f.name)
            );
            if let Some(d) = f
                .docs
                .as_deref()
                .map(super::escape_docs)
                .filter(|d| super::docs::has_text(d))
            {
                text = format!("{d}\n\n{text}");
            }
            text
        }
    };
    let mut out = String::new();
    super::docs::comment_lines(&docs, "", &mut out);
    out.push_str(cfg.unwrap_or_default());
    out.push_str("impl Client {\n");
    for (i, op) in ops.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        method_text(api, op, &mut out);
    }
    out.push_str("}\n");
    out
}

/// A type as text for doc examples (paths rooted at the crate's name).
fn example_ty(api: &Api, t: TokenStream) -> String {
    let text = t.to_string().replace(' ', "");
    text.replace("crate::", &format!("{}::", api.lib_name))
}

fn method_text(api: &Api, op: &Operation, out: &mut String) {
    let required: Vec<_> = op.params.iter().filter(|p| p.required).collect();
    let mut args = vec!["&self".to_owned()];
    let mut call_args = vec!["self".to_owned()];
    for p in &required {
        let mut t = String::new();
        if p.file {
            t.push_str("crate::FilePart");
        } else {
            super::ty_text(api, &p.ty, &mut t);
        }
        args.push(format!("{}: impl ::std::convert::Into<{t}>", p.name));
        call_args.push(format!("{}.into()", p.name));
    }
    if let Some(b) = op.body.as_ref().filter(|b| b.required) {
        let mut t = String::new();
        super::ty_text(api, &b.ty, &mut t);
        args.push(format!("{}: impl ::std::convert::Into<{t}>", b.name));
        call_args.push(format!("{}.into()", b.name));
    }

    // Docs: summary, description, the HTTP line, parameters, an example.
    let mut text = String::new();
    for part in [op.summary.as_deref(), op.description.as_deref()]
        .into_iter()
        .flatten()
    {
        let escaped = super::escape_docs(part);
        if !escaped.trim().is_empty() && !text.contains(escaped.trim()) {
            text.push_str(&escaped);
            text.push_str("\n\n");
        }
    }
    // A code span shows its text literally: cleaned, not escaped.
    text.push_str(&super::docs::code(&format!(
        "{} {}",
        op.method.as_str(),
        op.path_template
    )));
    if !required.is_empty() || op.body.as_ref().is_some_and(|b| b.required) {
        text.push_str("\n\n# Arguments\n");
        for p in &required {
            text.push_str(&format!(
                "\n- `{}`: {}",
                super::names_unraw(&p.name),
                param_docs(p).replace('\n', " ")
            ));
        }
        if let Some(b) = op.body.as_ref().filter(|b| b.required) {
            let d = b
                .docs
                .as_deref()
                .map(super::escape_docs)
                .unwrap_or_default();
            text.push_str(&format!(
                "\n- `{}`: the request body. {}",
                super::names_unraw(&b.name),
                d.replace('\n', " ")
            ));
        }
    }
    let mut hidden = vec![format!("client: &{}::Client", api.lib_name)];
    let mut names = Vec::new();
    for p in &required {
        let n = super::names_unraw(&p.name).to_owned();
        let n = if n == "client" { format!("{n}_") } else { n };
        let t = example_ty(api, param_ty(api, p));
        hidden.push(format!("{}: {t}", raw_if_needed(&p.name, &n)));
        names.push(raw_if_needed(&p.name, &n));
    }
    if let Some(b) = op.body.as_ref().filter(|b| b.required) {
        let n = super::names_unraw(&b.name).to_owned();
        let t = example_ty(api, ty(api, &b.ty));
        hidden.push(format!("{}: {t}", raw_if_needed(&b.name, &n)));
        names.push(raw_if_needed(&b.name, &n));
    }
    text.push_str(&format!(
        "\n\n# Example\n\n```no_run\n# async fn example({}) -> Result<(), Box<dyn std::error::Error>> {{\nlet response = client.{}({}).send().await?;\n# let _ = response;\n# Ok(())\n# }}\n```",
        hidden.join(", "),
        op.method_name,
        names.join(", ")
    ));
    super::docs::comment_lines(&text, "    ", out);
    if op.deprecated {
        out.push_str("    #[deprecated = \"the spec marks this operation deprecated\"]\n");
    }
    let builder = &op.builder_name;
    super::list(
        out,
        "    ",
        &format!("pub fn {}(", op.method_name),
        &args,
        &format!(") -> crate::builders::{builder}<'_> {{"),
    );
    super::list(
        out,
        "        ",
        &format!("crate::builders::{builder}::new("),
        &call_args,
        ")",
    );
    out.push_str("    }\n");
}

/// Keeps the `r#` prefix of a raw identifier for use in example code.
fn raw_if_needed(ir_name: &str, plain: &str) -> String {
    if ir_name.starts_with("r#") && plain == super::names_unraw(ir_name) {
        ir_name.to_owned()
    } else {
        plain.to_owned()
    }
}
