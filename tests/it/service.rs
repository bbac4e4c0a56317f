//! The session service as the GUI uses it: Commands in, Events out, the store as the truth.

use std::time::Duration;

use tidings::core::{AccountId, Command, ConnectionState, Event};
use tidings::session::{self, Options};
use tidings::store::{Store, accounts, conversations, messages, outbox};
use zeroize::Zeroizing;

use crate::harness::{Device, PASSPHRASE, PASSWORD, Server};

pub(crate) fn open(device: &Device) -> Store {
    Store::open(
        device.profile.path(),
        Some(Zeroizing::new(PASSPHRASE.to_string())),
    )
    .unwrap()
}

/// Runs `commands` (built from the store) through a live session, until the outbox is empty.
pub(crate) fn with_session(
    device: &Device,
    commands: impl FnOnce(&Store, AccountId) -> Vec<Command>,
) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let store = open(device);
        let account = store
            .readers
            .read(|c| accounts::pick(c, None))
            .await
            .unwrap();
        let (handle, mut events) = session::start(store.clone(), account.id, Options::default())
            .await
            .unwrap();
        loop {
            let event = tokio::time::timeout(Duration::from_secs(20), events.recv())
                .await
                .expect("online in time");
            if let Some(Event::Connection {
                state: ConnectionState::Online { .. },
                ..
            }) = event
            {
                break;
            }
        }
        for command in commands(&store, account.id) {
            handle.send(command).await.unwrap();
        }
        // Everything queued must be acknowledged.
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        loop {
            let left = store
                .readers
                .read(move |c| outbox::count(c, account.id))
                .await
                .unwrap();
            if left == 0 {
                break;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "outbox not empty: {left}"
            );
            let _ = tokio::time::timeout(Duration::from_millis(200), events.recv()).await;
        }
        handle.send(Command::Shutdown).await.unwrap();
        while let Some(e) = events.recv().await {
            if matches!(
                e,
                Event::Connection {
                    state: ConnectionState::Disconnected(_),
                    ..
                }
            ) {
                break;
            }
        }
    });
}

/// The delivery states of alice's messages to bob, oldest first.
fn delivery_states(device: &Device) -> Vec<String> {
    device
        .history("bob@localhost")
        .iter()
        .map(|m| m["state"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn corrections_retractions_reactions_receipts_and_markers_reach_the_contact() {
    let server = Server::start();
    let alice = Device::new(&server, "alice");
    let bob = Device::new(&server, "bob");
    // Contacts, so receipts are answered (never to strangers).
    alice.ok(&["contact", "add", "bob@localhost", "--name", "Bob"]);
    bob.ok(&["contact", "approve", "alice@localhost"]);
    let roster = alice.ok(&["roster", "--json"]);
    assert!(roster.contains("\"name\":\"Bob\""), "{roster}");
    // Plain text by choice: reactions are never sent in an encrypted conversation
    // (omemo::reactions_are_refused_in_an_encrypted_conversation).
    alice.ok(&["omemo", "encryption", "bob@localhost", "off"]);

    alice.ok(&["send", "bob@localhost", "helo"]);
    alice.ok(&["send", "bob@localhost", "oops, wrong chat"]);
    bob.ok(&["sync"]);
    alice.ok(&["sync"]);
    let states = delivery_states(&alice);
    assert_eq!(
        states,
        vec!["delivered", "delivered"],
        "receipts from a contact"
    );

    with_session(&alice, |store, account| {
        let list = store
            .readers
            .read_blocking(move |c| messages::all(c, account))
            .unwrap();
        vec![
            Command::Correct {
                message: list[0].id,
                body: "hello".into(),
            },
            Command::Retract {
                message: list[1].id,
            },
            Command::React {
                message: list[0].id,
                emojis: vec!["👍".into()],
            },
        ]
    });
    bob.ok(&["sync"]);
    let history = bob.history("alice@localhost");
    assert_eq!(history.len(), 2, "{history:?}");
    assert_eq!(history[0]["body"], "hello");
    assert_eq!(history[0]["edited"], true);
    assert_eq!(history[1]["retracted"], true);
    assert_eq!(history[1]["body"], "");
    {
        let store = open(&bob);
        let id = tidings::core::MessageId(history[0]["id"].as_i64().unwrap());
        let reactions = store
            .readers
            .read_blocking(move |c| messages::reactions(c, id))
            .unwrap();
        assert_eq!(reactions.len(), 1);
        assert_eq!(reactions[0].0.as_str(), "alice@localhost");
        assert_eq!(reactions[0].1, vec!["👍".to_string()]);
    }

    // Bob reads the conversation; alice sees her messages as read.
    with_session(&bob, |store, account| {
        let peer = "alice@localhost".parse().unwrap();
        let conversation = store
            .readers
            .read_blocking(move |c| conversations::find(c, account, &peer))
            .unwrap()
            .unwrap();
        vec![Command::MarkDisplayed {
            conversation,
            tell_sender: true,
        }]
    });
    alice.ok(&["sync"]);
    let states = delivery_states(&alice);
    assert_eq!(states[0], "read", "{states:?}");
}

#[test]
fn what_is_written_while_no_service_runs_is_kept_and_sent_at_the_next_login() {
    let server = Server::start();
    let alice = Device::bare("alice");
    alice.add_account(server.c2s, Some(&server.ca_file), "not the password", &[]);
    let bob = Device::new(&server, "bob");

    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let store = open(&alice);
        let account = store
            .readers
            .read(|c| accounts::pick(c, None))
            .await
            .unwrap();
        // The server refuses the password: the service stops trying.
        let (_handle, mut events) = session::start(store.clone(), account.id, Options::default())
            .await
            .unwrap();
        loop {
            let event = tokio::time::timeout(Duration::from_secs(20), events.recv())
                .await
                .expect("an answer in time")
                .expect("an event");
            if let Event::Connection {
                state: ConnectionState::AuthFailed(_),
                ..
            } = event
            {
                break;
            }
        }
        // What the window does then: a message is kept, a presence change needs the link.
        let text = Command::SendText(tidings::core::OutgoingText {
            to: "bob@localhost".parse().unwrap(),
            private: None,
            body: "written while refused".into(),
            reply_to: None,
        });
        assert!(
            session::queue_offline(&store, account.id, text)
                .await
                .unwrap()
        );
        let presence = Command::SetPresence(Default::default());
        assert!(
            !session::queue_offline(&store, account.id, presence)
                .await
                .unwrap()
        );
        let queued = store
            .readers
            .read(move |c| outbox::count(c, account.id))
            .await
            .unwrap();
        assert_eq!(queued, 1);
    });

    // The right password; the next login sends it.
    alice.add_account(server.c2s, Some(&server.ca_file), PASSWORD, &[]);
    alice.ok(&["sync"]);
    bob.ok(&["sync"]);
    assert_eq!(bob.bodies("alice@localhost"), vec!["written while refused"]);
}
