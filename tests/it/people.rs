//! Presence, idle, last seen, nicknames, avatars, blocking and read positions across
//! devices, through the service as the GUI uses it.

use std::time::Duration;

use chrono::{TimeZone, Utc};
use tidings::core::{AvatarImage, BareJid, Command, Event, OwnPresence, Show};
use tidings::store::{conversations, profiles};

use crate::harness::{Device, Live, Server, befriend};

const WAIT: Duration = Duration::from_secs(20);

fn jid(text: &str) -> BareJid {
    text.parse().unwrap()
}

#[test]
fn presence_idle_and_last_seen_reach_contacts() {
    let server = Server::start();
    let (alice, bob) = (Device::new(&server, "alice"), Device::new(&server, "bob"));
    befriend(&alice, &bob);
    let mut watcher = Live::start(&alice);
    let bob_live = Live::start(&bob);
    let bob_jid = jid("bob@localhost");
    watcher.wait_for("bob online", WAIT, |e| {
        match e {
            Event::Presence { updates, .. } => updates
                .iter()
                .find(|u| u.jid == bob_jid && u.presence.show == Some(Show::Available)),
            _ => None,
        }
        .map(|_| ())
    });
    let since = Utc.with_ymd_and_hms(2026, 11, 1, 9, 30, 0).unwrap();
    bob_live.send(Command::SetPresence(OwnPresence {
        show: Show::Away,
        status: Some("at lunch".into()),
        idle_since: Some(since),
    }));
    let away = watcher.wait_for("bob away", WAIT, |e| match e {
        Event::Presence { updates, .. } => updates
            .iter()
            .find(|u| u.jid == bob_jid && u.presence.show == Some(Show::Away))
            .map(|u| u.presence.clone()),
        _ => None,
    });
    assert_eq!(away.status.as_deref(), Some("at lunch"));
    assert_eq!(away.idle_since, Some(since));
    bob_live.stop();
    let gone = watcher.wait_for("bob offline", WAIT, |e| match e {
        Event::Presence { updates, .. } => updates
            .iter()
            .find(|u| u.jid == bob_jid && u.presence.show.is_none())
            .map(|u| u.presence.clone()),
        _ => None,
    });
    let seen = gone.last_seen.expect("last seen when the last device left");
    assert!((Utc::now() - seen).num_seconds() < 30);
    let account = watcher.account;
    let stored = watcher.read(move |c| profiles::get(c, account, &jid("bob@localhost")));
    assert_eq!(
        stored.last_seen.map(|t| t.timestamp_millis()),
        Some(seen.timestamp_millis())
    );
    watcher.stop();
}

/// A tiny valid PNG (1x1), as a user would pick.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0,
    0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89, 0x99, 0x3d, 0x1d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

#[test]
fn nicknames_and_avatars_reach_contacts() {
    let server = Server::start();
    let (alice, bob) = (Device::new(&server, "alice"), Device::new(&server, "bob"));
    befriend(&alice, &bob);
    let mut bob_live = Live::start(&bob);
    bob_live.send(Command::SetNick {
        nick: Some("Bobby".into()),
    });
    bob_live.send(Command::SetAvatar {
        image: Some(AvatarImage {
            mime: "image/png".into(),
            data: PNG.to_vec(),
        }),
    });
    // Bob's own other devices hear of it too; this one waits for its own echo.
    bob_live.wait_for("own avatar echoed", WAIT, |e| match e {
        Event::ProfilesChanged { .. } => Some(()),
        Event::CommandFailed { action, reason, .. } => panic!("{action} failed: {reason}"),
        _ => None,
    });
    // Alice comes online later: PEP gives her the last nickname and avatar.
    let mut watcher = Live::start(&alice);
    let account = watcher.account;
    let deadline = std::time::Instant::now() + WAIT;
    let profile = loop {
        let p = watcher.read(move |c| profiles::get(c, account, &jid("bob@localhost")));
        if p.nick.is_some() && p.avatar.is_some() {
            break p;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no profile for bob: {p:?}"
        );
        watcher.wait_for("a profile change", WAIT, |e| match e {
            Event::ProfilesChanged { .. } => Some(()),
            _ => None,
        });
    };
    assert_eq!(profile.nick.as_deref(), Some("Bobby"));
    let hash = profile.avatar.unwrap();
    let image = watcher
        .read(move |c| profiles::avatar(c, &hash))
        .expect("avatar stored");
    assert_eq!(image.data, PNG);
    assert_eq!(image.mime, "image/png");
    watcher.stop();
    bob_live.stop();
}

#[test]
fn read_position_syncs_to_our_other_devices() {
    let server = Server::start();
    let (bob, laptop, phone) = (
        Device::new(&server, "bob"),
        Device::new(&server, "alice"),
        Device::new(&server, "alice"),
    );
    for text in ["one", "two", "three"] {
        bob.ok(&["send", "alice@localhost", text]);
    }
    laptop.ok(&["sync"]);
    phone.ok(&["sync"]);
    let mut phone_live = Live::start(&phone);
    let laptop_live = Live::start(&laptop);
    let account = laptop_live.account;
    let conversation = laptop_live
        .read(move |c| conversations::find(c, account, &jid("bob@localhost")))
        .expect("laptop has the conversation");
    laptop_live.send(Command::MarkDisplayed {
        conversation,
        tell_sender: true,
    });
    let phone_account = phone_live.account;
    let phone_conversation = phone_live
        .read(move |c| conversations::find(c, phone_account, &jid("bob@localhost")))
        .unwrap();
    assert_eq!(
        phone_live.read(move |c| conversations::unread(c, phone_conversation)),
        3
    );
    phone_live.wait_for("read position", WAIT, |e| match e {
        Event::Messages { changed, .. } if changed.conversations.contains(&phone_conversation) => {
            Some(())
        }
        _ => None,
    });
    assert_eq!(
        phone_live.read(move |c| conversations::unread(c, phone_conversation)),
        0
    );
    laptop_live.stop();
    phone_live.stop();
    // A device that was offline learns it after catch-up.
    let tablet = Device::new(&server, "alice");
    bob.ok(&["send", "alice@localhost", "four"]);
    let tablet_live = Live::start(&tablet);
    let tablet_account = tablet_live.account;
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        let unread = tablet_live.read(move |c| {
            match conversations::find(c, tablet_account, &jid("bob@localhost"))? {
                Some(conv) => conversations::unread(c, conv),
                None => Ok(-1),
            }
        });
        // Read up to "three" on the laptop; "four" came after.
        if unread == 1 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "tablet unread: {unread}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    tablet_live.stop();
}

#[test]
fn forged_read_position_from_a_contact_is_ignored() {
    // Dino CVE-2023-28686: a contact publishes to a node of the same name in their own PEP;
    // the notification comes from their bare JID, as legitimate PEP does. Only our own
    // account may move our read positions.
    let server = Server::start();
    let (alice, bob) = (Device::new(&server, "alice"), Device::new(&server, "bob"));
    befriend(&alice, &bob);
    bob.ok(&["send", "alice@localhost", "unread one"]);
    alice.ok(&["sync"]);
    let mut alice_live = Live::start(&alice);
    let account = alice_live.account;
    let conversation = alice_live
        .read(move |c| conversations::find(c, account, &jid("bob@localhost")))
        .unwrap();
    let newest = alice_live
        .read(move |c| tidings::store::messages::newest_incoming(c, conversation))
        .unwrap();
    let sid = newest.stanza_id.unwrap();
    let mut mallory = crate::raw::Raw::login(&server, "bob");
    mallory.send(&format!(
        "<iq type='set' id='forge'><pubsub xmlns='http://jabber.org/protocol/pubsub'>\
         <publish node='urn:xmpp:mds:displayed:0'><item id='bob@localhost'>\
         <displayed xmlns='urn:xmpp:mds:displayed:0'><stanza-id xmlns='urn:xmpp:sid:0' id='{sid}' by='alice@localhost'/></displayed>\
         </item></publish></pubsub></iq>"
    ));
    mallory.expect("forge");
    // Control: a nickname bob publishes the same way does arrive, so the forgery did too.
    mallory.send(
        "<iq type='set' id='nick'><pubsub xmlns='http://jabber.org/protocol/pubsub'>\
         <publish node='http://jabber.org/protocol/nick'><item id='current'>\
         <nick xmlns='http://jabber.org/protocol/nick'>Mallory</nick></item></publish></pubsub></iq>",
    );
    mallory.expect("nick");
    alice_live.wait_for("bob's nickname", WAIT, |e| match e {
        Event::ProfilesChanged { .. } => Some(()),
        _ => None,
    });
    assert_eq!(
        alice_live.read(move |c| conversations::unread(c, conversation)),
        1
    );
    alice_live.stop();
}

#[test]
fn blocked_contact_cannot_write_until_unblocked() {
    let server = Server::start();
    let (alice, bob) = (Device::new(&server, "alice"), Device::new(&server, "bob"));
    alice.ok(&["block", "bob@localhost"]);
    assert_eq!(alice.ok(&["blocked"]).trim(), "bob@localhost");
    bob.ok(&["send", "alice@localhost", "you cannot see this"]);
    alice.ok(&["sync"]);
    assert!(alice.bodies("bob@localhost").is_empty());
    alice.ok(&["unblock", "bob@localhost"]);
    assert_eq!(alice.ok(&["blocked"]).trim(), "");
    bob.ok(&["send", "alice@localhost", "hello again"]);
    alice.ok(&["sync"]);
    assert_eq!(alice.bodies("bob@localhost"), vec!["hello again"]);
}
