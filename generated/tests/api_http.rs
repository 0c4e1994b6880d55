//! Requests and responses over the wire (`--features api,http`): each
//! request made into an `http::Request` by the client side and read back by
//! the server side, for operations with path, query, header and body
//! parameters of every kind; responses both ways; errors that name what is
//! wrong. Built against the newest release.
#![cfg(all(feature = "api", feature = "http"))]

use matrix_events::api::{
    self, application_service, client_server as cs, identity, push_gateway, server_server,
    FromHttpRequestError, FromHttpResponse, FromHttpResponseError, IntoHttpResponse,
};
use matrix_events::ids::{EventId, RoomAlias, RoomId, ServerName, UserId};
use matrix_events::{room, with_event_type, AnyToDeviceContent};
use serde_json::json;

const BASE: &str = "https://matrix.example.org";

fn room_id() -> RoomId {
    RoomId::parse("!lunch:example.org").unwrap()
}

/// Sends `request` through both sides and checks it comes back equal; the
/// HTTP request is returned for the test to look at.
macro_rules! through_both_sides {
    ($module:ident, $request:expr) => {{
        let request = $request;
        let http = request
            .try_into_http_request(BASE, Some("syt_token"))
            .expect("made into an HTTP request");
        let back = $module::Request::try_from_http_request(http.clone()).expect("read back");
        assert_eq!(back, request, "{}", http.uri());
        http
    }};
}

fn uri(http: &http::Request<Vec<u8>>) -> String {
    http.uri().to_string()
}

fn body(http: &http::Request<Vec<u8>>) -> serde_json::Value {
    serde_json::from_slice(http.body()).unwrap()
}

#[test]
fn client_server_requests_go_through_both_sides() {
    // 1. /send: typed content, its event type in the path.
    use cs::send_message;
    let content = room::message::RoomMessageEventContent::from(
        room::message::TextMessageEventContent::new("Lunch?"),
    );
    let http = through_both_sides!(
        send_message,
        send_message::Request::new(room_id(), "txn/1 2", content)
    );
    assert_eq!(http.method(), "PUT");
    assert_eq!(
        uri(&http),
        "https://matrix.example.org/_matrix/client/v3/rooms/%21lunch%3Aexample.org/send/m.room.message/txn%2F1%202"
    );
    assert_eq!(http.headers()["authorization"], "Bearer syt_token");
    assert_eq!(body(&http), json!({"msgtype": "m.text", "body": "Lunch?"}));

    // 2. /join with an alias: `#` and `:` stay inside the segment; a list
    // query parameter is a repeated key.
    use cs::join_room;
    let via = vec![
        ServerName::parse("a.example.org").unwrap(),
        ServerName::parse("b.example.org").unwrap(),
    ];
    let http = through_both_sides!(
        join_room,
        join_room::Request::new(json!("#lunch:example.org"), join_room::RequestBody::new())
            .with_via(via)
    );
    assert_eq!(
        uri(&http),
        "https://matrix.example.org/_matrix/client/v3/join/%23lunch%3Aexample.org?via=a.example.org&via=b.example.org"
    );

    // 3. /messages: an enum, an integer, a token and a JSON filter.
    use cs::get_room_events;
    let filter = r#"{"types":["m.room.message"],"lazy_load_members":true}"#;
    let http = through_both_sides!(
        get_room_events,
        get_room_events::Request::new(room_id(), get_room_events::Dir::B)
            .with_from("t47-2_3")
            .with_limit(20)
            .with_filter(filter)
    );
    let query = http.uri().query().unwrap();
    assert!(
        query.contains("dir=b") && query.contains("limit=20"),
        "{query}"
    );
    assert!(query.contains("filter=%7B%22types%22"), "{query}");

    // 4. /sync: a `since` token, booleans, an open enum, a timeout.
    use cs::sync;
    let http = through_both_sides!(
        sync,
        sync::Request::new()
            .with_since("s72594_4483_1934")
            .with_full_state(false)
            .with_set_presence(sync::SetPresence::Unavailable)
            .with_timeout(30_000)
            .with_filter("66696p746572")
    );
    assert_eq!(http.method(), "GET");
    assert!(http.body().is_empty());
    let query = http.uri().query().unwrap();
    assert!(query.contains("since=s72594_4483_1934") && query.contains("full_state=false"));
    assert!(query.contains("set_presence=unavailable") && query.contains("timeout=30000"));

    // 5. /state with an empty state key: the path ends in its slash, and
    // reads without it too.
    use cs::set_room_state_with_key;
    let topic = room::topic::RoomTopicEventContent::new("Noodles");
    let http = through_both_sides!(
        set_room_state_with_key,
        set_room_state_with_key::Request::new(room_id(), "", topic)
    );
    assert!(
        uri(&http).ends_with("/state/m.room.topic/"),
        "{}",
        uri(&http)
    );
    let trimmed = http::Request::builder()
        .method("PUT")
        .uri("/_matrix/client/v3/rooms/!lunch:example.org/state/m.room.topic")
        .body(http.body().clone())
        .unwrap();
    let read = set_room_state_with_key::Request::try_from_http_request(trimmed).unwrap();
    assert_eq!(read.state_key, "");

    // 6. An alias lookup.
    use cs::get_room_id_by_alias;
    let alias = RoomAlias::parse("#lunch:example.org").unwrap();
    let http = through_both_sides!(
        get_room_id_by_alias,
        get_room_id_by_alias::Request::new(alias)
    );
    assert!(uri(&http).ends_with("/directory/room/%23lunch%3Aexample.org"));

    // 7. /search: a query token and a JSON body.
    use cs::search;
    let criteria = json!({"search_categories": {"room_events": {"search_term": "noodles"}}});
    let body: search::RequestBody = serde_json::from_value(criteria.clone()).unwrap();
    let http = through_both_sides!(search, search::Request::new(body).with_next_batch("b2"));
    assert_eq!(self::body(&http), criteria);

    // 8. The public room list: an integer and a server name.
    use cs::get_public_rooms;
    through_both_sides!(
        get_public_rooms,
        get_public_rooms::Request::new()
            .with_limit(10)
            .with_server(ServerName::parse("example.org").unwrap())
    );

    // 9. A redaction: an event ID with `$` in the path.
    use cs::redact_event;
    let event = EventId::parse("$ev1:example.org").unwrap();
    let http = through_both_sides!(
        redact_event,
        redact_event::Request::new(
            room_id(),
            event,
            "r1",
            redact_event::RequestBody::new().with_reason("spam")
        )
    );
    assert!(uri(&http).contains("/redact/%24ev1%3Aexample.org/r1"));

    // 10. To-device messages, read as the path's event type.
    use cs::send_to_device;
    let messages: send_to_device::RequestBody = with_event_type("m.dummy", || {
        serde_json::from_value(json!({"messages": {"@bob:example.org": {"*": {}}}}))
    })
    .unwrap();
    let http = through_both_sides!(
        send_to_device,
        send_to_device::Request::new("m.dummy", "t9", messages)
    );
    let read = send_to_device::Request::try_from_http_request(http).unwrap();
    let content = &read.messages.values().next().unwrap()["*"];
    assert!(matches!(content, AnyToDeviceContent::Dummy(_)));

    // 11. Account data for a user.
    use cs::set_account_data;
    let ignored = matrix_events::ignored_user_list::IgnoredUserListEventContent::new(
        [(
            UserId::parse("@spam:example.org").unwrap(),
            Default::default(),
        )]
        .into_iter()
        .collect::<std::collections::BTreeMap<_, _>>(),
    );
    let http = through_both_sides!(
        set_account_data,
        set_account_data::Request::new("@alice:example.org", ignored)
    );
    assert!(uri(&http).ends_with("/user/%40alice%3Aexample.org/account_data/m.ignored_user_list"));

    // 12. Notifications: no token given, no `Authorization`.
    use cs::get_notifications;
    let request = get_notifications::Request::new().with_only("highlight");
    let http = request.try_into_http_request(BASE, None).unwrap();
    assert!(!http.headers().contains_key("authorization"));
    assert_eq!(
        get_notifications::Request::try_from_http_request(http).unwrap(),
        request
    );
}

#[test]
fn server_server_request_goes_through_both_sides() {
    use server_server::query_profile;
    let http = through_both_sides!(
        query_profile,
        query_profile::Request::new("@alice:example.org").with_field("displayname")
    );
    assert_eq!(
        uri(&http),
        "https://matrix.example.org/_matrix/federation/v1/query/profile?user_id=%40alice%3Aexample.org&field=displayname"
    );
}

#[test]
fn application_service_request_goes_through_both_sides() {
    use application_service::send_transaction;
    let transaction: send_transaction::RequestBody = serde_json::from_value(json!({"events": [{
        "type": "m.room.message", "event_id": "$m1:example.org", "room_id": "!lunch:example.org",
        "sender": "@alice:example.org", "origin_server_ts": 1_733_000_000_000_i64,
        "content": {"msgtype": "m.text", "body": "to the bridge"}
    }]}))
    .unwrap();
    let http = through_both_sides!(
        send_transaction,
        send_transaction::Request::new("42", transaction)
    );
    assert_eq!(
        uri(&http),
        "https://matrix.example.org/_matrix/app/v1/transactions/42"
    );
}

#[test]
fn identity_request_goes_through_both_sides() {
    use identity::lookup_users_v2;
    let http = through_both_sides!(
        lookup_users_v2,
        lookup_users_v2::Request::new(lookup_users_v2::RequestBody::new(
            "sha256",
            "pepper",
            vec!["h1".to_owned()]
        ))
    );
    assert_eq!(http.method(), "POST");
}

#[test]
fn push_gateway_request_goes_through_both_sides() {
    use push_gateway::notify;
    let notification = notify::Notification::new(vec![notify::Device::new("org.example", "k")]);
    let http = through_both_sides!(
        notify,
        notify::Request::new(notify::RequestBody::new(notification))
    );
    assert_eq!(
        uri(&http),
        "https://matrix.example.org/_matrix/push/v1/notify"
    );
}

#[test]
fn responses_go_both_ways_and_errors_keep_their_status() {
    use cs::send_message;
    let response = send_message::Response::new(EventId::parse("$ev9:example.org").unwrap());
    let http = response.try_into_http_response().unwrap();
    assert_eq!(http.status(), 200);
    assert_eq!(http.headers()["content-type"], "application/json");
    let back = send_message::Response::try_from_http_response(http).unwrap();
    assert_eq!(back, response);

    // A rate limit: the standard error with its status and extras.
    let limited = http::Response::builder()
        .status(429)
        .body(r#"{"errcode":"M_LIMIT_EXCEEDED","error":"Too many requests","retry_after_ms":2000}"#)
        .unwrap();
    match send_message::Response::try_from_http_response(limited) {
        Err(FromHttpResponseError::Server { status, error }) => {
            assert_eq!(status, 429);
            assert_eq!(error.errcode, api::ErrorCode::LimitExceeded);
            assert_eq!(error.retry_after_ms, Some(2000));
        }
        other => panic!("{other:?}"),
    }
    // A success whose body is not the operation's.
    let wrong = http::Response::builder().status(200).body("{}").unwrap();
    let error = send_message::Response::try_from_http_response(wrong).unwrap_err();
    assert!(error.to_string().contains("event_id"), "{error}");

    // Two success statuses: the status picks the type.
    use cs::update_device;
    let created = http::Response::builder()
        .status(201)
        .body(b"{}".to_vec())
        .unwrap();
    let read = update_device::Response::try_from_http_response(created).unwrap();
    assert!(matches!(read, update_device::Response::Created(_)));
    assert_eq!(read.try_into_http_response().unwrap().status(), 201);
}

/// Media: an upload carries its bytes (not JSON) with the `Content-Type`
/// the caller gives, or `application/octet-stream`; a download's bytes
/// and type come back as they were sent, and an error status is still the
/// standard error.
#[test]
fn media_bodies_go_as_bytes() {
    use cs::{get_content_authed, upload_content};
    let bytes: Vec<u8> = vec![0x89, b'P', b'N', b'G', 0, 0xff];
    let request = upload_content::Request::new(bytes.clone())
        .with_content_type("image/png")
        .with_filename("lunch menu.png");
    let http = through_both_sides!(upload_content, request);
    assert_eq!(http.method(), "POST");
    assert_eq!(
        uri(&http),
        "https://matrix.example.org/_matrix/media/v3/upload?filename=lunch+menu.png"
    );
    assert_eq!(http.body(), &bytes);
    assert_eq!(http.headers()["content-type"], "image/png");

    // No type given: the spec's own, which the server then reads.
    let http = upload_content::Request::new(b"plain".to_vec())
        .try_into_http_request(BASE, Some("syt_token"))
        .unwrap();
    assert_eq!(http.headers()["content-type"], "application/octet-stream");
    assert_eq!(http.body(), b"plain");
    let read = upload_content::Request::try_from_http_request(http).unwrap();
    assert_eq!(
        read.content_type.as_deref(),
        Some("application/octet-stream")
    );
    assert_eq!(read.body, b"plain");

    let request = get_content_authed::Request::new(
        ServerName::parse("example.org").unwrap(),
        "ascERGshawAWawugaAcauga",
    );
    let http = through_both_sides!(get_content_authed, request);
    assert_eq!(http.method(), "GET");
    assert!(http.body().is_empty());

    let response = get_content_authed::Response::new(Some("image/png".to_owned()), bytes.clone())
        .with_content_disposition("inline; filename=\"lunch menu.png\"");
    let http = response.try_into_http_response().unwrap();
    assert_eq!(http.status(), 200);
    assert_eq!(http.headers()["content-type"], "image/png");
    assert_eq!(
        http.headers()["content-disposition"],
        "inline; filename=\"lunch menu.png\""
    );
    assert_eq!(http.body(), &bytes);
    let back = get_content_authed::Response::try_from_http_response(http).unwrap();
    assert_eq!(back, response);

    let missing = http::Response::builder()
        .status(404)
        .body(r#"{"errcode":"M_NOT_FOUND","error":"Media not found"}"#)
        .unwrap();
    match get_content_authed::Response::try_from_http_response(missing) {
        Err(FromHttpResponseError::Server { status, error }) => {
            assert_eq!(status, 404);
            assert_eq!(error.errcode, api::ErrorCode::NotFound);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_server_reading_a_wrong_request_is_told_what_is_wrong() {
    use cs::get_room_events;
    let request = |method: &str, uri: &str| {
        http::Request::builder()
            .method(method)
            .uri(uri)
            .body(Vec::new())
            .unwrap()
    };
    let messages = "/_matrix/client/v3/rooms/%21lunch%3Aexample.org/messages";
    let missing = get_room_events::Request::try_from_http_request(request("GET", messages));
    assert!(
        matches!(
            missing,
            Err(FromHttpRequestError::MissingParameter {
                location: "query",
                name: "dir"
            })
        ),
        "{missing:?}"
    );
    let invalid = get_room_events::Request::try_from_http_request(request(
        "GET",
        &format!("{messages}?dir=b&limit=lots"),
    ));
    match invalid {
        Err(e @ FromHttpRequestError::InvalidParameter { name: "limit", .. }) => {
            assert!(
                e.to_string()
                    .starts_with("the query parameter `limit` is invalid"),
                "{e}"
            );
        }
        other => panic!("{other:?}"),
    }
    let read = get_room_events::Request::try_from_http_request(request(
        "GET",
        &format!("{messages}?dir=f"),
    ))
    .unwrap();
    assert_eq!(read.room_id, room_id());
    assert!(matches!(
        get_room_events::Request::try_from_http_request(request("POST", messages)),
        Err(FromHttpRequestError::WrongMethod { .. })
    ));
    assert!(matches!(
        get_room_events::Request::try_from_http_request(request(
            "GET",
            "/_matrix/client/v3/rooms/x/state"
        )),
        Err(FromHttpRequestError::WrongPath { .. })
    ));
    // A body that is not the operation's names the problem.
    use cs::send_message;
    let bad = http::Request::builder()
        .method("PUT")
        .uri("/_matrix/client/v3/rooms/!r:example.org/send/m.room.message/t1")
        .body(br#"{"msgtype":"m.text"}"#.to_vec())
        .unwrap();
    let error = send_message::Request::try_from_http_request(bad).unwrap_err();
    assert!(
        error.to_string().contains("missing field `body`"),
        "{error}"
    );
}
