use reqwest::Method;

use super::server::{response, serve};
use crate::multipart::{FilePart, Multipart};
use crate::request::{DEFAULT_CONNECT_TIMEOUT, Failure, Request, Settings, http_client, send};

#[tokio::test]
async fn multipart_forms_carry_text_and_files_and_can_be_sent_twice() {
    let server = serve(vec![response("204 No Content", &[], b"")]).await;
    let mut form = Multipart::default();
    form.text("note", "hello".into());
    form.file(
        "upload",
        FilePart::new("a.txt", b"file body".to_vec()).content_type("text/plain"),
    );
    let settings = Settings::new();
    for _ in 0..2 {
        let mut request = Request::new(Method::POST, "op", "/p", None);
        request.body(form.clone());
        send(
            &http_client(DEFAULT_CONNECT_TIMEOUT).unwrap(),
            &server.url,
            &settings,
            request,
        )
        .await
        .unwrap();
    }
    let seen = server.requests.lock().unwrap().clone();
    assert_eq!(seen.len(), 2);
    for request in seen {
        assert!(
            request.contains("multipart/form-data; boundary="),
            "{request}"
        );
        assert!(
            request.contains("name=\"note\"\r\n\r\nhello\r\n"),
            "{request}"
        );
        assert!(
            request.contains(
                "name=\"upload\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nfile body"
            ),
            "{request}"
        );
    }
}

#[tokio::test]
async fn an_invalid_file_media_type_is_refused() {
    let mut form = Multipart::default();
    form.file(
        "upload",
        FilePart::new("a", Vec::new()).content_type("not a type"),
    );
    let mut request = Request::new(Method::POST, "op", "/p", None);
    request.body(form);
    let settings = Settings::new();
    let Err(Failure::Invalid(message)) = send(
        &http_client(DEFAULT_CONNECT_TIMEOUT).unwrap(),
        "http://127.0.0.1:9",
        &settings,
        request,
    )
    .await
    else {
        panic!("refused before sending");
    };
    assert_eq!(message, "file `upload` has an invalid content type");
}
