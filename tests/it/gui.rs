//! The desktop interface end to end: iced_test's Emulator runs the real App (its tasks, its
//! subscriptions, the session service) headless, against Prosody and a peer on the CLI.
//! Clicks and typing go through the widgets as a user's would; what the test sees is the
//! text the interface shows.

#[path = "../support/emulated.rs"]
mod emulated;

use std::time::Duration;

use futures::StreamExt;
use tidings::app::{self, settings};
use tidings::platform::instance::{self, Claim, Request};
use tidings::store::{Store, accounts, messages};
use zeroize::Zeroizing;

use crate::harness::{Device, Listener, PASSPHRASE, PASSWORD, Server};
use emulated::{Frames, Gui};

/// A message's value in a Fluent file (single-line messages only).
fn translation(language: &str, key: &str) -> String {
    let path = format!("{}/i18n/{language}/tidings.ftl", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("the translation exists");
    text.lines()
        .find_map(|l| l.strip_prefix(&format!("{key} = ")))
        .unwrap_or_else(|| panic!("{key} in {path}"))
        .trim()
        .to_string()
}

/// First run as alice: the address field has the cursor; Enter moves on to the password.
fn sign_in<P>(gui: &mut Gui<P>, server: &Server)
where
    P: iced::Program<Theme = iced::Theme> + 'static,
    P::Renderer: iced::advanced::renderer::Headless,
{
    gui.wait_for_text("Welcome to Tidings");
    gui.act(r#"type "alice@localhost""#);
    gui.act("type enter");
    gui.act(&format!(r#"type "{PASSWORD}""#));
    gui.act(r#"click "Advanced""#);
    // The advanced fields, after address and password: host, port, certificate authority.
    gui.click_field(2);
    gui.act(r#"type "127.0.0.1""#);
    gui.click_field(3);
    gui.act(&format!(r#"type "{}""#, server.c2s));
    gui.click_field(4);
    gui.act(&format!(r#"type "{}""#, server.ca_file.display()));
    gui.act(r#"click "Sign in""#);
    gui.wait_for_text("Choose a conversation.");
}

/// A fresh profile's window, signed in as alice: (the profile, kept as long as the window,
/// and the window). A macro, since the App's program type cannot be named.
macro_rules! signed_in {
    ($server:expr) => {{
        let profile = tempfile::tempdir().unwrap();
        let mut gui = Gui::start(app::application(
            profile.path().to_path_buf(),
            Some(Zeroizing::new(PASSPHRASE.to_string())),
        ));
        sign_in(&mut gui, $server);
        (profile, gui)
    }};
}

#[test]
fn a_new_user_adds_an_account_chats_corrects_reacts_searches_and_switches_language() {
    let server = Server::start();
    let (_profile, mut gui) = signed_in!(&server);

    // Bob asks to be a contact; the request shows in Contacts and is accepted there.
    let bob = Device::new(&server, "bob");
    bob.ok(&["contact", "add", "alice@localhost"]);
    gui.act(r#"click "Contacts""#);
    gui.wait_for_text("bob@localhost wants to add you as a contact.");
    gui.act(r#"click "Accept""#);
    gui.wait_for_text("bob@localhost");
    bob.ok(&["contact", "approve", "alice@localhost"]);

    // Bob's laptop stays online (it acknowledges receipt); his phone writes.
    let laptop = Listener::start(&bob, 120);
    std::thread::sleep(Duration::from_millis(1500));
    let phone = Device::new(&server, "bob");
    phone.ok(&["send", "alice@localhost", "Hello from Bob"]);

    gui.act(r#"click "Chats""#);
    gui.wait_for_text("Hello from Bob");
    gui.act(r#"click "Hello from Bob""#);
    gui.act(r#"type "Hi Bob""#);
    gui.act("type enter");
    gui.wait_for_text("Hi Bob");
    gui.wait_for("the delivery receipt", |t| t.ends_with("Delivered"));
    let got = laptop.collect(2, Duration::from_secs(20));
    assert!(
        got.iter().any(|m| m["body"] == "Hi Bob"),
        "Bob's laptop got {got:?}"
    );

    // Correct it from the message's menu.
    gui.act(r#"move "Hi Bob""#);
    gui.click_near("Edit", "Hi Bob");
    gui.act(r#"type " again""#);
    gui.act("type enter");
    gui.wait_for_text("Hi Bob again");
    gui.wait_for("the edited mark", |t| t.contains("edited"));

    // The conversation is encrypted (Bob's devices have OMEMO): the menu offers no
    // reactions, which would travel in plain text.
    gui.act(r#"move "Hi Bob again""#);
    gui.wait_for_text("Reply");
    assert!(
        !gui.texts().iter().any(|t| t == "👍"),
        "no reactions in an encrypted conversation: {:?}",
        gui.texts()
    );
    // The lock says who can read it: Bob's two devices, trusted blindly, not verified.
    gui.act(r#"click "Encrypted""#);
    gui.wait_for("who it is encrypted to", |t| {
        t == "Devices of bob@localhost: 0 verified, 2 not verified"
    });
    gui.screenshot("chat-encryption-panel");
    // Turning encryption off asks first.
    gui.act(r#"click "Turn off encryption""#);
    gui.wait_for_text("Messages will be sent without end-to-end encryption.");
    gui.act(r#"click "Turn off encryption""#);
    gui.wait_for_text("Not encrypted");

    // Now react from the message's menu; the reaction shows with its count.
    gui.act(r#"move "Hi Bob again""#);
    gui.click_near("👍", "Hi Bob again");
    gui.act("move (5, 690)");
    gui.wait_for("the reaction chip", |t| t == "1");

    // Reply to Bob's message from its menu: the composer says to whom, the reply quotes it.
    gui.act(r#"move "Hello from Bob""#);
    gui.click_near("Reply", "Hello from Bob");
    gui.wait_for_text("Replying to bob@localhost");
    gui.act(r#"type "Fine, thanks""#);
    gui.act("type enter");
    gui.wait_for_text("Fine, thanks");
    let shown = gui.texts();
    let hellos = shown.iter().filter(|t| *t == "Hello from Bob").count();
    assert_eq!(
        hellos, 2,
        "the message and its quote above the reply: {shown:?}"
    );

    // Search finds Bob's message and opens the conversation at it.
    gui.act(r#"click "Search""#);
    gui.act(r#"type "hello""#);
    gui.wait_for_text("1 message");
    gui.act(r#"click "Hello from Bob""#);
    gui.wait_for_text("Hi Bob again");

    // Bob's details have a Security section with the ways to verify him.
    gui.act(r#"click "Contacts""#);
    gui.act(r#"click "bob@localhost""#);
    gui.wait_for_text("Verify by scanning or pasting a code");

    // Settings shows our encryption key, made at the first sign-in, with a link to copy.
    gui.act(r#"click "Settings""#);
    gui.wait_for_text("Your encryption key");
    gui.wait_for_text("Copy link");

    // An old installation of ours shows under our other devices; removing it asks first,
    // then takes it out of our device lists, and it shows as no longer used.
    let old = Device::new(&server, "alice");
    old.ok(&["sync"]);
    let printed = old.ok(&["omemo", "fingerprint", "--json"]);
    let old_id = serde_json::from_str::<serde_json::Value>(printed.trim()).unwrap()["device"]
        .as_u64()
        .unwrap();
    let title = format!("Device {old_id}");
    gui.wait_for("our old device", |t| t == title);
    gui.act(r#"click "Remove""#);
    gui.wait_for("the question", |t| {
        t.starts_with(&format!("Remove device {old_id}?"))
    });
    gui.screenshot("settings-remove-device");
    gui.act(r#"click "Remove""#);
    gui.wait_for("the removed device", |t| {
        t == format!("{title} · no longer used")
    });
    gui.screenshot("settings-device-removed");

    // Another language, at once, everywhere.
    gui.message(app::Message::Settings(settings::Message::Language(
        settings::LanguageChoice(Some("de".into())),
    )));
    gui.wait_for_text(&translation("de", "nav-settings"));
    // The emoji picker finds by the interface language's words: "lachen" is German.
    gui.act(&format!(r#"click "{}""#, translation("de", "nav-chats")));
    gui.act(r#"click "bob@localhost""#);
    gui.act(r#"click "🙂""#);
    gui.wait_for_text("😎");
    let search = gui
        .fields()
        .iter()
        .position(|(shown, _)| *shown == translation("de", "chat-emoji-search"))
        .expect("the picker's search field");
    gui.click_field(search);
    gui.act(r#"type "lachen""#);
    gui.wait_for("the picker narrowed to laughing faces", |t| t == "🤣");
    let shown = gui.texts();
    assert!(!shown.iter().any(|t| t == "😎"), "{shown:?}");
    gui.act("type escape");
    gui.message(app::Message::Settings(settings::Message::Language(
        settings::LanguageChoice(None),
    )));
    gui.wait_for_text("Settings");

    // What Bob's laptop stored: the corrected text and Alice's reaction.
    std::thread::sleep(Duration::from_secs(2));
    laptop.stop();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (body, reactions, reply) = runtime.block_on(async {
        let store = Store::open(
            bob.profile.path(),
            Some(Zeroizing::new(PASSPHRASE.to_string())),
        )
        .unwrap();
        store
            .readers
            .read(|c| {
                let account = accounts::pick(c, None)?;
                let mine = messages::all(c, account.id)?
                    .into_iter()
                    .find(|m| m.body.starts_with("Hi Bob"))
                    .expect("Alice's message at Bob's");
                let reactions = messages::reactions(c, mine.id)?;
                let all = messages::all(c, account.id)?;
                let hello = all.iter().find(|m| m.body == "Hello from Bob").unwrap();
                let reply = all
                    .iter()
                    .find(|m| m.body == "Fine, thanks")
                    .expect("Alice's reply at Bob's");
                let answers = reply.reply_to.clone() == hello.origin_id;
                Ok((mine.body, reactions, answers))
            })
            .await
            .unwrap()
    });
    assert_eq!(body, "Hi Bob again");
    assert_eq!(reactions.len(), 1, "{reactions:?}");
    assert_eq!(reactions[0].1, vec!["👍".to_string()]);
    assert!(reply, "the reply names Bob's message");
}

/// A group chat from the window: joined by its address from the new-chat field, the room's
/// history shows with the writer's nickname, and what we write there reaches the others.
#[test]
fn a_user_joins_a_group_chat_and_talks_there() {
    const ROOM: &str = "team@conference.localhost";
    let server = Server::start();
    let bob = Device::new(&server, "bob");
    bob.ok(&["room", "join", ROOM, "--nick", "Bob"]);
    bob.ok(&["send", ROOM, "welcome, Alice"]);
    // Bob, who made the room, gives it a picture (XEP-0486): the list shows it.
    let picture = tempfile::NamedTempFile::with_suffix(".png").unwrap();
    image::RgbImage::from_fn(64, 64, |x, y| {
        image::Rgb([(x * 4) as u8, 90, (y * 4) as u8])
    })
    .save(picture.path())
    .unwrap();
    bob.ok(&["room", "picture", ROOM, picture.path().to_str().unwrap()]);
    // And one of himself, which the people panel shows (his presence in the room names it).
    let face = tempfile::NamedTempFile::with_suffix(".png").unwrap();
    image::RgbImage::from_fn(64, 64, |x, y| {
        let ring = (x as i32 - 32).pow(2) + (y as i32 - 32).pow(2) < 400;
        image::Rgb(if ring { [240, 190, 60] } else { [40, 120, 200] })
    })
    .save(face.path())
    .unwrap();
    bob.ok(&["avatar", face.path().to_str().unwrap()]);
    // Bob stays in the room while Alice comes.
    let bob_stays = Listener::start(&bob, 120);

    let (_profile, mut gui) = signed_in!(&server);
    gui.act(r#"click "+""#);
    gui.act(&format!(r#"type "{ROOM}""#));
    gui.act(r#"click "Join group""#);
    gui.wait_for_text("Bob: welcome, Alice");
    gui.act(r#"click "Bob: welcome, Alice""#);
    gui.wait_for_text(&format!("Group chat · {ROOM}"));
    gui.wait_for_text("Bob");

    // Tab completes Bob's nickname, addressing him.
    gui.act(r#"type "bo""#);
    gui.act("type tab");
    gui.act(r#"type "hi everyone""#);
    gui.act("type enter");
    gui.wait_for_text("Bob: hi everyone");
    gui.wait_for("the room's reflection", |t| t.ends_with("Delivered"));
    gui.screenshot("room");
    // Someone typing shows by nickname in the header and the list, until their message.
    let mut carol = crate::raw::Raw::login(&server, "carol");
    carol.send(&format!(
        "<presence to='{ROOM}/carol'><x xmlns='http://jabber.org/protocol/muc'/></presence>"
    ));
    carol.expect("status code='110'");
    let said = |what: &str| {
        format!(
            "<message to='{ROOM}' type='groupchat'>{what}\
             <composing xmlns='http://jabber.org/protocol/chatstates'/></message>"
        )
    };
    carol.send(&said(""));
    gui.wait_for_text("carol is typing…");
    gui.screenshot("room-typing");
    carol.send(&said("<body>here now</body>").replace("composing", "active"));
    gui.wait_for_text("carol: here now");
    gui.wait_for_text(&format!("Group chat · {ROOM}"));
    carol.send(&format!("<presence to='{ROOM}/carol' type='unavailable'/>"));
    carol.expect("type='unavailable'");
    // Who is there: Bob, who made the room, and us.
    gui.wait_for_text("2 in the room");
    gui.act(r#"click "2 in the room""#);
    gui.wait_for_text("owner");
    gui.wait_for_text("alice");
    gui.screenshot("room-people");

    // Bob takes Alice's voice: the composer gives way to the reason, and she asks for it
    // back; once he gives it, she writes again.
    bob.ok(&["room", "role", ROOM, "alice", "visitor"]);
    gui.wait_for_text("Only people with a voice can write in this group.");
    gui.act(r#"click "Ask to speak""#);
    gui.wait_for_text("Asked. A moderator decides.");
    gui.screenshot("room-visitor");
    bob.ok(&["room", "role", ROOM, "alice", "participant"]);
    gui.pump_until(Duration::from_secs(10), |gui| {
        !gui.texts().iter().any(|t| t.starts_with("Asked."))
    });
    assert!(
        !gui.texts()
            .iter()
            .any(|t| t.starts_with("Only people with a voice")),
        "{:?}",
        gui.texts()
    );
    // Bob's command line shares his listener's profile, so its resource: each visit took the
    // listener's place on the server for a moment. It is back.
    gui.wait_for_text("2 in the room");

    // A word for Bob alone: a conversation of its own, which says through which room.
    gui.act(r#"click "Write privately""#);
    gui.wait_for("the private header", |t| {
        t.starts_with("Private message through") && t.ends_with("not end-to-end encrypted")
    });
    gui.act(r#"type "just between us""#);
    gui.act("type enter");
    gui.wait_for_text("just between us");
    gui.wait_for("the server's acknowledgement", |t| {
        t.ends_with("Sent") || t.ends_with("Delivered")
    });
    gui.wait_for("the list's private mark", |t| t.starts_with("private · "));
    gui.screenshot("room-private");
    bob_stays.stop();

    bob.ok(&["sync"]);
    let seen = bob.history(ROOM);
    let bodies: Vec<(&str, &str)> = seen
        .iter()
        .filter_map(|m| Some((m["nick"].as_str()?, m["body"].as_str()?)))
        .collect();
    assert_eq!(
        bodies,
        [
            ("Bob", "welcome, Alice"),
            ("alice", "Bob: hi everyone"),
            ("carol", "here now")
        ]
    );
    let private = bob.bodies(&format!("{ROOM}/alice"));
    assert_eq!(private, ["just between us"]);
    // His answer comes back to the same private conversation, not to the room's.
    bob.ok(&["send", &format!("{ROOM}/alice"), "got it"]);
    gui.wait_for_text("got it");
    assert!(!bob.bodies(ROOM).iter().any(|b| b.contains("between us")));
}

/// A private group from the window: its lock says it is encrypted once Alice writes, the
/// panel says for whom, and Bob (on the CLI) reads her message decrypted.
#[test]
fn a_private_group_is_encrypted_for_its_members() {
    const ROOM: &str = "secret@conference.localhost";
    let server = Server::start();
    let bob = Device::new(&server, "bob");
    bob.ok(&["room", "create", ROOM, "--name", "Secret", "--nick", "Bob"]);
    bob.ok(&["room", "invite", ROOM, "alice@localhost"]);
    let bob_stays = Listener::start(&bob, 120);

    let (_profile, mut gui) = signed_in!(&server);
    gui.act(r#"click "+""#);
    gui.act(&format!(r#"type "{ROOM}""#));
    gui.act(r#"click "Join group""#);
    gui.wait_for_text("Secret");
    gui.act(r#"click "Secret""#);
    gui.wait_for_text(&format!("Group chat · {ROOM}"));
    gui.wait_for_text("Not encrypted");
    gui.act(r#"type "only for members""#);
    gui.act("type enter");
    gui.wait_for("the room's reflection", |t| t.ends_with("Delivered"));
    gui.wait_for_text("Encrypted");
    gui.act(r#"click "Encrypted""#);
    gui.wait_for_text(&translation("en", "chat-encryption-explain-group"));
    gui.wait_for_text("Members' devices: 0 verified, 1 not verified");
    // Bob's device read the message just sent: it is not "new since your last message".
    assert!(
        !gui.texts().iter().any(|t| t.starts_with("New since")),
        "{:?}",
        gui.texts()
    );
    gui.screenshot("room-encrypted");
    bob_stays.stop();

    bob.ok(&["sync"]);
    let seen = bob.history(ROOM);
    let last = seen.last().expect("bob's history");
    assert_eq!(
        (&last["body"], &last["encrypted"], &last["nick"]),
        (
            &serde_json::json!("only for members"),
            &serde_json::json!(true),
            &serde_json::json!("alice")
        ),
        "{seen:?}"
    );
}

/// The Groups page: a public channel found in the server's directory and joined, a private
/// group made from a name, someone invited from its people panel, an invitation answered,
/// and a group left after saying so.
#[test]
fn a_user_finds_creates_invites_to_answers_and_leaves_groups() {
    let server = Server::start();
    let bob = Device::new(&server, "bob");
    bob.ok(&[
        "room",
        "create",
        "lobby@conference.localhost",
        "--public",
        "--name",
        "Lobby",
    ]);
    let (_profile, mut gui) = signed_in!(&server);

    // The directory lists bob's channel; joining it opens it among the chats.
    gui.act(r#"click "Groups""#);
    gui.wait_for_text("Lobby");
    gui.wait_for_text("lobby@conference.localhost");
    gui.screenshot("groups");
    gui.act(r#"click "Join group""#);
    gui.wait_for_text("Chats");
    gui.wait_for_text("Lobby");

    // A private group from a name: its address follows on the server's room service.
    gui.act(r#"click "Groups""#);
    gui.click_field(0);
    gui.act(r#"type "Book club""#);
    gui.act(r#"click "Create""#);
    gui.wait_for_text("Book club");
    gui.act(r#"click "Book club""#);
    gui.wait_for_text("1 in the room");
    gui.act(r#"click "1 in the room""#);
    let bob_listens = Listener::start(&bob, 60);
    crate::harness::settle();
    gui.act(r#"click "Invite someone (name@server)""#);
    gui.act(r#"type "bob@localhost""#);
    gui.act(r#"click "Invite""#);
    gui.wait_for_text("Invitation sent to bob@localhost.");
    let got = bob_listens.collect(1, std::time::Duration::from_secs(20));
    bob_listens.stop();
    assert_eq!(
        got.first().map(|e| &e["event"]),
        Some(&serde_json::json!("invitation")),
        "{got:?}"
    );
    assert_eq!(got[0]["room"], "book-club@conference.localhost");

    // Bob invites Alice to his own group: the Groups page offers it, and joining answers it.
    bob.ok(&[
        "room",
        "create",
        "plans@conference.localhost",
        "--name",
        "Plans",
    ]);
    bob.ok(&[
        "room",
        "invite",
        "plans@conference.localhost",
        "alice@localhost",
    ]);
    gui.act(r#"click "Groups""#);
    gui.wait_for_text("bob@localhost invites you to plans@conference.localhost");
    gui.act(r#"click "Join""#);
    gui.wait_for_text("Plans");

    // Leaving asks first, then the group is left for good.
    gui.act(r#"click "Book club""#);
    gui.wait_for_text("1 in the room");
    gui.act(r#"click "1 in the room""#);
    gui.act(r#"click "Leave group""#);
    gui.wait_for_text(&translation("en", "chat-leave-confirm-private"));
    gui.screenshot("group-leave");
    gui.act(r#"click "Leave group""#);
    gui.wait_for("the room left", |t| t.contains("you left the room"));
}

/// An owner runs her group from its people panel: she makes a member moderator and admin and
/// takes both back, sets the topic everyone sees, and bans the member after saying so; he
/// cannot come back.
#[test]
fn an_owner_sets_the_topic_and_bans_from_the_people_panel() {
    const ROOM: &str = "club@conference.localhost";
    let server = Server::start();
    let bob = Device::new(&server, "bob");
    let (_profile, mut gui) = signed_in!(&server);
    gui.act(r#"click "Groups""#);
    // The address follows the name once the server's room service is known.
    gui.wait_for_text("No public group matches.");
    gui.click_field(0);
    gui.act(r#"type "Club""#);
    gui.screenshot("groups-create");
    gui.act(r#"click "Create""#);
    gui.wait_for_text("Club");
    gui.act(r#"click "Club""#);
    gui.wait_for_text("1 in the room");
    gui.act(r#"click "1 in the room""#);
    gui.act(r#"click "Invite someone (name@server)""#);
    gui.act(r#"type "bob@localhost""#);
    gui.act(r#"click "Invite""#);
    gui.wait_for_text("Invitation sent to bob@localhost.");
    // The room gives the new member a title (XEP-0317 hats, set on the server's side).
    server.shell(&format!(
        "prosody.hosts['conference.localhost'].modules.muc.get_room_from_jid('{ROOM}')\
         :set_affiliation_data('bob@localhost', 'hats', \
         {{ ['urn:example:host'] = {{ title = 'Host', active = true }} }})"
    ));
    bob.ok(&["room", "join", ROOM, "--nick", "bob"]);
    bob.ok(&["send", ROOM, "buy cheap watches"]);
    let bob_stays = Listener::start(&bob, 60);
    gui.wait_for_text("2 in the room");
    gui.wait_for_text("Remove");
    gui.wait_for_text("Host");
    // Without a voice (the server's console takes it), bob asks for one; the owner gives it.
    server.shell(&format!(
        "prosody.hosts['conference.localhost'].modules.muc.get_room_from_jid('{ROOM}')\
         :set_role(true, '{ROOM}/bob', 'visitor')"
    ));
    gui.wait_for_text("visitor");
    // From his phone, which joins him in the room as the same person, a visitor too.
    let phone = Device::new(&server, "bob");
    phone.ok(&["room", "join", ROOM, "--nick", "bob"]);
    phone.ok(&["room", "ask-voice", ROOM]);
    gui.wait_for_text("bob asks to speak");
    gui.screenshot("room-voice-request");
    gui.click_near("Give voice", "bob asks to speak");
    gui.pump_until(Duration::from_secs(10), |gui| {
        !gui.texts().iter().any(|t| t == "visitor")
    });
    let texts = gui.texts();
    assert!(
        !texts
            .iter()
            .any(|t| t == "visitor" || t == "bob asks to speak"),
        "{texts:?}"
    );
    // A moderator removes someone's message for everyone (XEP-0425); the room says so.
    gui.wait_for_text("buy cheap watches");
    gui.click_near("Remove for everyone", "buy cheap watches");
    gui.wait_for_text("This message was deleted.");
    // The people panel takes his voice and gives it back.
    gui.act(r#"click "Take voice""#);
    gui.wait_for_text("visitor");
    gui.act(r#"click "Give voice""#);
    assert!(
        gui.pump_until(Duration::from_secs(10), |gui| {
            !gui.texts().iter().any(|t| t == "visitor")
        }),
        "still a visitor: {:?}",
        gui.texts()
    );
    gui.wait_for_text("Take voice");
    // A member made moderator, and back.
    gui.act(r#"click "Make moderator""#);
    gui.wait_for_text("Revoke moderator");
    gui.act(r#"click "Revoke moderator""#);
    gui.wait_for_text("Make moderator");
    // The invitation made him a member; the owner makes him an admin for good, and back.
    gui.wait_for_text("member");
    gui.act(r#"click "Make admin""#);
    gui.wait_for_text("Revoke admin");
    gui.wait_for_text("admin");
    gui.screenshot("room-affiliations");
    gui.act(r#"click "Revoke admin""#);
    gui.wait_for_text("Make admin");
    gui.wait_for_text("member");
    // Losing membership of a private group means leaving it: asked first, and not done.
    gui.act(r#"click "Revoke membership""#);
    gui.wait_for_text("bob will have to leave the group. Revoke membership?");
    gui.act(r#"click "Cancel""#);
    gui.wait_for_text("Make admin");
    gui.wait_for_text("2 in the room");
    gui.act(r#"click "New topic everyone sees""#);
    gui.act(r#"type "Books of the month""#);
    gui.act(r#"click "Set topic""#);
    gui.wait_for_text("Books of the month");
    // The owner renames the group; the room tells everyone, and the list follows.
    gui.act(r#"click "Name""#);
    gui.act(r#"type "Reading club""#);
    gui.act(r#"click "Save""#);
    gui.wait_for_text("Reading club");
    gui.act(r#"click "Ban""#);
    gui.wait_for_text("Ban bob for good?");
    gui.screenshot("room-moderation");
    gui.act(r#"click "Ban""#);
    gui.wait_for_text("1 in the room");
    bob_stays.stop();
    let out = bob.run(&["room", "join", ROOM, "--nick", "bob"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    // An outcast of a members-only room is refused as no member (Prosody checks that first).
    assert!(
        !out.status.success()
            && (stderr.contains("banned") || stderr.contains("only members may enter")),
        "{stderr}"
    );
}

/// A room that refuses our nickname (someone has it) offers another, ours with a mark after
/// it; joining with it enters the room.
#[test]
fn a_taken_nickname_is_answered_with_another() {
    const ROOM: &str = "team@conference.localhost";
    let server = Server::start();
    let bob = Device::new(&server, "bob");
    bob.ok(&["room", "join", ROOM, "--nick", "alice"]);
    let bob_stays = Listener::start(&bob, 60);
    let (_profile, mut gui) = signed_in!(&server);
    gui.act(r#"click "+""#);
    gui.act(&format!(r#"type "{ROOM}""#));
    gui.act(r#"click "Join group""#);
    gui.wait_for_text("Join as this");
    gui.wait_for("the refusal", |t| {
        t.contains("someone in the room already has this nickname")
    });
    gui.act(r#"click "Join as this""#);
    gui.wait_for("the prompt put away", |t| t.starts_with("Joining"));
    gui.wait_for_text("team@conference.localhost");
    gui.act(r#"click "team@conference.localhost""#);
    gui.wait_for_text("2 in the room");
    bob_stays.stop();
    assert!(!gui.texts().iter().any(|t| t == "Join as this"));
}

/// A click on a message notification brings the window to that conversation, from whatever
/// page was showing.
#[test]
fn a_notification_click_opens_its_conversation() {
    let server = Server::start();
    let bob = Device::new(&server, "bob");
    let (profile, mut gui) = signed_in!(&server);
    bob.ok(&["send", "alice@localhost", "are you there?"]);
    gui.wait_for_text("are you there?");
    gui.act(r#"click "Search""#);
    // The search page shows no conversation.
    assert!(
        !gui.texts().iter().any(|t| t == "are you there?"),
        "{:?}",
        gui.texts()
    );
    let store =
        tidings::store::Store::open(profile.path(), Some(Zeroizing::new(PASSPHRASE.to_string())))
            .expect("the profile opens beside the window");
    let conversation = store
        .readers
        .read_blocking(|c| {
            let account = tidings::store::accounts::pick(c, None)?.id;
            let bob: tidings::core::BareJid = "bob@localhost".parse().unwrap();
            tidings::store::conversations::find(c, account, &bob)
        })
        .unwrap()
        .expect("bob's conversation");
    let unread = || {
        store
            .readers
            .read_blocking(move |c| tidings::store::conversations::unread(c, conversation))
            .unwrap()
    };
    assert_eq!(unread(), 1);
    // Nothing done from a notification below opens the conversation.
    let still_on_search = |gui: &Gui<_>| {
        assert!(
            !gui.texts().iter().any(|t| t == "are you there?"),
            "still on the search page: {:?}",
            gui.texts()
        );
    };

    // "Mark as read" on the notification reads it without opening anything.
    gui.message(app::Message::Notified(
        conversation,
        tidings::platform::notify::Outcome::MarkRead,
    ));
    for _ in 0..200 {
        if unread() == 0 {
            break;
        }
        let _ = gui.pump(Duration::from_millis(50));
    }
    assert_eq!(unread(), 0, "marked read from the notification");
    still_on_search(&gui);

    // A reply typed into the notification goes to Bob, still without opening anything.
    gui.message(app::Message::Notified(
        conversation,
        tidings::platform::notify::Outcome::Replied("On my way".into()),
    ));
    let mut answered = false;
    for _ in 0..100 {
        let _ = gui.pump(Duration::from_millis(50));
        bob.ok(&["sync"]);
        if bob
            .history("alice@localhost")
            .iter()
            .any(|m| m["body"] == "On my way")
        {
            answered = true;
            break;
        }
    }
    assert!(answered, "Bob never got the reply");
    still_on_search(&gui);

    gui.message(app::Message::Notified(
        conversation,
        tidings::platform::notify::Outcome::Clicked,
    ));
    gui.wait_for_text("This is the beginning of the conversation.");
    gui.wait_for_text("are you there?");
    assert!(
        gui.texts().iter().any(|t| t == "bob@localhost"),
        "{:?}",
        gui.texts()
    );
}

#[test]
fn a_picture_is_downloaded_on_request_and_shown_and_a_dropped_file_is_sent() {
    let server = Server::start();
    let bob = Device::new(&server, "bob");
    let profile = tempfile::tempdir().unwrap();
    let downloads = tempfile::tempdir().unwrap();
    // Settings' download folder, where the window saves what the user saves.
    std::fs::write(
        profile.path().join("preferences.json"),
        serde_json::json!({ "download_folder": downloads.path() }).to_string(),
    )
    .unwrap();
    let mut gui = Gui::start(app::application(
        profile.path().to_path_buf(),
        Some(Zeroizing::new(PASSPHRASE.to_string())),
    ));
    sign_in(&mut gui, &server);

    let pictures = tempfile::tempdir().unwrap();
    let photo = pictures.path().join("beach.png");
    image::RgbaImage::from_fn(1200, 800, |x, y| {
        image::Rgba([(x % 256) as u8, (y % 256) as u8, 90, 255])
    })
    .save(&photo)
    .unwrap();
    bob.ok(&["send-file", "alice@localhost", photo.to_str().unwrap()]);
    // In the list, the file by its name; in the conversation, a card to download it.
    gui.wait_for_text("📎 beach.png");
    gui.act(r#"click "bob@localhost""#);
    gui.wait_for_text("Download");
    assert!(
        gui.texts().iter().any(|t| t == "beach.png"),
        "{:?}",
        gui.texts()
    );
    gui.act(r#"click "Download""#);
    let saved = downloads.path().join("beach.png");
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    // Downloaded, then shown as a preview: the card's name and button give way to the
    // picture (after the frame shown while it is decoded, "…").
    while gui
        .texts()
        .iter()
        .any(|t| t == "beach.png" || t == "Download" || t == "…")
    {
        assert!(
            std::time::Instant::now() < deadline,
            "no preview: {:?}",
            gui.texts()
        );
        let _ = gui.pump(Duration::from_millis(50));
    }
    // Shown from the sealed cache: nothing in the download folder until the user saves it.
    assert!(!saved.exists(), "saved before Save was pressed");
    gui.screenshot("picture-preview");
    // The preview opens the picture full size (it sits below the day's label, at the left).
    let today = gui.position_of("Today").expect("the day's label");
    gui.act(&format!("click ({}, {})", today.x - 190.0, today.y + 100.0));
    gui.wait_for_text("Close");
    gui.screenshot("picture-viewer");
    gui.act(r#"click "Save""#);
    gui.wait_for_text("Show in folder");
    assert_eq!(
        std::fs::read(&saved).unwrap(),
        std::fs::read(&photo).unwrap()
    );
    gui.act(r#"click "Close""#);
    gui.wait_for_text("Today");

    // An animated GIF: downloaded on request, then playing in place of its card.
    let gif = pictures.path().join("wave.gif");
    {
        let file = std::fs::File::create(&gif).unwrap();
        let mut encoder = image::codecs::gif::GifEncoder::new(file);
        encoder
            .set_repeat(image::codecs::gif::Repeat::Infinite)
            .unwrap();
        let frames = (0..4u8).map(|i| {
            let canvas = image::RgbaImage::from_pixel(120, 80, image::Rgba([60 * i, 90, 200, 255]));
            image::Frame::from_parts(canvas, 0, 0, image::Delay::from_numer_denom_ms(80, 1))
        });
        encoder.encode_frames(frames).unwrap();
    }
    bob.ok(&["send-file", "alice@localhost", gif.to_str().unwrap()]);
    gui.wait_for_text("wave.gif");
    gui.act(r#"click "Download""#);
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while gui.texts().iter().any(|t| t == "wave.gif" || t == "…") {
        assert!(
            std::time::Instant::now() < deadline,
            "no animation: {:?}",
            gui.texts()
        );
        let _ = gui.pump(Duration::from_millis(50));
    }
    gui.screenshot("animation");

    // A voice note: downloaded on request, then shown with its length and waveform.
    let tone: Vec<f32> = (0..96_000)
        .map(|i| 0.4 * (i as f32 * 2.0 * std::f32::consts::PI * 220.0 / 48_000.0).sin())
        .collect();
    let note = pictures.path().join("hello.ogg");
    std::fs::write(
        &note,
        tidings::media::voice::encode_voice(&tone, 48_000).unwrap(),
    )
    .unwrap();
    bob.ok(&["send-file", "alice@localhost", note.to_str().unwrap()]);
    gui.wait_for_text("hello.ogg");
    gui.act(r#"click "Download""#);
    gui.wait_for_text("0:02");
    assert!(
        !gui.texts().iter().any(|t| t == "hello.ogg"),
        "{:?}",
        gui.texts()
    );
    gui.screenshot("voice-note");

    // A file dropped onto the window goes to the open conversation.
    let notes = pictures.path().join("notes.txt");
    std::fs::write(&notes, "meeting at noon").unwrap();
    gui.message(app::Message::Dropped(notes.clone()));
    gui.wait_for_text("notes.txt");
    gui.wait_for("the sent file", |t| {
        t.ends_with("Sent") || t.ends_with("Delivered")
    });
    gui.screenshot("file-card");
    let theirs = tempfile::tempdir().unwrap();
    bob.ok(&["sync"]);
    let got = bob
        .history("alice@localhost")
        .into_iter()
        .find(|m| m["attachments"][0]["name"] == "notes.txt")
        .expect("the file reached bob");
    let id = got["id"].to_string();
    bob.ok(&[
        "download",
        &id,
        "--downloads",
        theirs.path().to_str().unwrap(),
    ]);
    assert_eq!(
        std::fs::read_to_string(theirs.path().join("notes.txt")).unwrap(),
        "meeting at noon"
    );

    // Settings names the folder downloads go to.
    gui.act(r#"click "Settings""#);
    gui.wait_for_text("Save files in");
    gui.wait_for_text(&downloads.path().display().to_string());
    gui.screenshot("settings-downloads");
}

#[test]
fn xmpp_links_open_a_chat_with_their_text_and_fill_in_a_contact_to_add() {
    let server = Server::start();
    let (_profile, mut gui) = signed_in!(&server);

    // ?message opens the chat with the link's text in the composer, sent only by the user.
    gui.message(app::Message::Link(
        "xmpp:bob@localhost?message;body=See%20you%20at%20noon".into(),
    ));
    gui.wait_for_text("Send");
    assert_eq!(
        gui.texts().iter().filter(|t| *t == "bob@localhost").count(),
        2,
        "in the list and in the header: {:?}",
        gui.texts()
    );
    assert!(
        !gui.texts().iter().any(|t| t.ends_with("Sent")),
        "nothing is sent by a link: {:?}",
        gui.texts()
    );
    gui.screenshot("link-draft");
    gui.act(r#"click "Send""#);
    gui.wait_for_text("See you at noon");

    // ?roster fills in the add form on the Contacts page; the user adds.
    gui.message(app::Message::Link(
        "xmpp:carol@localhost?roster;name=Carol".into(),
    ));
    gui.wait_for_text("No contacts yet. Add one with their address.");
    assert!(
        !gui.texts().iter().any(|t| t == "Carol"),
        "added before the user said so: {:?}",
        gui.texts()
    );
    gui.act(r#"click "Add""#);
    gui.wait_for_text("Carol");
    // A link handed over by a later launch is followed the same way, and a broken one is not.
    gui.message(app::Message::Launched(Request::Link(
        "xmpp:bob@localhost?message;body=%zz".into(),
    )));
    gui.message(app::Message::Launched(Request::Link(
        "xmpp:dave@localhost?message;body=Handed%20over".into(),
    )));
    gui.wait_for_text("dave@localhost");
    assert!(
        !gui.texts().iter().any(|t| t.contains("%zz")),
        "{:?}",
        gui.texts()
    );
}

/// A second launch of the same profile (a link clicked in a browser, or the launcher again)
/// hands its request to the running Tidings and exits; the first sees it.
#[test]
fn a_second_launch_hands_its_link_to_the_running_one_and_exits() {
    let profile = tempfile::tempdir().unwrap();
    let Claim::First(owner) = instance::claim(profile.path(), &Request::Show).unwrap() else {
        panic!("nothing else holds this profile");
    };
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let mut requests = Box::pin(owner.requests());
    let launch = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_tidings"))
            .arg("--profile")
            .arg(profile.path())
            .args(args)
            // No display: a launch that opened a window here would fail, not hang.
            .env_remove("DISPLAY")
            .env_remove("WAYLAND_DISPLAY")
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {out:?}");
    };
    let mut next = || {
        runtime.block_on(async {
            tokio::time::timeout(Duration::from_secs(10), requests.next())
                .await
                .expect("the request came through")
        })
    };
    // The accepting side runs while the second launch waits for its answer.
    let link = "xmpp:juliet@example.org?message;body=Hello";
    std::thread::scope(|s| {
        s.spawn(|| launch(&[link]));
        assert_eq!(next(), Some(Request::Link(link.into())));
    });
    std::thread::scope(|s| {
        s.spawn(|| launch(&[]));
        assert_eq!(next(), Some(Request::Show));
    });
}

/// Someone without a mouse signs in and gets about: Tab reaches text fields, buttons and the
/// checkbox in order, the focused one shows a ring, Enter presses a button and Space ticks a
/// box. The keys go to a window's interface state kept from frame to frame (`Frames`).
#[test]
fn the_keyboard_alone_signs_in_and_reaches_buttons_and_boxes() {
    use iced::keyboard::{Key, key::Named};
    use iced_test::simulator::{tap_key, typewrite};
    let server = Server::start();
    let profile = tempfile::tempdir().unwrap();
    let mut gui = Gui::start(app::application(
        profile.path().to_path_buf(),
        Some(Zeroizing::new(PASSPHRASE.to_string())),
    ));
    gui.wait_for_text("Welcome to Tidings");
    let mut keys = Frames::new(&gui.program, 1.0);
    let enter = || tap_key(Key::Named(Named::Enter), None);
    let space = || typewrite(" ");

    keys.tab_to(&mut gui, "Address (name@server)");
    keys.keys(&mut gui, typewrite("alice@localhost"));
    keys.tab(&mut gui);
    keys.keys(&mut gui, typewrite(PASSWORD));
    let advanced = keys.tab_to(&mut gui, "Advanced");
    // The ring: the focused button's edge in the theme's strong primary colour.
    let theme = gui
        .emulator
        .theme(&gui.program)
        .unwrap_or(iced::Theme::Light);
    let ring = theme.extended_palette().primary.strong.color.into_rgba8();
    let edge = iced::Point::new(advanced.x + 1.0, advanced.center_y());
    let near = |a: [u8; 4], b: [u8; 4]| a.iter().zip(b).all(|(x, y)| x.abs_diff(y) < 24);
    assert!(
        near(keys.pixel(edge), ring),
        "{:?} is not the ring {ring:?}",
        keys.pixel(edge)
    );
    keys.keys(&mut gui, enter());
    let host = "Server host (optional)";
    assert!(
        gui.pump_until(Duration::from_secs(5), |g| g
            .fields()
            .iter()
            .any(|(t, _)| t == host)),
        "Enter on Advanced showed no host field: {:?}",
        gui.fields()
    );
    keys.tab_to(&mut gui, host);
    keys.keys(&mut gui, typewrite("127.0.0.1"));
    keys.tab(&mut gui);
    keys.keys(&mut gui, typewrite(&server.c2s.to_string()));
    // Space ticks the box and ticks it off again: its square fills and empties.
    let tls = keys.tab_to(&mut gui, "Direct TLS");
    let square = iced::Point::new(tls.x + 4.0, tls.center_y() - 6.0);
    let empty = keys.pixel(square);
    keys.keys(&mut gui, space());
    let ticked = keys.pixel(square);
    assert!(
        !near(empty, ticked),
        "Space left the box as it was: {empty:?}"
    );
    keys.keys(&mut gui, space());
    assert!(near(keys.pixel(square), empty), "Space did not tick it off");
    keys.tab(&mut gui);
    keys.keys(&mut gui, typewrite(&server.ca_file.display().to_string()));
    keys.tab_to(&mut gui, "Sign in");
    keys.keys(&mut gui, enter());
    gui.wait_for_text("Choose a conversation.");

    // In the main window Tab reaches the navigation, and Enter opens what it names.
    keys.tab_to(&mut gui, "Contacts");
    keys.keys(&mut gui, enter());
    gui.wait_for_text("No contacts yet. Add one with their address.");
}

/// A `tidings send` while the window has the profile open hands its message to the window's
/// session: bob gets it once, the window shows it, and the account is not signed in a second
/// time (which would take the window's place on the server and race its OMEMO sessions).
#[test]
fn a_send_from_the_command_line_goes_out_through_the_open_window() {
    let server = Server::start();
    let profile = tempfile::tempdir().unwrap();
    let Claim::First(owner) = instance::claim(profile.path(), &Request::Show).unwrap() else {
        panic!("nothing else holds this profile");
    };
    let mut gui = Gui::start(app::application(
        profile.path().to_path_buf(),
        Some(Zeroizing::new(PASSPHRASE.to_string())),
    ));
    sign_in(&mut gui, &server);
    // The window's task that serves the profile never ends, which the emulator's boot would
    // wait for: the test serves it and hands the requests on as that task does.
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let mut requests = Box::pin(owner.requests());
    let bob = Device::new(&server, "bob");
    let inbox = Listener::start(&bob, 90);
    std::thread::sleep(Duration::from_millis(1500));
    let sign_ins = || {
        server
            .log()
            .matches("Authenticated as alice@localhost")
            .count()
    };
    let before = sign_ins();
    assert!(before >= 1, "the window signed in: {}", server.log());

    let sent = std::sync::atomic::AtomicBool::new(false);
    let out = std::thread::scope(|s| {
        let cli = s.spawn(|| {
            let out = std::process::Command::new(env!("CARGO_BIN_EXE_tidings"))
                .arg("--profile")
                .arg(profile.path())
                .args(["send", "bob@localhost", "From a script"])
                .env("TIDINGS_PASSPHRASE", PASSPHRASE)
                .output()
                .unwrap();
            sent.store(true, std::sync::atomic::Ordering::SeqCst);
            out
        });
        let request = runtime
            .block_on(async {
                tokio::time::timeout(Duration::from_secs(30), requests.next()).await
            })
            .expect("the command hands its message over")
            .unwrap();
        assert!(matches!(request, Request::Queued { .. }), "{request:?}");
        gui.message(app::Message::Launched(request));
        gui.pump_until(Duration::from_secs(90), |_| {
            sent.load(std::sync::atomic::Ordering::SeqCst)
        });
        cli.join().unwrap()
    });
    assert!(out.status.success(), "{out:?}");
    let got = inbox.collect(1, Duration::from_secs(30));
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0]["body"], "From a script", "{got:?}");
    gui.wait_for("the script's message", |t| t.contains("From a script"));
    assert_eq!(
        sign_ins(),
        before,
        "the command signed in beside the window"
    );
    inbox.stop();
}

/// With a tray icon (a real one, on a private session bus with the test as the panel): Settings
/// offers to keep running there, the icon's menu follows the mute switch and the window, and
/// closing the window leaves Tidings in the tray and says so once.
#[cfg(target_os = "linux")]
#[test]
fn closing_the_window_leaves_tidings_in_the_tray_and_the_menu_follows() {
    use tidings::platform::tray::{Shown, Tray, TrayEvent};

    use crate::tray::{Bus, MenuItem, items, labels, proxy, watcher};

    let server = Server::start();
    let (profile, mut gui) = signed_in!(&server);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let bus = Bus::start();
    let (panel, _registered) = runtime.block_on(watcher(&bus.address));
    let (icon, _clicks) = runtime
        .block_on(Tray::start_on(
            &bus.address,
            labels(),
            crate::tray::icon(),
            Shown::default(),
        ))
        .unwrap();
    let service = icon.service();
    let menu = runtime.block_on(proxy(
        &panel,
        &service,
        "/MenuBar",
        "com.canonical.dbusmenu",
    ));
    let menu_items = || {
        let layout: crate::tray::Layout = runtime
            .block_on(menu.call("GetLayout", &(0i32, -1i32, Vec::<String>::new())))
            .unwrap();
        items(&layout)
    };
    let wait_for_menu = |gui: &mut Gui<_>, wanted: &dyn Fn(&[MenuItem]) -> bool| {
        for _ in 0..100 {
            if wanted(&menu_items()) {
                return;
            }
            let _ = gui.pump(Duration::from_millis(50));
        }
        panic!("the tray menu never showed it: {:?}", menu_items());
    };

    // First a desktop with no tray and no notification service: Settings says so.
    gui.message(app::Message::Tray(app::tray::Update::Started(Err(
        "no status notifier host".into(),
    ))));
    gui.message(app::Message::Notified(
        tidings::core::ConversationId(1),
        tidings::platform::notify::Outcome::Unavailable,
    ));
    gui.act(r#"click "Settings""#);
    gui.wait_for_text("This desktop shows no tray icons, so closing the window quits Tidings.");
    gui.wait_for_text(
        "No notification service answered, so Tidings cannot show notifications on this desktop.",
    );
    gui.screenshot("settings-no-tray");

    // Then a panel with a tray. (A switch's label is not among the texts the emulator reads;
    // the screenshot shows it.)
    gui.message(app::Message::Tray(app::tray::Update::Started(Ok(icon))));
    gui.wait_for("the tray note gone", |_| true);
    assert!(
        !gui.texts()
            .iter()
            .any(|t| t.starts_with("This desktop shows no tray icons")),
        "{:?}",
        gui.texts()
    );
    gui.screenshot("settings-startup");

    // Mute from the tray: the menu ticks it, and the Settings switch follows.
    gui.message(app::Message::Tray(app::tray::Update::Event(
        TrayEvent::ToggleMute,
    )));
    wait_for_menu(&mut gui, &|items| items[1].toggle == Some(1));

    // Closing the window hides it: the menu offers to show it again.
    gui.message(app::Message::Window(app::WindowEvent::CloseRequested(
        iced::window::Id::unique(),
    )));
    wait_for_menu(&mut gui, &|items| items[0].text == "Show Tidings");
    // The explanation is given once: the preferences remember it (saved off the UI thread).
    let saved = || {
        let text = std::fs::read_to_string(profile.path().join("preferences.json")).unwrap();
        serde_json::from_str::<serde_json::Value>(&text).unwrap()
    };
    gui.pump_until(Duration::from_secs(5), |_| {
        saved()["tray_explained"] == true
    });
    let saved = saved();
    assert_eq!(saved["tray_explained"], true, "{saved}");
    assert_eq!(saved["notifications"], false, "{saved}");
}
