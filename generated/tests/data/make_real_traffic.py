# Writes real_traffic.jsonl: events of our own, shaped as clients and servers
# send them (old, redacted, malformed, custom, unstable), one per line with
# the context it arrives in. `python3 make_real_traffic.py real_traffic.jsonl`.
import json, sys
out = []
def ev(ctx, e, expect=None):
    # `expect`: the class the event must read as in every release (its type
    # is in all of them); read_events ignores the key.
    r = {"context": ctx, "event": e}
    if expect: r["expect"] = expect
    out.append(r)
n = [0]
def eid():
    n[0] += 1; return f"$ev{n[0]}:example.org"
def room(t, content, sender="@alice:example.org", **kw):
    e = {"type": t, "event_id": eid(), "sender": sender, "origin_server_ts": 1733000000000 + n[0], "content": content}
    e.update(kw); return e
# --- message-like in timeline and sync_timeline
msgs = [
  {"msgtype": "m.text", "body": "hello"},
  {"msgtype": "m.text", "body": "*bold*", "format": "org.matrix.custom.html", "formatted_body": "<b>bold</b>"},
  {"msgtype": "m.notice", "body": "bot says"},
  {"msgtype": "m.emote", "body": "waves"},
  {"msgtype": "m.image", "body": "cat.png", "url": "mxc://example.org/abc", "info": {"w": 10, "h": 20, "mimetype": "image/png", "size": 1234}},
  {"msgtype": "m.file", "body": "doc.pdf", "file": {"url": "mxc://example.org/enc", "key": {"kty": "oct", "alg": "A256CTR", "ext": True, "k": "abc", "key_ops": ["encrypt", "decrypt"]}, "iv": "iv", "hashes": {"sha256": "h"}, "v": "v2"}},
  {"msgtype": "m.image", "body": "enc.png", "file": {"url": "mxc://example.org/enc2", "key": {"kty": "oct", "alg": "A256CTR", "ext": True, "k": "k", "key_ops": ["encrypt","decrypt"]}, "iv": "i", "hashes": {"sha256": "h"}, "v": "v2"}},
  {"msgtype": "m.text", "body": "> quoted\n\nreply", "m.relates_to": {"m.in_reply_to": {"event_id": "$ev1:example.org"}}},
  {"msgtype": "m.text", "body": "in thread", "m.relates_to": {"rel_type": "m.thread", "event_id": "$ev1:example.org", "is_falling_back": True, "m.in_reply_to": {"event_id": "$ev2:example.org"}}},
  {"msgtype": "m.text", "body": "* edited", "m.new_content": {"msgtype": "m.text", "body": "edited"}, "m.relates_to": {"rel_type": "m.replace", "event_id": "$ev1:example.org"}},
  {"msgtype": "m.location", "body": "here", "geo_uri": "geo:51.5,-0.1"},
  {"msgtype": "org.example.custom", "body": "custom msgtype", "x": 1},
  {"msgtype": "m.text", "body": "with mentions", "m.mentions": {"user_ids": ["@bob:example.org"]}},
  {"msgtype": "m.audio", "body": "voice", "url": "mxc://example.org/v", "info": {"duration": 3000}, "org.matrix.msc3245.voice": {}},
]
for ctx in ["timeline", "sync_timeline"]:
    for i, c in enumerate(msgs):
        kw = {"room_id": "!room:example.org"} if ctx == "timeline" else {}
        ev(ctx, room("m.room.message", c, unsigned={"age": 100 + i}, **kw))
    extra = {"room_id": "!room:example.org"} if ctx == "timeline" else {}
    ev(ctx, room("m.reaction", {"m.relates_to": {"rel_type": "m.annotation", "event_id": "$ev1:example.org", "key": "👍"}}, **extra))
    ev(ctx, room("m.room.redaction", {"reason": "spam"}, redacts="$ev3:example.org", **extra))
    ev(ctx, room("m.room.redaction", {"redacts": "$ev4:example.org"}, **extra))
    ev(ctx, room("m.room.encrypted", {"algorithm": "m.megolm.v1.aes-sha2", "ciphertext": "AwgA", "sender_key": "sk", "device_id": "DEV", "session_id": "sess"}, **extra))
    ev(ctx, room("m.room.encrypted", {"algorithm": "m.megolm.v1.aes-sha2", "ciphertext": "AwgB", "session_id": "sess", "m.relates_to": {"rel_type": "m.thread", "event_id": "$ev1:example.org"}}, **extra), expect="typed")
    ev(ctx, room("m.sticker", {"body": "sticker", "url": "mxc://example.org/s", "info": {"w": 64, "h": 64, "mimetype": "image/png"}}, **extra))
    # redacted message-like
    ev(ctx, room("m.room.message", {}, unsigned={"redacted_because": {"type": "m.room.redaction", "event_id": "$r1:example.org", "sender": "@mod:example.org", "origin_server_ts": 1, "content": {}, "redacts": "$x"}}, **extra), expect="typed")
    ev(ctx, room("m.reaction", {}, unsigned={"redacted_because": {"type": "m.room.redaction", "sender": "@mod:example.org"}}, **extra))
    # old VoIP v0
    ev(ctx, room("m.call.invite", {"call_id": "c0", "version": 0, "lifetime": 60000, "offer": {"type": "offer", "sdp": "v=0"}}, **extra), expect="typed")
    ev(ctx, room("m.call.answer", {"call_id": "c0", "version": 0, "answer": {"type": "answer", "sdp": "v=0"}}, **extra), expect="typed")
    ev(ctx, room("m.call.candidates", {"call_id": "c0", "version": 0, "candidates": [{"candidate": "c", "sdpMid": "0", "sdpMLineIndex": 0}]}, **extra))
    ev(ctx, room("m.call.hangup", {"call_id": "c0", "version": 0}, **extra), expect="typed")
    ev(ctx, room("m.call.hangup", {"call_id": "c1", "version": "1", "party_id": "p", "reason": "user_busy"}, **extra))
    # malformed
    ev(ctx, room("m.room.message", {"body": "no msgtype"}, **extra), expect="typed")
    ev(ctx, room("m.room.message", {"msgtype": "m.text", "body": 42}, **extra), expect="invalid")
    ev(ctx, room("m.room.message", {"msgtype": "m.image", "body": "img", "url": 7}, **extra))
    ev(ctx, {"type": "m.room.message", "content": {"msgtype": "m.text", "body": "stub without sender"}, "event_id": eid(), **extra}, expect="invalid")
    # custom / unstable
    ev(ctx, room("org.example.game.move", {"x": 1}, **extra))
    ev(ctx, room("m.poll.start", {"question": "?"}, **extra))
    ev(ctx, room("org.matrix.msc3381.poll.start", {"org.matrix.msc3381.poll.start": {"question": {"org.matrix.msc1767.text": "Lunch?"}, "answers": [{"id": "a", "org.matrix.msc1767.text": "yes"}]}, "org.matrix.msc1767.text": "Lunch?"}, **extra))
    # state in timeline
    ev(ctx, room("m.room.member", {"membership": "join", "displayname": "Alice", "avatar_url": "mxc://example.org/a"}, state_key="@alice:example.org", unsigned={"prev_content": {"membership": "invite"}}, **extra))
    ev(ctx, room("m.room.member", {"membership": "leave", "reason": "bye"}, state_key="@bob:example.org", **extra))
    ev(ctx, room("m.room.member", {"membership": "join"}, state_key="@carol:example.org", unsigned={"redacted_because": {"type": "m.room.redaction"}}, **extra), expect="typed")
    ev(ctx, room("m.room.topic", {}, state_key="", unsigned={"redacted_because": {"type": "m.room.redaction"}}, **extra), expect="typed")
    ev(ctx, room("m.room.name", {"name": "Room"}, state_key="", **extra))
    ev(ctx, room("m.room.power_levels", {"users": {"@alice:example.org": 100, "@bob:example.org": "50"}, "users_default": 0, "events": {"m.room.name": 50}}, state_key="", **extra), expect="typed")
    ev(ctx, room("org.example.state", {"v": 1}, state_key="k", **extra))
# --- state / sync_state
states = [
  ("m.room.create", {"creator": "@alice:example.org", "room_version": "1"}),
  ("m.room.create", {"room_version": "11"}),
  ("m.room.create", {"room_version": "9", "m.federate": False, "predecessor": {"room_id": "!old:example.org", "event_id": "$old"}}),
  ("m.room.join_rules", {"join_rule": "restricted", "allow": [{"type": "m.room_membership", "room_id": "!space:example.org"}]}),
  ("m.room.join_rules", {"join_rule": "public"}),
  ("m.room.history_visibility", {"history_visibility": "shared"}),
  ("m.room.guest_access", {"guest_access": "can_join"}),
  ("m.room.canonical_alias", {"alias": "#room:example.org", "alt_aliases": []}),
  ("m.room.canonical_alias", {}),
  ("m.room.avatar", {"url": "mxc://example.org/av"}),
  ("m.room.encryption", {"algorithm": "m.megolm.v1.aes-sha2", "rotation_period_ms": 604800000}),
  ("m.room.pinned_events", {"pinned": ["$ev1:example.org"]}),
  ("m.room.server_acl", {"allow": ["*"], "deny": ["evil.example"], "allow_ip_literals": False}),
  ("m.room.tombstone", {"body": "moved", "replacement_room": "!new:example.org"}),
  ("m.space.child", {"via": ["example.org"], "order": "a"}),
  ("m.space.parent", {"via": ["example.org"], "canonical": True}),
  ("m.room.third_party_invite", {"display_name": "b...@e", "key_validity_url": "https://id.example/k", "public_key": "pk"}),
  ("m.room.member", {"membership": "invite", "displayname": "Bob", "is_direct": True}),
  ("m.room.member", {"membership": "ban", "reason": "spam"}),
  ("m.room.member", {"membership": "knock"}),
  ("m.room.member", {"membership": "join", "displayname": None}),
  ("m.room.topic", {"topic": "Hi", "m.topic": [{"mimetype": "text/plain", "body": "Hi"}]}),
  ("m.room.name", {"name": 5}),
  ("m.room.member", {}),
]
for ctx in ["state", "sync_state"]:
    for t, c in states:
        kw = {"room_id": "!room:example.org"} if ctx == "state" else {}
        sk = "@bob:example.org" if t == "m.room.member" else ""
        ev(ctx, room(t, c, state_key=sk, **kw))
# --- stripped state (invite_state)
for t, c in [("m.room.name", {"name": "Invited"}), ("m.room.create", {"room_version": "10"}), ("m.room.join_rules", {"join_rule": "invite"}), ("m.room.member", {"membership": "invite"}), ("m.room.encryption", {"algorithm": "m.megolm.v1.aes-sha2"}), ("m.room.avatar", {}), ("org.example.custom", {})]:
    sk = "@me:example.org" if t == "m.room.member" else ""
    ev("stripped_state", {"type": t, "state_key": sk, "sender": "@alice:example.org", "content": c})
# --- to-device
td = [
  ("m.room_key", {"algorithm": "m.megolm.v1.aes-sha2", "room_id": "!room:example.org", "session_id": "s", "session_key": "k"}),
  ("m.room.encrypted", {"algorithm": "m.olm.v1.curve25519-aes-sha2", "sender_key": "sk", "ciphertext": {"ck": {"type": 0, "body": "b"}}}),
  ("m.key.verification.request", {"from_device": "DEV", "methods": ["m.sas.v1"], "timestamp": 1733000000000, "transaction_id": "t"}),
  ("m.key.verification.start", {"from_device": "DEV", "method": "m.sas.v1", "transaction_id": "t", "key_agreement_protocols": ["curve25519"], "hashes": ["sha256"], "message_authentication_codes": ["hkdf-hmac-sha256.v2"], "short_authentication_string": ["decimal", "emoji"]}),
  ("m.key.verification.accept", {"transaction_id": "t", "key_agreement_protocol": "curve25519", "hash": "sha256", "message_authentication_code": "hkdf-hmac-sha256.v2", "short_authentication_string": ["decimal"], "commitment": "c"}),
  ("m.key.verification.cancel", {"transaction_id": "t", "code": "m.user", "reason": "no"}),
  ("m.room_key_request", {"action": "request_cancellation", "requesting_device_id": "D", "request_id": "r"}),
  ("m.forwarded_room_key", {"algorithm": "m.megolm.v1.aes-sha2", "room_id": "!r:example.org", "sender_key": "s", "session_id": "s", "session_key": "k", "sender_claimed_ed25519_key": "e", "forwarding_curve25519_key_chain": []}),
  ("m.dummy", {}),
  ("m.secret.request", {"action": "request", "name": "m.megolm_backup.v1", "request_id": "r", "requesting_device_id": "D"}),
  ("org.example.ping", {"n": 1}),
  ("m.room_key", {"algorithm": "m.megolm.v1.aes-sha2"}),
]
for t, c in td:
    ev("to_device", {"type": t, "sender": "@alice:example.org", "content": c})
# --- account data
for t, c in [("m.direct", {"@bob:example.org": ["!dm:example.org"], "not-a-user": ["!x:example.org"]}),
             ("m.ignored_user_list", {"ignored_users": {"@troll:example.org": {}}}),
             ("m.push_rules", {"global": {"override": [], "content": [], "room": [], "sender": [], "underride": []}}),
             ("m.identity_server", {"base_url": None}),
             ("m.secret_storage.default_key", {"key": "k"}),
             ("org.example.settings", {"theme": "dark"}),
             ("m.direct", {})]:
    ev("global_account_data", {"type": t, "content": c})
for t, c in [("m.fully_read", {"event_id": "$ev1:example.org"}), ("m.tag", {"tags": {"m.favourite": {"order": 0.5}, "u.work": {}}}), ("org.example.room.pref", {"x": True}), ("m.tag", {"tags": {"m.favourite": {"order": "top"}}})]:
    ev("room_account_data", {"type": t, "content": c})
    ev("room_account_data", {"type": t, "content": c, "room_id": "!room:example.org"})
# --- ephemeral
for t, c in [("m.typing", {"user_ids": ["@alice:example.org"]}),
             ("m.receipt", {"$ev1:example.org": {"m.read": {"@bob:example.org": {"ts": 1733000000000}}, "m.read.private": {"@bob:example.org": {"ts": 1, "thread_id": "main"}}}}),
             ("m.receipt", {"$ev2:example.org": {"m.read": {"@carol:example.org": {}}}}),
             ("org.example.ephemeral", {"a": 1}),
             ("m.typing", {})]:
    ev("ephemeral", {"type": t, "content": c})
    ev("ephemeral", {"type": t, "content": c, "room_id": "!room:example.org"})
# --- presence
for c in [{"presence": "online", "last_active_ago": 100, "currently_active": True}, {"presence": "unavailable", "status_msg": "away"}, {"presence": "busy"}, {"last_active_ago": 5}]:
    ev("presence", {"type": "m.presence", "sender": "@alice:example.org", "content": c})
# --- deviations seen in the wild, and redactions in every room context
enc_file = {"url": "mxc://example.org/encsticker", "key": {"kty": "oct", "alg": "A256CTR", "ext": True, "k": "kk", "key_ops": ["encrypt", "decrypt"]}, "iv": "iv0", "hashes": {"sha256": "hh"}, "v": "v2"}
because = {"type": "m.room.redaction", "event_id": "$red:example.org", "sender": "@mod:example.org", "origin_server_ts": 1733000009999, "content": {"redacts": "$x:example.org", "reason": "cleanup"}}
for ctx in ["timeline", "sync_timeline", "state", "sync_state"]:
    extra = {"room_id": "!room:example.org"} if ctx in ("timeline", "state") else {}
    if ctx in ("timeline", "sync_timeline"):
        # a bridge's encrypted sticker: `file`, no `url`
        ev(ctx, room("m.sticker", {"body": "sticker.webp", "file": enc_file, "info": {"w": 190, "h": 190, "mimetype": "image/webp", "size": 2950}}, **extra), expect="typed")
        ev(ctx, room("m.room.message", {"body": "no msgtype from a test client", "format": "org.matrix.custom.html", "formatted_body": "<i>x</i>"}, **extra), expect="typed")
        ev(ctx, room("m.sticker", {}, unsigned={"redacted_because": because}, **extra), expect="typed")
        ev(ctx, room("m.room.encrypted", {}, unsigned={"redacted_because": because}, **extra), expect="typed")
        ev(ctx, {"type": "m.room.message", "event_id": eid(), "sender": "@old:example.org", "content": {"msgtype": "m.text", "body": "no timestamp"}, **extra}, expect="invalid")
    # redacted under room version 11: third_party_invite keeps only `signed`
    ev(ctx, room("m.room.member", {"membership": "join", "join_authorised_via_users_server": "@gate:example.org", "third_party_invite": {"signed": {"mxid": "@dan:example.org", "token": "tok", "signatures": {"id.example.org": {"ed25519:0": "sig"}}}}}, state_key="@dan:example.org", unsigned={"redacted_because": because}, **extra), expect="typed")
    ev(ctx, room("m.room.member", {"membership": "invite", "displayname": "Dan", "third_party_invite": {"display_name": "d***@example.org", "signed": {"mxid": "@dan:example.org", "token": "tok", "signatures": {"id.example.org": {"ed25519:0": "sig"}}}}}, state_key="@dan:example.org", **extra))
    ev(ctx, room("m.room.join_rules", {"join_rule": "restricted", "allow": [{"type": "m.room_membership", "room_id": "!space:example.org"}]}, state_key="", unsigned={"redacted_because": because}, **extra), expect="typed")
    ev(ctx, room("m.room.name", {}, state_key="", unsigned={"redacted_because": because}, **extra), expect="typed")
    ev(ctx, room("m.room.create", {"room_version": "11", "m.federate": True}, state_key="", unsigned={"redacted_because": because}, **extra), expect="typed")
    ev(ctx, room("m.room.power_levels", {"ban": 50, "kick": 50, "users": {"@alice:example.org": 100}}, state_key="", unsigned={"redacted_because": because}, **extra), expect="typed")
    ev(ctx, room("m.room.topic", {"topic": "new", "m.topic": {"m.text": [{"body": "new"}]}}, state_key="", **extra))
    ev(ctx, room("m.room.topic", {"topic": "js-sdk shape", "m.topic": [{"body": "js-sdk shape", "mimetype": "text/plain"}]}, state_key="", **extra))
    ev(ctx, room("m.room.member", {"membership": "join", "avatar_url": "", "displayname": "Unset avatar"}, state_key="@erin:example.org", **extra))
    ev(ctx, room("m.room.avatar", {}, state_key="", **extra), expect="typed")
    ev(ctx, room("m.room.member", {"membership": "join", "is_direct": "yes"}, state_key="@erin:example.org", **extra), expect="typed")
ev("stripped_state", {"type": "m.room.topic", "state_key": "", "sender": "@alice:example.org", "content": {"topic": "invite topic"}})
ev("stripped_state", {"type": "m.room.member", "state_key": "@me:example.org", "sender": "@alice:example.org", "content": {"membership": "invite", "displayname": 7}}, expect="typed")
ev("to_device", {"type": "m.key.verification.accept", "sender": "@alice:example.org", "content": {"transaction_id": "t2", "method": "m.sas.v1", "key_agreement_protocol": "curve25519-hkdf-sha256", "hash": "sha256", "message_authentication_code": "hkdf-hmac-sha256.v2", "short_authentication_string": ["emoji"], "commitment": "c2"}})
ev("to_device", {"type": "m.key.verification.ready", "sender": "@alice:example.org", "content": {"from_device": "DEV2", "methods": ["m.sas.v1"], "transaction_id": "t2"}})
ev("room_account_data", {"type": "m.tag", "content": {"tags": {"u.later": {"order": "0.2"}, "m.lowpriority": {"order": 1}}}})
ev("room_account_data", {"type": "m.tag", "content": {"tags": {"m.favourite": {"order": None}}}})
ev("global_account_data", {"type": "m.ignored_user_list", "content": {"ignored_users": {}}})
ev("global_account_data", {"type": "m.direct", "content": {"@bob:example.org": ["!dm1:example.org", "!dm2:example.org"]}})
ev("ephemeral", {"type": "m.receipt", "content": {"$ev9:example.org": {"m.read": {"@dan:example.org": {"ts": "1733000000000"}}}}})
ev("presence", {"type": "m.presence", "sender": "@bob:example.org", "content": {"presence": "online", "last_active_ago": "recently"}})

# one-value enums of the spec that are not tags: a later algorithm or
# condition type must read typed (clients' tests send such withheld notices)
ev("to_device", {"type": "m.room_key.withheld", "sender": "@alice:example.org", "content": {"algorithm": "caesar.cipher", "code": "m.unavailable", "reason": "unknown algorithm", "room_id": "!room:example.org", "session_id": "s2", "sender_key": "RF3sE7RkTQTGF2d8Deol0FkQvgII2aJDfJp5mxVU"}}, expect="typed")
ev("to_device", {"type": "m.room_key.withheld", "sender": "@alice:example.org", "content": {"algorithm": "m.megolm.v1.aes-sha2", "code": "m.no_olm", "reason": "no olm session", "sender_key": "RF3sE7RkTQTGF2d8Deol0FkQvgII2aJDfJp5mxVU"}}, expect="typed")
for ctx in ["state", "sync_state"]:
    extra = {"room_id": "!room:example.org"} if ctx == "state" else {}
    ev(ctx, room("m.room.encryption", {"algorithm": "org.example.megolm.v2"}, state_key="", **extra), expect="typed")
    ev(ctx, room("m.room.join_rules", {"join_rule": "restricted", "allow": [{"type": "org.example.room_power", "room_id": "!space:example.org"}, {"type": "m.room_membership", "room_id": "!space:example.org"}]}, state_key="", **extra), expect="typed")

# --- a busy room: a conversation as a client's /sync delivers it, with the
# read receipts and typing notices that come beside it
people = ["@alice:example.org", "@bob:example.org", "@carol:example.org", "@dan:example.org"]
first = None
for i in range(120):
    who = people[i % len(people)]
    ctx = "sync_timeline" if i % 3 else "timeline"
    extra = {"room_id": "!busy:example.org"} if ctx == "timeline" else {}
    kind = i % 10
    if kind == 0 or first is None:
        e = room("m.room.message", {"msgtype": "m.text", "body": f"message {i}"}, sender=who, unsigned={"age": i}, **extra)
        first = e["event_id"]
    elif kind == 1:
        e = room("m.room.message", {"msgtype": "m.text", "body": f"> <{people[0]}> message\n\nreply {i}", "m.relates_to": {"m.in_reply_to": {"event_id": first}}}, sender=who, **extra)
    elif kind == 2:
        e = room("m.reaction", {"m.relates_to": {"rel_type": "m.annotation", "event_id": first, "key": ["👍", "🎉", "❤️"][i % 3]}}, sender=who, **extra)
    elif kind == 3:
        e = room("m.room.message", {"msgtype": "m.text", "body": f"* fixed {i}", "m.new_content": {"msgtype": "m.text", "body": f"fixed {i}"}, "m.relates_to": {"rel_type": "m.replace", "event_id": first}}, sender=who, **extra)
    elif kind == 4:
        e = room("m.room.message", {"msgtype": "m.text", "body": f"thread {i}", "m.relates_to": {"rel_type": "m.thread", "event_id": first, "is_falling_back": True, "m.in_reply_to": {"event_id": first}}}, sender=who, **extra)
    elif kind == 5:
        e = room("m.room.encrypted", {"algorithm": "m.megolm.v1.aes-sha2", "ciphertext": f"AwgC{i}", "session_id": "sess", "device_id": "D", "sender_key": "sk"}, sender=who, **extra)
    elif kind == 6:
        e = room("m.room.message", {}, sender=who, unsigned={"redacted_because": because, "age": 5}, **extra)
    elif kind == 7:
        e = room("m.room.message", {"msgtype": "m.notice", "body": f"bot {i}"}, sender="@bot:example.org", **extra)
    elif kind == 8:
        e = room("m.room.message", {"msgtype": "m.image", "body": "photo.jpg", "url": "mxc://example.org/p", "info": {"w": 800, "h": 600, "size": 51200, "mimetype": "image/jpeg", "thumbnail_url": "mxc://example.org/t", "thumbnail_info": {"w": 80, "h": 60}}}, sender=who, **extra)
    else:
        e = room("m.room.message", {"msgtype": "m.text", "body": f"with mention {i}", "m.mentions": {"user_ids": [people[(i + 1) % 4]]}}, sender=who, **extra)
    ev(ctx, e)
    if i % 15 == 14:
        ev("ephemeral", {"type": "m.receipt", "content": {e["event_id"]: {"m.read": {who: {"ts": 1733000000000 + i}}}}})
        ev("ephemeral", {"type": "m.typing", "content": {"user_ids": [people[(i + 2) % 4]]}, "room_id": "!busy:example.org"})
# --- what servers add to `unsigned`: the invite as the invitee's /sync
# gives it (Synapse puts the room's stripped state in `invite_room_state`,
# `m.room.create` included since v1.16), a knock, a rename with the state
# it replaced, one's own message echoed with its transaction ID; and the
# same with a list that is not one and previous content of the wrong shape
stripped = [
    {"type": "m.room.create", "state_key": "", "sender": "@alice:example.org", "content": {"room_version": "11", "creator": "@alice:example.org"}},
    {"type": "m.room.name", "state_key": "", "sender": "@alice:example.org", "content": {"name": "Allotment"}},
    {"type": "m.room.join_rules", "state_key": "", "sender": "@alice:example.org", "content": {"join_rule": "invite"}},
    {"type": "m.room.encryption", "state_key": "", "sender": "@alice:example.org", "content": {"algorithm": "m.megolm.v1.aes-sha2"}},
    {"type": "org.example.garden.plot", "state_key": "7", "sender": "@alice:example.org", "content": {"size": 3}},
]
for ctx in ["timeline", "sync_timeline", "state", "sync_state"]:
    extra = {"room_id": "!allotment:example.org"} if ctx in ("timeline", "state") else {}
    ev(ctx, room("m.room.member", {"membership": "invite", "displayname": "Me"}, state_key="@me:example.org", unsigned={"age": 12, "invite_room_state": stripped}, **extra), expect="typed")
    ev(ctx, room("m.room.member", {"membership": "knock", "reason": "let me in"}, sender="@me:example.org", state_key="@me:example.org", unsigned={"knock_room_state": stripped[:3]}, **extra), expect="typed")
    ev(ctx, room("m.room.member", {"membership": "join", "displayname": "Alice G."}, state_key="@alice:example.org", unsigned={"prev_content": {"membership": "join", "displayname": "Alice"}, "replaces_state": "$ev35:example.org", "age": 40}, **extra), expect="typed")
    ev(ctx, room("m.room.member", {"membership": "invite"}, state_key="@me:example.org", unsigned={"invite_room_state": "not a list", "prev_content": {"displayname": "no membership"}}, **extra), expect="typed")
    if ctx in ("timeline", "sync_timeline"):
        ev(ctx, room("m.room.message", {"msgtype": "m.text", "body": "my own echo"}, unsigned={"transaction_id": "m1733000000.17", "age": 3}, **extra), expect="typed")
with open(sys.argv[1], "w") as f:
    for r in out: f.write(json.dumps(r, ensure_ascii=False) + "\n")
print(len(out))
