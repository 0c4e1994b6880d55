//! One operation of each HTTP API, from the caller's side and the server's:
//! a `Request` built with its constructor and setters and written as JSON,
//! and a response body of our own read typed and written back identical.
//! Client-server also sends typed event content (`/send`, `/state`,
//! `/sendToDevice`, account data), its event type taken from the content.
//! Built with `--features api` against the newest release.
#![cfg(feature = "api")]

use std::collections::BTreeMap;

use matrix_events::api::{
    application_service, client_server, identity, push_gateway, server_server,
};
use matrix_events::ids::{RoomId, UserId};
use matrix_events::{
    dummy, ignored_user_list, room, with_event_type, AnyGlobalAccountDataContent,
    AnyMessageLikeContent, AnyStateContent, AnyStrippedStateEvent, AnyTimelineEvent,
    AnyToDeviceContent,
};
use serde_json::{json, Value};

/// Reads `json` strictly as `T` and checks it is written back as it came.
fn read_back<T>(json: &Value) -> T
where
    T: serde::de::DeserializeOwned + serde::Serialize,
{
    let value: T = matrix_events::from_str_strict(&json.to_string()).expect("reads strictly");
    assert_eq!(&serde_json::to_value(&value).unwrap(), json, "written back");
    value
}

/// Reads `json` as a client does, an event that does not fit kept as
/// `Invalid`, and checks it is written back as it came.
fn read_back_leniently<T>(json: &Value) -> T
where
    T: serde::de::DeserializeOwned + serde::Serialize,
{
    let value: T = matrix_events::from_str(&json.to_string()).expect("reads");
    assert_eq!(&serde_json::to_value(&value).unwrap(), json, "written back");
    value
}

fn room_id(id: &str) -> RoomId {
    RoomId::parse(id).expect("a room ID")
}

fn user_id(id: &str) -> UserId {
    UserId::parse(id).expect("a user ID")
}

#[test]
fn client_server_send_takes_typed_message_content() {
    use client_server::send_message;
    let content = room::message::RoomMessageEventContent::from(
        room::message::TextMessageEventContent::new("Lunch at noon?"),
    );
    let request = send_message::Request::new(room_id("!lunch:example.org"), "txn-17", content);
    assert_eq!(
        request.event_type, "m.room.message",
        "taken from the content"
    );
    assert_eq!(request.room_id.as_str(), "!lunch:example.org");
    assert_eq!(request.txn_id, "txn-17");
    let body = serde_json::to_value(&request.body).unwrap();
    assert_eq!(body, json!({"msgtype": "m.text", "body": "Lunch at noon?"}));

    // The server's side: the body reads as the type the path names.
    let text = body.to_string();
    let read: send_message::RequestBody =
        with_event_type(&request.event_type, || matrix_events::from_str(&text)).unwrap();
    assert_eq!(read, request.body);
    assert!(matches!(read, AnyMessageLikeContent::RoomMessage(_)));
    // Content alone does not say what it is.
    let error = matrix_events::from_str::<send_message::RequestBody>(&text).unwrap_err();
    assert!(error.to_string().contains("with_event_type"), "{error}");

    // A type this crate does not know goes through `from_parts`.
    let custom = send_message::Request::from_parts(
        room_id("!lunch:example.org"),
        "org.example.poll.vote",
        "txn-18",
        AnyMessageLikeContent::Unknown(json!({"choice": 2})),
    );
    assert_eq!(custom.event_type, "org.example.poll.vote");
    let read: send_message::RequestBody = with_event_type("org.example.poll.vote", || {
        matrix_events::from_str(r#"{"choice":2}"#)
    })
    .unwrap();
    assert_eq!(read, custom.body);

    let response: send_message::Response = read_back(&json!({"event_id": "$ev17:example.org"}));
    assert_eq!(response.event_id.as_str(), "$ev17:example.org");

    // Two success statuses: `Response` is read by the status it came with.
    use client_server::update_device;
    let created = update_device::Response::from_json(201, "{}").unwrap();
    assert!(matches!(created, update_device::Response::Created(_)));
    assert_eq!(created.status(), 201);
}

#[test]
fn client_server_state_to_device_and_account_data_take_typed_content() {
    use client_server::{
        get_account_data, send_to_device, set_account_data, set_room_state_with_key,
    };
    let topic = room::topic::RoomTopicEventContent::new("Lunch plans");
    let request = set_room_state_with_key::Request::new(room_id("!lunch:example.org"), "", topic);
    assert_eq!(request.event_type, "m.room.topic");
    assert!(matches!(request.body, AnyStateContent::RoomTopic(_)));

    let ignored: BTreeMap<_, _> = [(user_id("@spam:example.org"), serde_json::Map::new())].into();
    let request = set_account_data::Request::new(
        user_id("@alice:example.org"),
        ignored_user_list::IgnoredUserListEventContent::new(ignored),
    );
    assert_eq!(request.type_, "m.ignored_user_list");
    assert_eq!(
        serde_json::to_value(&request.body).unwrap(),
        json!({"ignored_users": {"@spam:example.org": {}}})
    );
    // Fetched account data is the content of the type asked for.
    let fetched: get_account_data::Response = with_event_type("m.ignored_user_list", || {
        read_back(&json!({"ignored_users": {"@spam:example.org": {}}}))
    });
    assert!(matches!(
        fetched,
        AnyGlobalAccountDataContent::IgnoredUserList(_)
    ));

    // To-device messages: every device's content reads as the path's type.
    let body = json!({"messages": {"@bob:example.org": {"PHONE": {}, "*": {}}}});
    let read: send_to_device::RequestBody = with_event_type("m.dummy", || read_back(&body));
    let devices = read.messages.values().next().unwrap();
    assert_eq!(devices.len(), 2);
    assert!(devices
        .values()
        .all(|c| matches!(c, AnyToDeviceContent::Dummy(_))));
    let request = send_to_device::Request::new("m.dummy", "txn-19", read.clone());
    assert_eq!(request.body, read);
    let dummy: AnyToDeviceContent = dummy::DummyEventContent::new().into();
    assert_eq!(devices["PHONE"], dummy);
}

#[test]
fn server_server_space_hierarchy_reads_children_state_as_stripped_events() {
    use server_server::get_space_hierarchy;
    let request = get_space_hierarchy::Request::new("!space:example.org").with_suggested_only(true);
    assert_eq!(request.suggested_only, Some(true));
    assert_eq!(
        get_space_hierarchy::METADATA.path,
        "/_matrix/federation/v1/hierarchy/{roomId}"
    );
    let room = json!({
        "room_id": "!space:example.org",
        "num_joined_members": 4,
        "world_readable": false,
        "guest_can_join": false,
        "room_type": "m.space",
        "children_state": [
            {
                "type": "m.space.child",
                "state_key": "!garden:example.org",
                "sender": "@alice:example.org",
                "origin_server_ts": 1_733_000_000_000_i64,
                "content": {"via": ["example.org"]}
            },
            {"type": "m.space.child", "state_key": 5, "content": {}}
        ]
    });
    let response: get_space_hierarchy::Response = read_back_leniently(&json!({
        "room": room,
        "children": [],
        "inaccessible_children": ["!hidden:example.org"]
    }));
    let state = &response.room.children_state;
    assert!(matches!(state[0], AnyStrippedStateEvent::SpaceChild(_)));
    assert!(
        matches!(state[1], AnyStrippedStateEvent::Invalid(_)),
        "kept, not fatal"
    );
}

#[test]
fn application_service_transaction_holds_timeline_events() {
    use application_service::send_transaction;
    let body = json!({
        "events": [
            {
                "type": "m.room.message",
                "event_id": "$m1:example.org",
                "room_id": "!lunch:example.org",
                "sender": "@alice:example.org",
                "origin_server_ts": 1_733_000_000_000_i64,
                "content": {"msgtype": "m.text", "body": "hi bridge"}
            },
            {
                "type": "m.room.member",
                "event_id": "$m2:example.org",
                "room_id": "!lunch:example.org",
                "sender": "@bob:example.org",
                "state_key": "@bob:example.org",
                "origin_server_ts": 1_733_000_000_100_i64,
                "content": {"membership": "join"}
            }
        ]
    });
    let read: send_transaction::RequestBody = read_back(&body);
    assert!(matches!(read.events[0], AnyTimelineEvent::MessageLike(_)));
    assert!(matches!(read.events[1], AnyTimelineEvent::State(_)));
    let request = send_transaction::Request::new("42", read);
    assert_eq!(request.txn_id, "42");
    assert_eq!(
        request.events.len(),
        2,
        "the body's fields read through the request"
    );
    let _: send_transaction::Response = read_back(&json!({}));
}

#[test]
fn identity_lookup_request_and_response() {
    use identity::lookup_users_v2;
    let request = lookup_users_v2::Request::new(lookup_users_v2::RequestBody::new(
        "sha256",
        "pepper-of-our-own",
        vec!["hashed-address-1".to_owned()],
    ));
    assert_eq!(
        serde_json::to_value(&request.body).unwrap(),
        json!({"algorithm": "sha256", "pepper": "pepper-of-our-own", "addresses": ["hashed-address-1"]})
    );
    assert_eq!(lookup_users_v2::METADATA.method.as_str(), "POST");
    let response: lookup_users_v2::Response = read_back(&json!({
        "mappings": {"hashed-address-1": "@carol:example.org"},
        "org.example.note": "kept"
    }));
    assert_eq!(response.mappings["hashed-address-1"], "@carol:example.org");
    assert!(response.extra.contains_key("org.example.note"));
}

#[test]
fn push_gateway_notify_request_and_response() {
    use push_gateway::notify;
    let device = notify::Device::new("org.example.app", "cHVzaGtleQ");
    let notification = notify::Notification::new(vec![device])
        .with_event_id("$m1:example.org")
        .with_room_id("!lunch:example.org")
        .with_sender("@alice:example.org");
    let request = notify::Request::new(notify::RequestBody::new(notification));
    let body = serde_json::to_value(&request.body).unwrap();
    assert_eq!(
        body["notification"]["devices"][0]["app_id"],
        "org.example.app"
    );
    assert_eq!(body["notification"]["event_id"], "$m1:example.org");
    let read: notify::RequestBody = read_back(&body);
    assert_eq!(read, request.body);
    let response: notify::Response = read_back(&json!({"rejected": ["cHVzaGtleQ"]}));
    assert_eq!(response.rejected, ["cHVzaGtleQ"]);
}
