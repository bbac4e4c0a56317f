//! Group chats (XEP-0045) through the test server's MUC component and its archive
//! (muc_mam), with Tidings on the CLI for every participant.

use std::time::Duration;

use serde_json::Value;

use tidings::core::{Command, MessageId};
use tidings::store::{Store, messages};

use crate::harness::{Device, Listener, Server, settle};

const ROOM: &str = "team@conference.localhost";

/// The ids of an account's messages, oldest first.
fn store_ids(store: &Store, account: tidings::core::AccountId) -> Vec<MessageId> {
    store
        .readers
        .read_blocking(move |c| messages::all(c, account))
        .unwrap()
        .iter()
        .map(|m| m.id)
        .collect()
}

fn bodies(messages: &[Value]) -> Vec<&str> {
    messages.iter().filter_map(|m| m["body"].as_str()).collect()
}

/// Three people in a room: messages reach the others under the writer's nickname, ours
/// come back once (the room's reflection marks them delivered), and one who joins late reads
/// the room's history once, however often she syncs.
#[test]
fn three_people_talk_in_a_room_and_a_late_one_reads_its_history_once() {
    let server = Server::start();
    let alice = Device::new(&server, "alice");
    let bob = Device::new(&server, "bob");
    let carol = Device::new(&server, "carol");
    alice.ok(&["room", "join", ROOM, "--nick", "Alice"]);
    bob.ok(&["room", "join", ROOM, "--nick", "Bob"]);
    assert_eq!(bob.ok(&["room", "list"]).trim(), format!("{ROOM} Bob"));

    let listener = Listener::start(&bob, 60);
    settle();
    alice.ok(&["send", ROOM, "hello team"]);
    alice.ok(&["send", ROOM, "second line"]);
    let got = listener.collect(2, Duration::from_secs(30));
    listener.stop();
    assert_eq!(bodies(&got), ["hello team", "second line"], "{got:?}");
    for m in &got {
        assert_eq!(m["nick"], "Alice", "{m}");
        assert_eq!(m["from"], ROOM, "{m}");
        assert_eq!(m["direction"], "in", "{m}");
    }

    // Alice's own messages, once each: the room's copies are hers.
    alice.ok(&["sync"]);
    let mine = alice.history(ROOM);
    assert_eq!(bodies(&mine), ["hello team", "second line"], "{mine:?}");
    assert!(
        mine.iter()
            .all(|m| m["direction"] == "out" && m["state"] == "delivered"),
        "{mine:?}"
    );

    // Carol comes later: the history, once, and still once after more syncs.
    carol.ok(&["room", "join", ROOM]);
    for _ in 0..2 {
        let seen = carol.history(ROOM);
        assert_eq!(bodies(&seen), ["hello team", "second line"], "{seen:?}");
        assert!(seen.iter().all(|m| m["nick"] == "Alice"), "{seen:?}");
        carol.ok(&["sync"]);
    }
    // Bob read them live; his catch-up adds no copy.
    bob.ok(&["sync"]);
    assert_eq!(bodies(&bob.history(ROOM)), ["hello team", "second line"]);

    // Carol answers; Alice, back later, reads it from the archive.
    carol.ok(&["send", ROOM, "hi all"]);
    alice.ok(&["sync"]);
    let now = alice.history(ROOM);
    assert_eq!(bodies(&now), ["hello team", "second line", "hi all"]);
    assert_eq!(now[2]["nick"], "carol");
}

/// A nickname someone in the room has is refused by name, and the room is not remembered;
/// a room left is not entered again.
#[test]
fn a_taken_nickname_is_refused_and_a_left_room_stays_left() {
    let server = Server::start();
    let alice = Device::new(&server, "alice");
    let bob = Device::new(&server, "bob");
    alice.ok(&["room", "join", ROOM, "--nick", "Alice"]);
    let listener = Listener::start(&alice, 30);
    settle();
    let out = bob.run(&["room", "join", ROOM, "--nick", "Alice"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && stderr.contains("someone in the room already has this nickname"),
        "{stderr}"
    );
    assert_eq!(bob.ok(&["room", "list"]).trim(), "");
    listener.stop();

    alice.ok(&["room", "leave", ROOM]);
    assert_eq!(alice.ok(&["room", "list"]).trim(), "");
    // Bob takes the room; Alice's next session does not enter it, so she misses his word.
    bob.ok(&["room", "join", ROOM, "--nick", "Bob"]);
    bob.ok(&["send", ROOM, "alone now"]);
    alice.ok(&["sync"]);
    assert!(bodies(&alice.history(ROOM)).is_empty());
}

/// A message of type groupchat from someone who is not a room we are in is dropped, as is
/// an archive result no room query of ours asked for.
#[test]
fn group_chat_messages_from_outside_our_rooms_are_dropped() {
    let server = Server::start();
    let alice = Device::new(&server, "alice");
    alice.ok(&["room", "join", ROOM, "--nick", "Alice"]);
    let listener = Listener::start(&alice, 20);
    settle();
    let mut mallory = crate::raw::Raw::login(&server, "bob");
    mallory.send(
        "<message to='alice@localhost' type='groupchat' id='g1'><body>forged room line</body></message>",
    );
    mallory.send(&format!(
        "<message to='alice@localhost'><result xmlns='urn:xmpp:mam:2' queryid='nope' id='a1'>\
         <forwarded xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client' type='groupchat' \
         from='{ROOM}/Alice' to='alice@localhost'><body>forged archive line</body></message>\
         </forwarded></result></message>"
    ));
    mallory.barrier();
    std::thread::sleep(Duration::from_millis(800));
    listener.stop();
    let everything = alice.ok(&["search", "forged"]);
    assert!(everything.trim().is_empty(), "stored: {everything}");
    assert!(bodies(&alice.history(ROOM)).is_empty());
    assert!(bodies(&alice.history("bob@localhost")).is_empty());
}

/// A private group: its owner makes it members only and invites a contact, who gets the
/// invitation and enters; someone not invited is refused as no member. Creating an address
/// that is taken is refused.
#[test]
fn a_private_group_lets_in_whom_its_owner_invites() {
    let server = Server::start();
    let alice = Device::new(&server, "alice");
    let bob = Device::new(&server, "bob");
    let carol = Device::new(&server, "carol");
    alice.ok(&["room", "create", ROOM, "--name", "Team", "--nick", "Alice"]);

    let listener = Listener::start(&bob, 30);
    settle();
    alice.ok(&["room", "invite", ROOM, "bob@localhost"]);
    let got = listener.collect(1, Duration::from_secs(20));
    listener.stop();
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0]["event"], "invitation");
    assert_eq!(got[0]["room"], ROOM);
    assert_eq!(got[0]["from"], "alice@localhost");
    bob.ok(&["room", "join", ROOM]);
    bob.ok(&["send", ROOM, "thanks for having me"]);

    // While bob is in, alice sees both of them; the group shows real addresses to all.
    let bob_stays = Listener::start(&bob, 30);
    settle();
    let crowd: Vec<Value> = alice
        .ok(&["room", "occupants", ROOM, "--json"])
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    bob_stays.stop();
    let seen: Vec<(&str, &str, &str, &str)> = crowd
        .iter()
        .map(|o| {
            (
                o["nick"].as_str().unwrap(),
                o["role"].as_str().unwrap(),
                o["affiliation"].as_str().unwrap(),
                o["jid"].as_str().unwrap_or("hidden"),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("Alice", "moderator", "owner", "alice@localhost"),
            ("bob", "participant", "member", "bob@localhost"),
        ],
        "{crowd:?}"
    );

    let out = carol.run(&["room", "join", ROOM]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && stderr.contains("only members may enter this room"),
        "{stderr}"
    );
    let out = carol.run(&["room", "create", ROOM, "--public"]);
    assert!(!out.status.success());
    alice.ok(&["sync"]);
    assert_eq!(bodies(&alice.history(ROOM)), ["thanks for having me"]);

    let open = "lobby@conference.localhost";
    alice.ok(&["room", "create", open, "--public"]);
    let out = carol.run(&["room", "create", open]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && stderr.contains("exists already"),
        "{stderr}"
    );
    assert_eq!(carol.ok(&["room", "list"]).trim(), "");
}

/// Our bookmarks (XEP-0402) carry the rooms we are in to our other devices: the laptop
/// joins, the phone enters at its next session and reads the room; leaving on the laptop
/// leaves on the phone. Bookmarks pushed by someone else change nothing.
#[test]
fn bookmarks_carry_our_rooms_to_our_other_devices() {
    let server = Server::start();
    let laptop = Device::new(&server, "alice");
    let phone = Device::new(&server, "alice");
    let bob = Device::new(&server, "bob");
    phone.ok(&["sync"]);
    bob.ok(&["room", "join", ROOM, "--nick", "Bob"]);
    laptop.ok(&["room", "join", ROOM, "--nick", "Alice"]);
    bob.ok(&["send", ROOM, "for both your devices"]);

    phone.ok(&["sync"]);
    assert_eq!(phone.ok(&["room", "list"]).trim(), format!("{ROOM} Alice"));
    assert_eq!(bodies(&phone.history(ROOM)), ["for both your devices"]);

    // A forged bookmark from bob, sent as a message: ignored.
    let phone_listens = Listener::start(&phone, 20);
    settle();
    let mut mallory = crate::raw::Raw::login(&server, "bob");
    mallory.send(
        "<message to='alice@localhost'><event xmlns='http://jabber.org/protocol/pubsub#event'>\
         <items node='urn:xmpp:bookmarks:1'><item id='trap@conference.localhost'>\
         <conference xmlns='urn:xmpp:bookmarks:1' autojoin='true'><nick>Alice</nick></conference>\
         </item></items></event></message>",
    );
    mallory.barrier();
    // Live, the laptop's leaving reaches the phone as a retraction.
    laptop.ok(&["room", "leave", ROOM]);
    std::thread::sleep(Duration::from_millis(1500));
    phone_listens.stop();
    assert_eq!(
        phone.ok(&["room", "list"]).trim(),
        "",
        "left on both, no trap"
    );
}

/// The owner runs the room: a name and topic everyone sees, a kicked occupant who is told
/// and may come back, a banned one refused, and a closed room that everyone in it leaves.
#[test]
fn an_owner_names_sets_the_topic_kicks_bans_and_closes_the_room() {
    let server = Server::start();
    let alice = Device::new(&server, "alice");
    let bob = Device::new(&server, "bob");
    let carol = Device::new(&server, "carol");
    alice.ok(&[
        "room", "create", ROOM, "--public", "--name", "The Team", "--nick", "Alice",
    ]);
    alice.ok(&["room", "subject", ROOM, "Release on Friday"]);
    bob.ok(&["room", "join", ROOM, "--nick", "Bob"]);
    let about: Value = serde_json::from_str(bob.ok(&["room", "list", "--json"]).trim()).unwrap();
    assert_eq!(
        (&about["name"], &about["subject"]),
        (&Value::from("The Team"), &Value::from("Release on Friday")),
        "{about}"
    );

    let bob_listens = Listener::start(&bob, 30);
    settle();
    // Roles for now, affiliations for good; a made-up one is refused by name.
    let standing = |alice: &Device| -> (String, String) {
        let crowd = alice.ok(&["room", "occupants", ROOM, "--json"]);
        let bob: Value = crowd
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap())
            .find(|o| o["nick"] == "Bob")
            .expect("bob is in the room");
        (
            bob["role"].as_str().unwrap().to_string(),
            bob["affiliation"].as_str().unwrap().to_string(),
        )
    };
    alice.ok(&["room", "role", ROOM, "Bob", "moderator"]);
    assert_eq!(standing(&alice), ("moderator".into(), "none".into()));
    alice.ok(&["room", "affiliation", ROOM, "bob@localhost", "admin"]);
    assert_eq!(standing(&alice), ("moderator".into(), "admin".into()));
    alice.ok(&["room", "affiliation", ROOM, "bob@localhost", "none"]);
    alice.ok(&["room", "role", ROOM, "Bob", "participant"]);
    assert_eq!(standing(&alice), ("participant".into(), "none".into()));
    let out = alice.run(&["room", "role", ROOM, "Bob", "king"]);
    assert!(
        !out.status.success()
            && String::from_utf8_lossy(&out.stderr).contains("moderator, participant or visitor")
    );
    alice.ok(&["room", "kick", ROOM, "Bob", "--reason", "calm down"]);
    std::thread::sleep(Duration::from_millis(800));
    bob_listens.stop();
    assert_eq!(
        bob.ok(&["room", "list"]).trim(),
        "",
        "kicked, so not rejoined"
    );
    bob.ok(&["room", "join", ROOM, "--nick", "Bob"]);

    alice.ok(&["room", "ban", ROOM, "bob@localhost", "--reason", "enough"]);
    let out = bob.run(&["room", "join", ROOM, "--nick", "Bob"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && stderr.contains("banned"),
        "{stderr}"
    );

    carol.ok(&["room", "join", ROOM]);
    let carol_listens = Listener::start(&carol, 30);
    settle();
    alice.ok(&["room", "destroy", ROOM, "--reason", "project over"]);
    std::thread::sleep(Duration::from_millis(800));
    carol_listens.stop();
    assert_eq!(carol.ok(&["room", "list"]).trim(), "");
    // A refused command says why: bob is no owner of alice's other room.
    alice.ok(&["room", "create", "other@conference.localhost", "--public"]);
    let out = bob.run(&["room", "destroy", "other@conference.localhost"]);
    assert!(!out.status.success());
}

/// A room can forget its occupants without a word (its server restarted, a component
/// reloaded). Our self-ping (XEP-0410) notices, and we enter again: what is said after
/// reaches us live, and what was said meanwhile comes from the archive.
#[test]
fn a_room_that_silently_forgets_us_is_entered_again() {
    let server = Server::start();
    let alice = Device::new(&server, "alice");
    let bob = Device::new(&server, "bob");
    bob.ok(&["room", "create", ROOM, "--public", "--nick", "Bob"]);
    alice.ok(&["room", "join", ROOM, "--nick", "Alice"]);
    let listener = Listener::start_with_env(&alice, 40, &[("TIDINGS_ROOM_PING_SECS", "2")]);
    settle();
    let forgot = server.shell(&format!(
        "local r = prosody.hosts['conference.localhost'].modules.muc.get_room_from_jid('{ROOM}'); \
         r._occupants = {{}}; r._jid_nick = {{}}; return 'forgotten'"
    ));
    assert!(forgot.contains("forgotten"), "{forgot}");
    bob.ok(&["send", ROOM, "while you were away"]);
    // The next self-ping fails and we enter again.
    std::thread::sleep(Duration::from_secs(5));
    bob.ok(&["send", ROOM, "are you still there?"]);
    // The gap from the archive once we are back in, then the live one.
    let got = listener.collect(2, Duration::from_secs(15));
    listener.stop();
    assert_eq!(
        bodies(&got),
        ["while you were away", "are you still there?"],
        "{got:?}"
    );
    assert_eq!(
        bodies(&alice.history(ROOM)),
        ["while you were away", "are you still there?"],
        "the gap filled from the archive, once"
    );
}

/// The directory finds our server's room service by itself and lists its public rooms with
/// name and occupants; private groups stay out of it; a search narrows it down.
#[test]
fn the_room_directory_lists_public_channels_only() {
    let server = Server::start();
    let alice = Device::new(&server, "alice");
    let bob = Device::new(&server, "bob");
    alice.ok(&[
        "room",
        "create",
        "lobby@conference.localhost",
        "--public",
        "--name",
        "The Lobby",
        "--description",
        "Say hello",
    ]);
    alice.ok(&["room", "create", ROOM, "--name", "Secret plans"]);
    let lobby_stays = Listener::start(&alice, 30);
    settle();
    let listed: Vec<Value> = bob
        .ok(&["room", "public", "--json"])
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0]["room"], "lobby@conference.localhost");
    assert_eq!(listed[0]["name"], "The Lobby");
    assert_eq!(listed[0]["description"], "Say hello", "{listed:?}");
    assert_eq!(listed[0]["occupants"], 1, "alice is in it: {listed:?}");
    let found = bob.ok(&[
        "room",
        "public",
        "conference.localhost",
        "--search",
        "LOBBY",
    ]);
    assert!(
        found.starts_with("lobby@conference.localhost The Lobby (1)"),
        "{found}"
    );
    let none = bob.ok(&["room", "public", "--search", "secret"]);
    assert_eq!(none.trim(), "");
    lobby_stays.stop();

    // Its owner sets it up again; saying neither private nor public is refused.
    let lobby = "lobby@conference.localhost";
    assert!(
        !alice
            .run(&["room", "configure", lobby, "--name", "x"])
            .status
            .success()
    );
    alice.ok(&[
        "room",
        "configure",
        lobby,
        "--public",
        "--name",
        "The Big Lobby",
        "--description",
        "All welcome",
    ]);
    let again: Value = serde_json::from_str(bob.ok(&["room", "public", "--json"]).trim()).unwrap();
    assert_eq!(
        (&again["name"], &again["description"]),
        (&Value::from("The Big Lobby"), &Value::from("All welcome")),
        "{again}"
    );
}

/// Bookmarks an older client kept in XEP-0048 private storage bring their autojoin rooms
/// too, when there are no native ones.
#[test]
fn bookmarks_an_older_client_kept_are_followed() {
    let server = Server::start();
    let bob = Device::new(&server, "bob");
    bob.ok(&["room", "create", ROOM, "--public", "--nick", "Bob"]);
    bob.ok(&["send", ROOM, "hello from the old days"]);
    let mut old_client = crate::raw::Raw::login(&server, "alice");
    old_client.send(&format!(
        "<iq type='set' id='keep'><query xmlns='jabber:iq:private'><storage xmlns='storage:bookmarks'>\
         <conference jid='{ROOM}' autojoin='true'><nick>Alice</nick></conference>\
         <conference jid='other@conference.localhost' autojoin='false'/>\
         </storage></query></iq>"
    ));
    old_client.expect("keep");
    drop(old_client);

    let alice = Device::new(&server, "alice");
    alice.ok(&["sync"]);
    assert_eq!(alice.ok(&["room", "list"]).trim(), format!("{ROOM} Alice"));
    assert_eq!(bodies(&alice.history(ROOM)), ["hello from the old days"]);
}

/// What a client finds in its XEP-0048 private storage, once `done` says so (10 s at most).
fn private_storage_until(
    client: &mut crate::raw::Raw,
    reads: &mut usize,
    done: &dyn Fn(&str) -> bool,
) -> String {
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        *reads += 1;
        client.send(&format!(
            "<iq type='get' id='read{reads}'><query xmlns='jabber:iq:private'>\
             <storage xmlns='storage:bookmarks'/></query></iq>"
        ));
        let seen = client.expect("</query>");
        let at = seen.find(&format!("id='read{reads}'")).expect("the answer");
        let storage = seen[at..].to_string();
        if done(&storage) || std::time::Instant::now() > deadline {
            return storage;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// For older clients, where our server does not copy bookmarks between the two kinds itself
/// (no XEP-0402 #compat, as this one): entering a room writes it into XEP-0048 private
/// storage too, leaving takes it out, and whatever else is kept there stays.
#[test]
fn bookmarks_are_written_back_for_older_clients() {
    let server = Server::start();
    let mut old_client = crate::raw::Raw::login(&server, "alice");
    old_client.send(
        "<iq type='set' id='keep'><query xmlns='jabber:iq:private'><storage xmlns='storage:bookmarks'>\
         <url name='news' url='https://example.org/'/>\
         <conference jid='other@conference.localhost' autojoin='false'/>\
         </storage></query></iq>",
    );
    old_client.expect("keep");
    let mut reads = 0;
    let mut storage_until = |client: &mut crate::raw::Raw, done: &dyn Fn(&str) -> bool| {
        private_storage_until(client, &mut reads, done)
    };

    let alice = Device::new(&server, "alice");
    let live = crate::harness::Live::start(&alice);
    live.send(Command::JoinRoom {
        room: ROOM.parse().unwrap(),
        nick: "Alice".into(),
        password: None,
    });
    let has_room = |s: &str| s.contains(&format!("jid='{ROOM}'"));
    let written = storage_until(&mut old_client, &has_room);
    assert!(
        has_room(&written)
            && written.contains("<nick>Alice</nick>")
            && written.contains("autojoin='true'")
            && written.contains("url='https://example.org/'")
            && written.contains("jid='other@conference.localhost'"),
        "{written}"
    );
    live.send(Command::LeaveRoom {
        room: ROOM.parse().unwrap(),
    });
    let after = storage_until(&mut old_client, &|s| !has_room(s));
    live.stop();
    assert!(
        !has_room(&after)
            && after.contains("url='https://example.org/'")
            && after.contains("jid='other@conference.localhost'"),
        "{after}"
    );
    // An entry for a room this device left (a removal that did not finish before it went
    // offline) does not bring it back, and is taken out at the next session.
    old_client.send(&format!(
        "<iq type='set' id='stale'><query xmlns='jabber:iq:private'><storage xmlns='storage:bookmarks'>\
         <url name='news' url='https://example.org/'/>\
         <conference jid='{ROOM}' autojoin='true'><nick>Alice</nick></conference>\
         </storage></query></iq>"
    ));
    old_client.expect("stale");
    let live = crate::harness::Live::start(&alice);
    let cleaned = storage_until(&mut old_client, &|s| !has_room(s));
    live.stop();
    assert!(
        !has_room(&cleaned) && cleaned.contains("url='https://example.org/'"),
        "{cleaned}"
    );
    assert_eq!(alice.ok(&["room", "list"]).trim(), "");
}

/// An encrypted private group (XEP-0384 §5.6): Alice and Carol on Tidings, Bob on python
/// OMEMO. Alice's message is encrypted for every member, Carol too though she is not in the
/// room when it is sent (she reads it from the archive); Bob's answers, in both namespaces,
/// decrypt live at Alice's and from the archive at Carol's. No body reaches the server in
/// plain text.
#[test]
fn an_encrypted_private_group_with_python_omemo_as_a_member_reads_both_ways() {
    let server = Server::start_with(
        crate::harness::Tls::Required,
        &["alice", "bob", "carol", "dave"],
    );
    let alice = Device::new(&server, "alice");
    let carol = Device::new(&server, "carol");
    carol.ok(&["sync"]);
    alice.ok(&[
        "room",
        "create",
        ROOM,
        "--name",
        "Secret team",
        "--nick",
        "Alice",
    ]);
    alice.ok(&["room", "invite", ROOM, "bob@localhost"]);
    alice.ok(&["room", "invite", ROOM, "carol@localhost"]);
    carol.ok(&["room", "join", ROOM, "--nick", "Carol"]);

    let mut bob = crate::peer::Peer::start(&server, "bob", "python bob");
    bob.command(serde_json::json!({"cmd": "join", "room": ROOM, "nick": "bob"}));
    bob.wait_for("joined", Duration::from_secs(30));

    // Alice writes while Carol is away: for Bob's device and Carol's.
    let printed = alice.ok(&["send", ROOM, "canary-group-plan", "--json"]);
    let sent: Value = serde_json::from_str(printed.trim()).expect("one JSON line");
    assert_eq!(sent["encrypted"], true, "{sent}");
    let got = bob.messages(1, Duration::from_secs(30));
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(
        (
            &got[0]["body"],
            &got[0]["room"],
            &got[0]["nick"],
            &got[0]["from"]
        ),
        (
            &Value::from("canary-group-plan"),
            &Value::from(ROOM),
            &Value::from("Alice"),
            &Value::from("alice@localhost")
        ),
        "{got:?}"
    );
    assert!(got[0]["ns"].is_string(), "encrypted: {got:?}");

    // Bob answers in both namespaces while Alice listens; Carol is still away.
    let listener = Listener::start(&alice, 60);
    settle();
    let members = ["alice@localhost", "carol@localhost"];
    for (ns, body) in [
        ("legacy", "canary-python-legacy"),
        ("v2", "canary-python-v2"),
    ] {
        bob.command(serde_json::json!({
            "cmd": "send", "to": ROOM, "ns": ns, "body": body, "refresh": true, "members": members
        }));
        let answer = bob.wait_for("sent", Duration::from_secs(30));
        assert!(
            answer["errors"].as_array().is_some_and(Vec::is_empty),
            "{answer}"
        );
    }
    let live = listener.collect(2, Duration::from_secs(30));
    listener.stop();
    assert_eq!(
        bodies(&live),
        ["canary-python-legacy", "canary-python-v2"],
        "{live:?}"
    );
    assert!(
        live.iter()
            .all(|m| m["encrypted"] == true && m["nick"] == "bob"),
        "{live:?}"
    );

    // Carol comes back: everything from the archive, decrypted, once.
    carol.ok(&["sync"]);
    let history = carol.history(ROOM);
    assert_eq!(
        bodies(&history),
        [
            "canary-group-plan",
            "canary-python-legacy",
            "canary-python-v2"
        ],
        "{history:?}"
    );
    assert!(
        history
            .iter()
            .all(|m| m["encrypted"] == true && m["error"].is_null()),
        "{history:?}"
    );
    // Alice's own message came back from the room as delivered, her copy the only one.
    alice.ok(&["sync"]);
    let mine = alice.history(ROOM);
    assert_eq!(
        bodies(&mine),
        [
            "canary-group-plan",
            "canary-python-legacy",
            "canary-python-v2"
        ],
        "{mine:?}"
    );
    assert_eq!(mine[0]["state"], "delivered", "{mine:?}");
    assert_eq!(
        alice.ok(&["omemo", "encryption", ROOM]).trim(),
        "on",
        "the group is encrypted from now on"
    );

    // A new member's devices are picked up: Dave, invited now, reads the next message, and
    // so does everyone before him.
    let dave = Device::new(&server, "dave");
    dave.ok(&["sync"]);
    alice.ok(&["room", "invite", ROOM, "dave@localhost"]);
    dave.ok(&["room", "join", ROOM, "--nick", "Dave"]);
    alice.ok(&["send", ROOM, "canary-welcome-dave"]);
    dave.ok(&["sync"]);
    let his = dave.history(ROOM);
    let last = his.last().expect("dave's history");
    assert_eq!(
        (&last["body"], &last["encrypted"], &last["error"]),
        (
            &Value::from("canary-welcome-dave"),
            &Value::from(true),
            &Value::Null
        ),
        "{his:?}"
    );
    let got = bob.messages(1, Duration::from_secs(30));
    assert_eq!(
        got.first().map(|m| &m["body"]),
        Some(&Value::from("canary-welcome-dave"))
    );

    let hits = crate::omemo::files_containing(&server.dir.path().join("data"), "canary");
    assert!(hits.is_empty(), "plain text on the server: {hits:?}");
}

/// In a room that stamps occupant ids (XEP-0421), corrections and retractions count from
/// the writer of the original only: Bob's own reach Alice; Carol's, naming Bob's messages,
/// change nothing (her "correction" is a message of hers).
#[test]
fn corrections_and_retractions_in_a_room_count_only_from_their_writer() {
    let server = Server::start();
    let alice = Device::new(&server, "alice");
    let bob = Device::new(&server, "bob");
    alice.ok(&["room", "create", ROOM, "--public", "--nick", "Alice"]);
    bob.ok(&["room", "join", ROOM, "--nick", "Bob"]);
    bob.ok(&["send", ROOM, "helo"]);
    bob.ok(&["send", ROOM, "to be deleted"]);
    let sent = bob.history(ROOM);
    let origin = |n: usize| sent[n]["origin_id"].as_str().unwrap().to_string();

    let mut carol = crate::raw::Raw::login(&server, "carol");
    carol.send(&format!(
        "<presence to='{ROOM}/carol'><x xmlns='http://jabber.org/protocol/muc'/></presence>"
    ));
    carol.expect("status code='110'");
    carol.send(&format!(
        "<message to='{ROOM}' type='groupchat' id='f1'><body>forged words</body>\
         <replace xmlns='urn:xmpp:message-correct:0' id='{}'/></message>",
        origin(1)
    ));
    carol.send(&format!(
        "<message to='{ROOM}' type='groupchat' id='f2'><body>retracted</body>\
         <retract xmlns='urn:xmpp:message-retract:1' id='{}'/></message>",
        origin(0)
    ));
    carol.barrier();

    // Bob corrects his first message and deletes his second.
    crate::service::with_session(&bob, |store, account| {
        let ids = store_ids(store, account);
        vec![
            Command::Correct {
                message: ids[0],
                body: "hello".into(),
            },
            Command::Retract { message: ids[1] },
        ]
    });

    alice.ok(&["sync"]);
    let seen = alice.history(ROOM);
    let shown: Vec<(&str, bool, bool, &str)> = seen
        .iter()
        .map(|m| {
            (
                m["body"].as_str().unwrap_or(""),
                m["edited"] == true,
                m["retracted"] == true,
                m["nick"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            ("hello", true, false, "Bob"),
            ("", false, true, "Bob"),
            ("forged words", false, false, "carol"),
        ],
        "{seen:?}"
    );
}

/// Private messages through a room (XEP-0045 §7.5) are a conversation of their own: Bob's
/// reaches Alice as one with "room/bob", not as the room's nor as a chat with whoever the
/// nickname looks like, and her answer goes to him alone, as a chat through the room.
/// security.md (MUC PM carbon): the carbon of one her other client wrote is dropped.
#[test]
fn private_messages_through_a_room_are_their_own_conversation_and_carbons_are_not() {
    let server = Server::start();
    let alice = Device::new(&server, "alice");
    alice.ok(&["room", "create", ROOM, "--public", "--nick", "Alice"]);
    let listener = Listener::start(&alice, 30);
    settle();
    let mut bob = crate::raw::Raw::login(&server, "bob");
    bob.send(&format!(
        "<presence to='{ROOM}/bob'><x xmlns='http://jabber.org/protocol/muc'/></presence>"
    ));
    bob.expect("status code='110'");
    bob.send(&format!(
        "<message to='{ROOM}/Alice' type='chat' id='pm1'><body>psst, private</body>\
         <x xmlns='http://jabber.org/protocol/muc#user'/></message>"
    ));
    bob.barrier();
    // Alice's other client, in the room under her nickname too, answers privately: her
    // listening device gets the carbon.
    let mut other = crate::raw::Raw::login(&server, "alice");
    other.send("<iq type='set' id='c1'><enable xmlns='urn:xmpp:carbons:2'/></iq>");
    other.expect("c1");
    other.send(&format!(
        "<presence to='{ROOM}/Alice'><x xmlns='http://jabber.org/protocol/muc'/></presence>"
    ));
    other.expect("status code='110'");
    other.send(&format!(
        "<message to='{ROOM}/bob' type='chat' id='pm2'><body>private answer</body>\
         <x xmlns='http://jabber.org/protocol/muc#user'/></message>"
    ));
    other.barrier();
    let got = listener.collect(1, Duration::from_secs(5));
    listener.stop();
    let private: Vec<_> = got.iter().filter(|e| e["body"].is_string()).collect();
    assert!(
        private.len() == 1
            && private[0]["body"] == "psst, private"
            && private[0]["private"] == true
            && private[0]["from"] == format!("{ROOM}/bob").as_str(),
        "{got:?}"
    );
    alice.ok(&["sync"]);
    let pm = alice.history(&format!("{ROOM}/bob"));
    assert_eq!(bodies(&pm), ["psst, private"], "{pm:?}");
    for peer in [ROOM, "bob@localhost", "conference.localhost"] {
        let history = alice.history(peer);
        assert!(
            history
                .iter()
                .all(|m| !m["body"].as_str().unwrap_or("").contains("private")),
            "{peer}: {history:?}"
        );
    }

    // Her answer: a chat to bob's nickname, marked as through the room, and only his.
    bob.set_read_timeout(Duration::from_secs(20));
    alice.ok(&["send", &format!("{ROOM}/bob"), "only for you"]);
    let seen = bob.expect("only for you");
    let at = seen.find("only for you").unwrap();
    let answer = &seen[seen[..at].rfind("<message").unwrap()..];
    assert!(
        answer.contains(&format!("from='{ROOM}/Alice'")) && answer.contains("type='chat'"),
        "{answer}"
    );
    let pm = alice.history(&format!("{ROOM}/bob"));
    assert_eq!(bodies(&pm), ["psst, private", "only for you"], "{pm:?}");
    assert!(bodies(&alice.history(ROOM)).is_empty());
    // A file too: uploaded in plain (the conversation is), its address sent to bob alone.
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path().join("notes.txt");
    std::fs::write(&notes, "the plan").unwrap();
    alice.ok(&["send-file", &format!("{ROOM}/bob"), notes.to_str().unwrap()]);
    let seen = bob.expect("notes.txt</body>");
    let end = seen.find("notes.txt</body>").unwrap();
    let shared = &seen[seen[..end].rfind("<message").unwrap()..end];
    assert!(
        shared.contains(&format!("from='{ROOM}/Alice'"))
            && shared.contains("type='chat'")
            && shared.contains("<body>https://"),
        "{shared}"
    );
    let pm = alice.history(&format!("{ROOM}/bob"));
    assert_eq!(pm.last().unwrap()["attachments"][0]["name"], "notes.txt");
    assert!(bodies(&alice.history(ROOM)).is_empty());
    // Nobody can be written to privately through a room we are not in.
    let refused = alice.run(&["send", "elsewhere@conference.localhost/bob", "hi"]);
    let why = String::from_utf8_lossy(&refused.stderr);
    assert!(
        !refused.status.success() && why.contains("room you are in"),
        "{why}"
    );
}

/// XEP-0425: a moderator removes someone's message for everyone. Alice, who made the room,
/// removes Bob's spam: her copy, Bob's and that of Carol, who comes later and reads the
/// archive, show it removed. Dave's imitation of the room's announcement, sent from his
/// seat in the room, removes nothing.
#[test]
fn a_moderator_removes_a_message_for_everyone() {
    let server = Server::start_with(
        crate::harness::Tls::Required,
        &["alice", "bob", "carol", "dave"],
    );
    let alice = Device::new(&server, "alice");
    let bob = Device::new(&server, "bob");
    alice.ok(&["room", "create", ROOM, "--public", "--nick", "Alice"]);
    bob.ok(&["room", "join", ROOM, "--nick", "Bob"]);
    bob.ok(&["send", ROOM, "buy cheap watches"]);
    bob.ok(&["send", ROOM, "sorry, wrong room"]);
    alice.ok(&["sync"]);
    let seen = alice.history(ROOM);
    let id_of = |body: &str| {
        let m = seen.iter().find(|m| m["body"] == body).expect(body);
        (
            m["id"].as_i64().unwrap(),
            m["stanza_id"].as_str().unwrap().to_string(),
        )
    };
    let (spam, _) = id_of("buy cheap watches");
    let (_, apology) = id_of("sorry, wrong room");

    let mut dave = crate::raw::Raw::login(&server, "dave");
    dave.send(&format!(
        "<presence to='{ROOM}/dave'><x xmlns='http://jabber.org/protocol/muc'/></presence>"
    ));
    dave.expect("status code='110'");
    dave.send(&format!(
        "<message to='{ROOM}' type='groupchat' id='f1'>\
         <apply-to xmlns='urn:xmpp:fasten:0' id='{apology}'>\
         <moderated xmlns='urn:xmpp:message-moderate:0' by='{ROOM}/Alice'>\
         <retract xmlns='urn:xmpp:message-retract:0'/></moderated></apply-to>\
         <retract xmlns='urn:xmpp:message-retract:1' id='{apology}'>\
         <moderated xmlns='urn:xmpp:message-moderate:1' by='{ROOM}/Alice'/></retract></message>"
    ));
    dave.barrier();

    alice.ok(&[
        "room",
        "remove-message",
        ROOM,
        &spam.to_string(),
        "--reason",
        "spam",
    ]);
    let carol = Device::new(&server, "carol");
    carol.ok(&["room", "join", ROOM, "--nick", "Carol"]);
    for device in [&alice, &bob, &carol] {
        device.ok(&["sync"]);
        let shown: Vec<(String, bool)> = device
            .history(ROOM)
            .iter()
            .filter(|m| m["nick"] == "Bob")
            .map(|m| {
                (
                    m["body"].as_str().unwrap_or("").to_string(),
                    m["retracted"] == true,
                )
            })
            .collect();
        let removed = shown.iter().all(|(body, gone)| {
            body != "buy cheap watches" && (*gone || body == "sorry, wrong room")
        });
        let kept = shown
            .iter()
            .any(|(body, gone)| body == "sorry, wrong room" && !gone);
        assert!(removed && kept, "{}: {shown:?}", device.jid);
    }
    // Someone who does not moderate is refused by the room, and says so.
    let refused = bob.run(&["room", "remove-message", ROOM, "1"]);
    assert!(!refused.status.success(), "a participant removed a message");
}

/// A room's picture (XEP-0486): its owner sets it, and whoever enters gets it from the
/// room's vCard by the hash the room announces, shown with the room in the list. A
/// picture that is no image is refused before anything is sent.
#[test]
fn a_room_picture_set_by_its_owner_reaches_who_enters() {
    // A real 1 x 1 PNG.
    const PNG: &[u8] = &[
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44,
        0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F,
        0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8,
        0xCF, 0xC0, 0xF0, 0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00,
        0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
    ];
    let server = Server::start();
    let alice = Device::new(&server, "alice");
    let bob = Device::new(&server, "bob");
    let dir = tempfile::tempdir().unwrap();
    let (picture, text) = (dir.path().join("team.png"), dir.path().join("team.txt"));
    std::fs::write(&picture, PNG).unwrap();
    std::fs::write(&text, "not a picture").unwrap();
    let refused = alice.run(&["room", "picture", ROOM, text.to_str().unwrap()]);
    assert!(
        !refused.status.success()
            && String::from_utf8_lossy(&refused.stderr).contains("PNG or JPEG"),
        "{refused:?}"
    );
    // Made with its picture.
    let path = picture.to_str().unwrap();
    alice.ok(&[
        "room",
        "create",
        ROOM,
        "--public",
        "--nick",
        "Alice",
        "--picture",
        path,
    ]);

    bob.ok(&["room", "join", ROOM, "--nick", "Bob"]);
    let sha1 = |data: &[u8]| {
        use sha1::{Digest, Sha1};
        hex::encode(Sha1::digest(data))
    };
    let room_avatar = |device: &Device| {
        crate::service::open(device)
            .readers
            .read_blocking(tidings::store::conversations::list)
            .unwrap()
            .into_iter()
            .find(|s| s.peer.as_str() == ROOM)
            .and_then(|s| s.avatar)
    };
    // The room's presence comes as Bob enters; its vCard a moment later.
    let until = |wanted: Option<String>| {
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while room_avatar(&bob) != wanted {
            assert!(
                std::time::Instant::now() < deadline,
                "bob's picture of the room: {:?}, not {wanted:?}",
                room_avatar(&bob)
            );
            bob.ok(&["sync"]);
        }
    };
    until(Some(sha1(PNG)));
    // Changed, then taken away.
    let other = [PNG, b"another picture"].concat();
    std::fs::write(&picture, &other).unwrap();
    alice.ok(&["room", "picture", ROOM, path]);
    until(Some(sha1(&other)));
    alice.ok(&["room", "picture", ROOM, "--remove"]);
    until(None);
}

/// Hats (XEP-0317): the title the room gives Bob shows with him; the ones Dave claims for
/// himself, in Prosody's namespace (which the room strips) or the standard one (which this
/// room does not advertise), do not.
#[test]
fn hats_the_room_gives_show_and_claimed_ones_do_not() {
    let server = Server::start_with(crate::harness::Tls::Required, &["alice", "bob", "dave"]);
    let alice = Device::new(&server, "alice");
    let bob = Device::new(&server, "bob");
    alice.ok(&["room", "create", ROOM, "--public", "--nick", "Alice"]);
    alice.ok(&["room", "affiliation", ROOM, "bob@localhost", "member"]);
    let given = server.shell(&format!(
        "local r = prosody.hosts['conference.localhost'].modules.muc.get_room_from_jid('{ROOM}'); \
         r:set_affiliation_data('bob@localhost', 'hats', \
         {{ ['urn:example:teacher'] = {{ title = 'Teacher', active = true }} }}); return 'given'"
    ));
    assert!(given.contains("given"), "{given}");
    bob.ok(&["room", "join", ROOM, "--nick", "Bob"]);
    let bob_stays = Listener::start(&bob, 30);
    let mut dave = crate::raw::Raw::login(&server, "dave");
    dave.send(&format!(
        "<presence to='{ROOM}/dave'><x xmlns='http://jabber.org/protocol/muc'/>\
         <hats xmlns='xmpp:prosody.im/protocol/hats:1'><hat uri='urn:x:admin' title='Admin'/></hats>\
         <hats xmlns='urn:xmpp:hats:0'><hat uri='urn:x:owner' title='Owner'/></hats></presence>"
    ));
    dave.expect("status code='110'");
    settle();
    let crowd: Vec<Value> = alice
        .ok(&["room", "occupants", ROOM, "--json"])
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    bob_stays.stop();
    let hats_of = |nick: &str| {
        crowd
            .iter()
            .find(|o| o["nick"] == nick)
            .unwrap_or_else(|| panic!("{nick} in {crowd:?}"))["hats"]
            .clone()
    };
    assert_eq!(
        hats_of("Bob"),
        serde_json::json!([{"uri": "urn:example:teacher", "title": "Teacher"}])
    );
    assert_eq!(hats_of("dave"), serde_json::json!([]));
}

/// Reactions in a room (XEP-0444) name the message by the id the room gave it, and each
/// occupant counts once, by occupant id: Bob's reaction reaches Alice, and so does his
/// change of mind, replacing it.
#[test]
fn reactions_in_a_room_count_once_per_occupant() {
    let server = Server::start();
    let alice = Device::new(&server, "alice");
    let bob = Device::new(&server, "bob");
    alice.ok(&["room", "create", ROOM, "--public", "--nick", "Alice"]);
    bob.ok(&["room", "join", ROOM, "--nick", "Bob"]);
    alice.ok(&["send", ROOM, "pizza tonight?"]);
    bob.ok(&["sync"]);
    for emojis in [vec!["👍"], vec!["🍕", "👍"]] {
        crate::service::with_session(&bob, |store, account| {
            let ids = store_ids(store, account);
            vec![Command::React {
                message: ids[0],
                emojis: emojis.iter().map(|e| e.to_string()).collect(),
            }]
        });
    }
    alice.ok(&["sync"]);
    let store = crate::service::open(&alice);
    let reactions = store
        .readers
        .read_blocking(|c| {
            let account = tidings::store::accounts::pick(c, None)?.id;
            let first = messages::all(c, account)?[0].id;
            messages::reactions(c, first)
        })
        .unwrap();
    assert_eq!(reactions.len(), 1, "one reactor: {reactions:?}");
    assert!(
        reactions[0].0.as_str().ends_with("@conference.localhost"),
        "{reactions:?}"
    );
    assert_eq!(reactions[0].1, ["🍕", "👍"]);
}

/// Typing in rooms (XEP-0085 §5.5): an occupant's typing reaches us by nickname and ends
/// with their message or their leaving; ours goes to a private group and never to a public
/// channel's strangers.
#[test]
fn typing_shows_by_nickname_and_ours_reaches_private_groups_only() {
    use tidings::core::{ChatState, Event};
    let server = Server::start_with(crate::harness::Tls::Required, &["alice", "dave"]);
    let alice = Device::new(&server, "alice");
    let lobby = "lobby@conference.localhost";
    alice.ok(&["room", "create", ROOM, "--private", "--nick", "Alice"]);
    alice.ok(&["room", "affiliation", ROOM, "dave@localhost", "member"]);
    alice.ok(&["room", "create", lobby, "--public", "--nick", "Alice"]);
    let mut live = crate::harness::Live::start(&alice);
    let mut read = Vec::new();
    while read.len() < 2 {
        let room = live.wait_for("both rooms read", Duration::from_secs(20), |e| match e {
            Event::RoomHistory { room, .. } => Some(room.to_string()),
            _ => None,
        });
        read.push(room);
    }
    let mut dave = crate::raw::Raw::login(&server, "dave");
    for room in [ROOM, lobby] {
        dave.send(&format!(
            "<presence to='{room}/dave'><x xmlns='http://jabber.org/protocol/muc'/></presence>"
        ));
        dave.expect("status code='110'");
    }
    let typing_of = |live: &mut crate::harness::Live, what: &str| {
        live.wait_for(what, Duration::from_secs(10), |e| match e {
            Event::ChatState {
                from,
                nick,
                composing,
                ..
            } => Some((from.to_string(), nick.clone(), *composing)),
            _ => None,
        })
    };
    let dave_in = |composing| (ROOM.to_string(), Some("dave".to_string()), composing);
    let state = |room: &str, name: &str| {
        format!(
            "<message to='{room}' type='groupchat'>\
             <{name} xmlns='http://jabber.org/protocol/chatstates'/></message>"
        )
    };

    dave.send(&state(ROOM, "composing"));
    assert_eq!(typing_of(&mut live, "dave typing"), dave_in(true));
    // A message without a state still ends the typing.
    dave.send(&format!(
        "<message to='{ROOM}' type='groupchat'><body>done typing</body></message>"
    ));
    assert_eq!(typing_of(&mut live, "dave done"), dave_in(false));
    dave.send(&state(ROOM, "composing"));
    assert_eq!(typing_of(&mut live, "dave typing again"), dave_in(true));
    dave.send(&format!("<presence to='{ROOM}/dave' type='unavailable'/>"));
    assert_eq!(typing_of(&mut live, "dave gone"), dave_in(false));

    // Ours: to the private group dave is no longer in, so through the lobby's silence and
    // the group's words; dave rejoins the group to read them.
    dave.send(&format!(
        "<presence to='{ROOM}/dave'><x xmlns='http://jabber.org/protocol/muc'>\
         <history maxstanzas='0'/></x></presence>"
    ));
    dave.expect("status code='110'");
    for room in [lobby, ROOM] {
        live.send(Command::SendChatState {
            to: room.parse().unwrap(),
            state: ChatState::Composing,
        });
    }
    let seen = dave.expect("<composing");
    assert!(
        seen.contains(&format!("from='{ROOM}/Alice'"))
            || seen.contains(&format!("from=\"{ROOM}/Alice\"")),
        "{seen}"
    );
    assert!(!seen.contains(&format!("{lobby}/Alice")), "{seen}");
    live.stop();
}

/// Occupants' pictures (XEP-0153 through the room) are shown when their bytes match the hash
/// their presence announced, and never otherwise; occupants' availability is read; the room
/// sees our presence as contacts do, and its changes; our picture is open to occupants who
/// are not our contacts.
#[test]
fn occupants_show_true_pictures_and_the_room_sees_our_presence() {
    use base64::Engine;
    use sha1::Digest;
    use tidings::core::{Event, OwnPresence, Show};
    let server = Server::start_with(crate::harness::Tls::Required, &["alice", "dave", "erin"]);
    let alice = Device::new(&server, "alice");
    alice.ok(&["room", "create", ROOM, "--public", "--nick", "Alice"]);
    let ours = tempfile::NamedTempFile::with_suffix(".png").unwrap();
    std::fs::write(ours.path(), b"\x89PNG\r\n\x1a\nAlice herself").unwrap();
    alice.ok(&["avatar", ours.path().to_str().unwrap()]);
    let mut live = crate::harness::Live::start(&alice);
    live.wait_for("the room read", Duration::from_secs(20), |e| match e {
        Event::RoomHistory { .. } => Some(()),
        _ => None,
    });
    let face = |name: &str| format!("\u{89}PNG the face of {name}").into_bytes();
    let hash = |bytes: &[u8]| hex::encode(sha1::Sha1::digest(bytes));
    let enter = |raw: &mut crate::raw::Raw, name: &str, photo: &[u8], announced: &str, show| {
        let binval = base64::engine::general_purpose::STANDARD.encode(photo);
        raw.send(&format!(
            "<iq type='set' id='vcard-{name}'><vCard xmlns='vcard-temp'><PHOTO>\
             <TYPE>image/png</TYPE><BINVAL>{binval}</BINVAL></PHOTO></vCard></iq>"
        ));
        raw.expect(&format!("id='vcard-{name}'"));
        raw.send(&format!(
            "<presence to='{ROOM}/{name}'>{show}<x xmlns='http://jabber.org/protocol/muc'/>\
             <x xmlns='vcard-temp:x:update'><photo>{announced}</photo></x></presence>"
        ));
        raw.expect("status code='110'")
    };
    // Erin announces a picture her vCard does not have; dave tells the truth.
    let mut erin = crate::raw::Raw::login(&server, "erin");
    let lie = hash(b"someone else");
    enter(&mut erin, "erin", &face("erin"), &lie, "<show>dnd</show>");
    let mut dave = crate::raw::Raw::login(&server, "dave");
    let truth = hash(&face("dave"));
    let seen = enter(&mut dave, "dave", &face("dave"), &truth, "");
    // Our presence in the room is the one our contacts get: with our capabilities.
    let alice_in = seen
        .split("<presence")
        .find(|p| p.contains(&format!("{ROOM}/Alice")))
        .unwrap_or_else(|| panic!("no presence of Alice in {seen}"));
    assert!(
        alice_in.contains("http://jabber.org/protocol/caps"),
        "{alice_in}"
    );
    let her_hash = hash(b"\x89PNG\r\n\x1a\nAlice herself");
    assert!(
        alice_in.contains(&format!("<photo>{her_hash}</photo>")),
        "{alice_in}"
    );
    // Dave is no contact of hers, yet her picture reaches him through the room.
    dave.send(&format!(
        "<iq type='get' to='{ROOM}/Alice' id='her-card'><vCard xmlns='vcard-temp'/></iq>"
    ));
    let card = dave.expect("her-card");
    let card = card.rsplit("her-card").next().unwrap();
    let binval = card
        .split_once("<BINVAL>")
        .and_then(|(_, rest)| rest.split_once("</BINVAL>"))
        .map(|(b, _)| b.trim().to_string())
        .unwrap_or_else(|| panic!("no photo in {card}"));
    let photo = base64::engine::general_purpose::STANDARD
        .decode(binval)
        .unwrap();
    assert_eq!(hash(&photo), her_hash);

    let occupants = live.wait_for("dave's picture", Duration::from_secs(20), |e| match e {
        Event::Occupants { occupants, .. }
            if occupants
                .iter()
                .any(|o| o.nick == "dave" && o.avatar.is_some()) =>
        {
            Some(occupants.clone())
        }
        _ => None,
    });
    let of = |nick: &str| occupants.iter().find(|o| o.nick == nick).unwrap();
    assert_eq!(of("dave").avatar.as_deref(), Some(truth.as_str()));
    assert_eq!(of("dave").show, Show::Available);
    assert_eq!(of("erin").avatar, None);
    assert_eq!(of("erin").show, Show::DoNotDisturb);

    // Away: the room hears it from us, not only our contacts.
    live.send(Command::SetPresence(OwnPresence {
        show: Show::Away,
        ..OwnPresence::default()
    }));
    let heard = dave.expect("<show>away</show>");
    let away = heard.rsplit("<presence").next().unwrap();
    assert!(away.contains(&format!("{ROOM}/Alice")), "{away}");
    live.stop();
}

/// A visitor asks for a voice; the room passes it to its moderator, who gives it. A request
/// that does not come from the room is not one.
#[test]
fn a_visitor_asks_for_a_voice_and_a_moderator_gives_it() {
    use tidings::core::{Event, Role, RoomAction, RoomState};
    let server = Server::start_with(crate::harness::Tls::Required, &["alice", "bob", "dave"]);
    let (alice, bob) = (Device::new(&server, "alice"), Device::new(&server, "bob"));
    alice.ok(&["room", "create", ROOM, "--public", "--nick", "Alice"]);
    bob.ok(&["room", "join", ROOM, "--nick", "bob"]);
    let mut moderator = crate::harness::Live::start(&alice);
    let mut visitor = crate::harness::Live::start(&bob);
    for live in [&mut moderator, &mut visitor] {
        live.wait_for("in the room", Duration::from_secs(20), |e| match e {
            Event::Room {
                state: RoomState::Joined { .. },
                ..
            } => Some(()),
            _ => None,
        });
    }
    let role_of_bob = |live: &mut crate::harness::Live, wanted: Role| {
        live.wait_for("bob's role", Duration::from_secs(20), |e| match e {
            Event::Occupants { occupants, .. }
                if occupants
                    .iter()
                    .any(|o| o.nick == "bob" && o.role == wanted) =>
            {
                Some(())
            }
            _ => None,
        })
    };
    let bob_as = |role| Command::Moderate {
        room: ROOM.parse().unwrap(),
        action: RoomAction::Role {
            nick: "bob".into(),
            role,
        },
    };
    moderator.send(bob_as(Role::Visitor));
    role_of_bob(&mut visitor, Role::Visitor);

    // A look-alike request straight from someone, not from the room.
    let mut dave = crate::raw::Raw::login(&server, "dave");
    dave.send(
        "<message to='alice@localhost'><x xmlns='jabber:x:data' type='form'>\
         <field var='FORM_TYPE' type='hidden'><value>http://jabber.org/protocol/muc#request</value></field>\
         <field var='muc#roomnick'><value>Mallory</value></field></x></message>",
    );
    visitor.send(Command::Moderate {
        room: ROOM.parse().unwrap(),
        action: RoomAction::RequestVoice,
    });
    let asked = moderator.wait_for("the request", Duration::from_secs(20), |e| match e {
        Event::VoiceRequest { room, nick, .. } => Some((room.to_string(), nick.clone())),
        _ => None,
    });
    assert_eq!(asked, (ROOM.to_string(), "bob".to_string()));
    moderator.send(bob_as(Role::Participant));
    role_of_bob(&mut visitor, Role::Participant);
    moderator.stop();
    visitor.stop();
}
