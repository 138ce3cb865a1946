//! Multipart form bodies (file uploads).

use reqwest::multipart::{Form, Part};

use super::request::Encode;

/// A file to upload in a multipart form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilePart {
    /// The file's name as sent to the server.
    pub file_name: String,
    /// The file's content.
    pub bytes: Vec<u8>,
    /// The media type, if known (for example `image/png`).
    pub content_type: Option<String>,
}

impl FilePart {
    /// A file with a name and content.
    pub fn new(file_name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        FilePart {
            file_name: file_name.into(),
            bytes: bytes.into(),
            content_type: None,
        }
    }

    /// Sets the media type.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }
}

/// One field of a multipart form.
#[derive(Debug, Clone)]
enum Field {
    Text(String),
    File(FilePart),
}

/// A multipart form under construction; set it with
/// [`Request::body`](super::request::Request::body). It keeps its fields,
/// so it can be sent again.
#[derive(Debug, Clone, Default)]
pub struct Multipart {
    fields: Vec<(&'static str, Field)>,
}

impl Multipart {
    /// Adds a text field.
    pub fn text(&mut self, name: &'static str, value: String) {
        self.fields.push((name, Field::Text(value)));
    }

    /// Adds a file field.
    pub fn file(&mut self, name: &'static str, file: FilePart) {
        self.fields.push((name, Field::File(file)));
    }
}

impl Encode for Multipart {
    fn apply(&self, builder: reqwest::RequestBuilder) -> Result<reqwest::RequestBuilder, String> {
        let mut form = Form::new();
        for (name, field) in &self.fields {
            form = match field {
                Field::Text(value) => form.text(*name, value.clone()),
                Field::File(file) => {
                    let mut part =
                        Part::bytes(file.bytes.clone()).file_name(file.file_name.clone());
                    if let Some(content_type) = &file.content_type {
                        part = part
                            .mime_str(content_type)
                            .map_err(|_| format!("file `{name}` has an invalid content type"))?;
                    }
                    form.part(*name, part)
                }
            };
        }
        Ok(builder.multipart(form))
    }
}
