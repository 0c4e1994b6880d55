//! The API fixture (`tests/fixtures/http_api`: an OpenAPI 3.1 client-server file
//! with `#/components` references and shared definitions, and a Swagger 2.0
//! push-gateway file) as generated code: metadata, and bodies read from the
//! fixture's examples and written back unchanged.

use matrix_codegen_tests::golden::http_api::api::{
    self, client_server, push_gateway, Authentication, Method,
};
use serde_json::json;

#[test]
fn metadata_says_what_the_files_say() {
    let put = client_server::put_note::METADATA;
    assert_eq!(put.method, Method::Put);
    assert_eq!(put.method.as_str(), "PUT");
    assert_eq!(put.path, "/_matrix/client/v3/rooms/{roomId}/notes/{noteId}");
    assert_eq!(put.authentication, Authentication::AccessToken);
    assert!(put.requires_authentication());
    // Its 429 response is a `$ref` to `#/components/responses/rateLimited`.
    assert!(put.rate_limited);
    assert_eq!(put.added_in, Some("1.9"));
    assert_eq!(put.operation_id, "putNote");

    let list = client_server::list_notes::METADATA;
    // `security: [{}, {accessTokenBearer: []}]`: a token is optional.
    assert_eq!(list.authentication, Authentication::OptionalAccessToken);
    assert!(!list.requires_authentication());
    assert_eq!(list.changed_in, ["1.12"]);

    let delete = client_server::delete_note::METADATA;
    assert!(delete.deprecated);
    assert_eq!(delete.authentication, Authentication::None);

    // Swagger's `basePath` joins the path as OpenAPI's `servers` does.
    let ring = push_gateway::ring_device::METADATA;
    assert_eq!(
        (ring.method, ring.path),
        (Method::Post, "/_matrix/push/v1/ring")
    );

    let ids: Vec<&str> = client_server::OPERATIONS
        .iter()
        .map(|m| m.operation_id)
        .collect();
    assert_eq!(ids, ["putNote", "listNotes", "deleteNote"]);
    let _: &api::Metadata = push_gateway::OPERATIONS[1];
    let ids: Vec<&str> = (push_gateway::OPERATIONS.iter())
        .map(|m| m.operation_id)
        .collect();
    assert_eq!(ids, ["ringDevice", "getRingTone", "putRingTone"]);
}

#[test]
fn bodies_read_their_examples_and_write_them_back() {
    // The examples of tests/fixtures/http_api, as the files give them.
    let request = json!({"text": "Buy milk", "colour": "yellow"});
    let body: client_server::put_note::RequestBody =
        serde_json::from_value(request.clone()).unwrap();
    assert_eq!(body.text, "Buy milk");
    assert_eq!(body.colour, Some(client_server::put_note::Colour::Yellow));
    assert_eq!(serde_json::to_value(&body).unwrap(), request);

    let response: client_server::put_note::Response200 =
        serde_json::from_value(json!({"version": 3})).unwrap();
    assert_eq!(response.version, 3);

    // A list response is an alias of a list of the shared definition.
    let notes = json!([{"note_id": "n1", "text": "Buy milk"}]);
    let list: client_server::list_notes::Response = serde_json::from_value(notes.clone()).unwrap();
    assert_eq!(list[0].note_id, "n1");
    assert_eq!(serde_json::to_value(&list).unwrap(), notes);

    // An empty object is an empty struct that keeps whatever comes.
    let gone: client_server::delete_note::Response =
        serde_json::from_value(json!({"later": true})).unwrap();
    assert_eq!(serde_json::to_value(&gone).unwrap(), json!({"later": true}));

    // Swagger: the body parameter and the response schema.
    let ring = push_gateway::ring_device::RequestBody::new("DEV1");
    assert_eq!(
        serde_json::to_value(&ring).unwrap(),
        json!({"device": "DEV1"})
    );
    let rung: push_gateway::ring_device::Response =
        serde_json::from_value(json!({"rung": true})).unwrap();
    assert!(rung.rung);
    // A required field missing is an error, as for events.
    assert!(serde_json::from_value::<push_gateway::ring_device::Response>(json!({})).is_err());
}

#[test]
fn requests_hold_parameters_and_body() {
    use client_server::put_note::{Colour, Request, RequestBody};
    // `roomId` comes through `#/components/parameters/roomId`.
    let mut request = Request::new(
        "!room:example.org",
        "n1",
        RequestBody::new("Buy milk").with_colour(Colour::Blue),
    );
    assert_eq!(
        (request.room_id.as_str(), request.note_id.as_str()),
        ("!room:example.org", "n1")
    );
    // The body's properties read as the request's own.
    assert_eq!(request.text, "Buy milk");
    request.text = "Buy oat milk".to_owned();
    assert_eq!(
        serde_json::to_value(&request.body).unwrap(),
        json!({"text": "Buy oat milk", "colour": "blue"})
    );

    let list = client_server::list_notes::Request::new("!room:example.org").with_limit(10);
    assert_eq!(list.limit, Some(10));
    assert_eq!(client_server::list_notes::Request::new("!r:x").limit, None);

    // Swagger: a query parameter written as a parameter object with `type`.
    let ring = push_gateway::ring_device::Request::new(
        push_gateway::ring_device::RequestBody::new("DEV1"),
    )
    .with_loud(true);
    assert_eq!((ring.loud, ring.device.as_str()), (Some(true), "DEV1"));
    // No parameters and no body: an empty request.
    assert_eq!(
        push_gateway::get_ring_tone::Request::new(),
        push_gateway::get_ring_tone::Request::default()
    );
}

#[test]
fn errors_read_into_the_standard_error_body() {
    use matrix_codegen_tests::golden::http_api::api::{Error, ErrorCode};
    // The 429 example of tests/fixtures/http_api, a `#/components` response.
    let limited = json!({"errcode": "M_LIMIT_EXCEEDED", "error": "Too many requests", "retry_after_ms": 2000});
    let error: Error = serde_json::from_value(limited.clone()).unwrap();
    assert_eq!(error.errcode, ErrorCode::LimitExceeded);
    assert_eq!(error.retry_after_ms, Some(2000));
    assert_eq!(serde_json::to_value(&error).unwrap(), limited);
    // Named only in a description, still a variant.
    assert_eq!(ErrorCode::from("M_NOT_FOUND"), ErrorCode::NotFound);
    // A code the files never name, and extras, are kept.
    let other = json!({"errcode": "ORG_EXAMPLE_BUSY", "error": "Busy", "admin_contact": "mailto:a@example.org"});
    let error: Error = serde_json::from_value(other.clone()).unwrap();
    assert_eq!(error.errcode.as_str(), "ORG_EXAMPLE_BUSY");
    assert_eq!(serde_json::to_value(&error).unwrap(), other);
}

#[test]
fn several_success_statuses_make_response_an_enum_read_by_status() {
    use client_server::put_note::{Response, Response200, Response201};
    let created = json!({"version": 1, "created_at": 1_733_000_000_000_i64});
    let body: Response201 = serde_json::from_value(created.clone()).unwrap();
    assert_eq!((body.version, body.created_at), (1, 1_733_000_000_000));
    assert_eq!(serde_json::to_value(&body).unwrap(), created);
    // The 200 body lacks `created_at`, so it is not a 201 body.
    assert!(serde_json::from_value::<Response201>(json!({"version": 3})).is_err());
    assert!(serde_json::from_value::<Response200>(json!({"version": 3})).is_ok());

    // The enum: read by the status the response came with.
    let response = Response::from_json(201, &created.to_string()).unwrap();
    assert_eq!(response.status(), 201);
    assert!(matches!(&response, Response::Created(b) if b.created_at == 1_733_000_000_000));
    assert_eq!(serde_json::to_value(&response).unwrap(), created);
    let ok = Response::from_json(200, r#"{"version":3}"#).unwrap();
    assert!(matches!(&ok, Response::Ok(b) if b.version == 3));
    assert_eq!(ok.status(), 200);
    // A 200 body is not a 201 one, and 202 is not a status of this operation.
    assert!(Response::from_json(201, r#"{"version":3}"#).is_err());
    let error = Response::from_json(202, "{}").unwrap_err();
    assert!(error.to_string().contains("status 202"), "{error}");
}

/// Swagger's `type: file` bodies (the fixture's ring tone): the upload's
/// bytes and `Content-Type` go as they are, and so do the download's.
#[test]
fn file_bodies_go_over_http_as_bytes() {
    use api::{FromHttpResponse, IntoHttpResponse};
    use push_gateway::{get_ring_tone, put_ring_tone};
    let tone = vec![b'O', b'g', b'g', b'S', 0, 2];
    let request = put_ring_tone::Request::new(tone.clone()).with_content_type("audio/ogg");
    let http = request
        .try_into_http_request("https://gw.example.org", None)
        .unwrap();
    assert_eq!(http.method(), "PUT");
    assert_eq!(http.headers()["content-type"], "audio/ogg");
    assert_eq!(http.body(), &tone);
    assert_eq!(
        put_ring_tone::Request::try_from_http_request(http).unwrap(),
        request
    );

    let response = get_ring_tone::Response::new(Some("audio/ogg".to_owned()), tone.clone());
    let http = response.try_into_http_response().unwrap();
    assert_eq!(http.headers()["content-type"], "audio/ogg");
    assert_eq!(http.body(), &tone);
    assert_eq!(
        get_ring_tone::Response::try_from_http_response(http).unwrap(),
        response
    );
}

#[test]
fn requests_and_responses_go_over_http_and_back() {
    use api::{FromHttpResponse, FromHttpResponseError};
    use client_server::{list_notes, put_note};
    let body = put_note::RequestBody::new("Buy milk").with_colour(put_note::Colour::Blue);
    let request = put_note::Request::new("!r:example.org", "n/1", body);
    let http = request
        .try_into_http_request("https://hs.example.org/", Some("tok"))
        .unwrap();
    assert_eq!(
        http.uri().to_string(),
        "https://hs.example.org/_matrix/client/v3/rooms/%21r%3Aexample.org/notes/n%2F1"
    );
    assert_eq!(http.method(), "PUT");
    assert_eq!(http.headers()["authorization"], "Bearer tok");
    let sent: serde_json::Value = serde_json::from_slice(http.body()).unwrap();
    assert_eq!(sent, json!({"text": "Buy milk", "colour": "blue"}));
    assert_eq!(
        put_note::Request::try_from_http_request(http).unwrap(),
        request
    );

    // An optional query parameter: absent, then there.
    let list = list_notes::Request::new("!r:example.org");
    let http = list
        .try_into_http_request("https://hs.example.org", None)
        .unwrap();
    assert_eq!(http.uri().query(), None);
    assert_eq!(
        list_notes::Request::try_from_http_request(http).unwrap(),
        list
    );
    let list = list.with_limit(5);
    let http = list
        .try_into_http_request("https://hs.example.org", None)
        .unwrap();
    assert_eq!(http.uri().query(), Some("limit=5"));
    assert_eq!(
        list_notes::Request::try_from_http_request(http).unwrap(),
        list
    );

    // Responses: the status picks the body; an error keeps its status.
    let created = http::Response::builder()
        .status(201)
        .body(r#"{"version":1,"created_at":5}"#)
        .unwrap();
    let read = put_note::Response::try_from_http_response(created).unwrap();
    assert!(matches!(read, put_note::Response::Created(ref b) if b.created_at == 5));
    let notes = http::Response::builder()
        .status(200)
        .body(r#"[{"note_id":"n1","text":"Buy milk"}]"#)
        .unwrap();
    let read = list_notes::Response::try_from_http_response(notes).unwrap();
    assert_eq!(read[0].note_id, "n1");
    let missing = http::Response::builder()
        .status(404)
        .body(r#"{"errcode":"M_NOT_FOUND","error":"No such note"}"#)
        .unwrap();
    match put_note::Response::try_from_http_response(missing) {
        Err(FromHttpResponseError::Server { status: 404, error }) => {
            assert_eq!(error.errcode, api::ErrorCode::NotFound)
        }
        other => panic!("{other:?}"),
    }
}
