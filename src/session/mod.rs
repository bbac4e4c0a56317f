//! The session service: one task per account, owning its stream. Commands go in through a
//! `Handle`; Events come out on a channel. The service writes to the store first, then
//! emits. See docs/architecture.md, "The boundary between GUI and service".

mod apply;
pub mod avatar;
mod blocking;
mod bookmarks;
mod carbons;
mod chatstates;
mod connect;
mod correction;
mod delay;
mod disco;
pub mod guard;
mod hats;
mod mam;
mod markers;
mod mds;
mod moderation;
mod muc;
mod nick;
mod ns;
mod omemo;
mod oob;
pub mod outgoing;
mod pipeline;
mod presence;
mod pubsub;
mod reactions;
mod receipts;
mod register;
mod replies;
mod retraction;
mod roster;
mod sasl;
mod sfs;
mod sid;
mod tls;
mod upload;
mod worker;
mod xml;

use std::time::Duration;

use tokio::sync::{mpsc, watch};
use tokio_xmpp::stanzastream::StanzaStream;
use tokio_xmpp::xmlstream::Timeouts;

use crate::core::{Account, AccountId, Command, ConnectionState, Error, ErrorKind, Event};
use crate::store::{Store, accounts};
use connect::ConnectError;
use worker::{Report, Worker};

pub use connect::{Endpoint, endpoints, register};
pub use tls::fingerprint;

/// How the interface talks to one account's service. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Handle {
    pub account: AccountId,
    commands: mpsc::Sender<Command>,
}

impl Handle {
    pub async fn send(&self, command: Command) -> Result<(), Error> {
        self.commands
            .send(command)
            .await
            .map_err(|_| Error::new(ErrorKind::ServiceGone, "the session has stopped"))
    }
}

/// Keeps what can wait for a connection when no service runs for the account (the server
/// refused the password, or its certificate is not trusted yet): messages, corrections,
/// retractions, reactions and read markers go to the store and the outbox exactly as the service puts them
/// there, and leave on the next login. False for a command that needs the connection now.
pub async fn queue_offline(
    store: &Store,
    account: AccountId,
    command: Command,
) -> Result<bool, Error> {
    let own = store
        .readers
        .read(move |c| accounts::get(c, account))
        .await?
        .jid;
    match command {
        Command::SendText(text) => outgoing::queue_text(store, account, own, text)
            .await
            .map(|_| true),
        // Already in the store: the next session sends them.
        Command::Queued(_) => Ok(true),
        Command::Correct { message, body } => {
            outgoing::queue_correction(store, account, message, body).await?;
            Ok(true)
        }
        Command::Retract { message } => {
            outgoing::queue_retraction(store, account, message).await?;
            Ok(true)
        }
        Command::React { message, emojis } => {
            outgoing::queue_reactions(store, account, own, message, emojis).await?;
            Ok(true)
        }
        Command::MarkDisplayed {
            conversation,
            tell_sender,
        } => {
            outgoing::queue_displayed(store, account, conversation, tell_sender).await?;
            Ok(true)
        }
        _ => Ok(false),
    }
}

/// This account's OMEMO device as contacts see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnOmemoDevice {
    pub device: u32,
    /// Lowercase hex of the identity key's Curve25519 form (core::fingerprint_blocks shows it).
    pub fingerprint: String,
}

/// Our OMEMO device, made and stored now if the account has none yet (it is published at
/// the next login).
pub async fn own_omemo_device(store: &Store, account: AccountId) -> Result<OwnOmemoDevice, Error> {
    let omemo = omemo::Omemo::load(store, account).await?;
    Ok(OwnOmemoDevice {
        device: omemo.device().get(),
        fingerprint: crate::omemo::fingerprint(&omemo.own.identity().curve_public()),
    })
}

/// Tuning for tests and slow links. The defaults suit a desktop.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub timeouts: Timeouts,
    /// First and longest wait between connection attempts.
    pub retry_min: Duration,
    pub retry_max: Duration,
    /// How often we check that each room still counts us in (XEP-0410 self-ping); a room
    /// can drop us without a word when its server restarts.
    pub room_ping: Duration,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            timeouts: Timeouts {
                read_timeout: Duration::from_secs(60),
                response_timeout: Duration::from_secs(20),
            },
            retry_min: Duration::from_secs(1),
            retry_max: Duration::from_secs(300),
            // TIDINGS_ROOM_PING_SECS shortens it (tests; servers known to drop occupants).
            room_ping: std::env::var("TIDINGS_ROOM_PING_SECS")
                .ok()
                .and_then(|s| s.parse().ok())
                .map(Duration::from_secs)
                .unwrap_or(Duration::from_secs(15 * 60)),
        }
    }
}

/// Starts the service for one account. Must be called inside a tokio runtime.
pub async fn start(
    store: Store,
    account: AccountId,
    options: Options,
) -> Result<(Handle, mpsc::Receiver<Event>), Error> {
    let account: Account = store
        .readers
        .read(move |c| accounts::get(c, account))
        .await?;
    let (commands_tx, commands) = mpsc::channel(64);
    let (events_tx, events) = mpsc::channel(1024);
    let (reports_tx, reports) = mpsc::unbounded_channel();
    let handle = Handle {
        account: account.id,
        commands: commands_tx,
    };
    if account.auth_failed {
        // The server refused this password before: do not knock again until it changes.
        let state = ConnectionState::AuthFailed(crate::core::AuthFailure::NotAuthorized(
            "the server refused this password; change it to try again".into(),
        ));
        let _ = events_tx
            .send(Event::Connection {
                account: account.id,
                generation: 0,
                state,
            })
            .await;
        return Ok((handle, events));
    }
    let (acks_tx, acks) = mpsc::unbounded_channel();
    let worker = Worker::new(account, store, events_tx, acks_tx, options, reports_tx);
    tokio::spawn(worker.run(commands, reports, acks));
    Ok((handle, events))
}

pub(crate) type Slot = tokio::sync::oneshot::Sender<tokio_xmpp::stanzastream::Connection>;

/// A new connection asked for this soon after the last one was handed over means the
/// stream cannot get going on it (see `Report::Churn`).
const CHURN_WINDOW: Duration = Duration::from_secs(3);

/// A fresh StanzaStream (no stream-management state) over our connector.
fn new_stream(
    account: watch::Receiver<Account>,
    options: Options,
    reports: mpsc::UnboundedSender<Report>,
) -> StanzaStream {
    StanzaStream::new(connector(account, options, reports), 256)
}

/// The StanzaStream calls this whenever it needs a new connection. Final errors drop the
/// slot, which ends the stream; transient ones are retried with growing waits.
fn connector(
    account: watch::Receiver<Account>,
    options: Options,
    reports: mpsc::UnboundedSender<Report>,
) -> Box<dyn FnMut(Option<String>, Slot) + Send + 'static> {
    let mut last_handoff: Option<std::time::Instant> = None;
    let mut rapid = 0u32;
    Box::new(move |_preferred_location, slot: Slot| {
        // The newest settings: the password may have changed since the last attempt.
        let account = account.borrow().clone();
        let reports = reports.clone();
        rapid = match last_handoff {
            Some(t) if t.elapsed() < CHURN_WINDOW => rapid + 1,
            _ => 0,
        };
        if rapid >= 2 {
            // E.g. xmpp-parsers 0.23 cannot parse Prosody's <failed/> without 'h' after a
            // server restart, and StanzaStream would retry the resumption forever.
            let _ = reports.send(Report::Churn(slot));
            return;
        }
        last_handoff = Some(std::time::Instant::now());
        tokio::spawn(async move {
            let mut delay = options.retry_min;
            loop {
                let _ = reports.send(Report::State(ConnectionState::Connecting));
                match connect::connect(&account, options.timeouts).await {
                    Ok(connection) => {
                        let _ = slot.send(connection);
                        return;
                    }
                    Err(ConnectError::Final(state)) => {
                        let _ = reports.send(Report::Final(state, slot));
                        return;
                    }
                    Err(ConnectError::Transient(reason)) => {
                        if slot.is_closed() {
                            return;
                        }
                        let seconds = delay.as_secs().max(1);
                        let _ = reports
                            .send(Report::State(ConnectionState::Retrying { seconds, reason }));
                        tokio::time::sleep(delay).await;
                        delay = (delay * 2).min(options.retry_max);
                    }
                }
            }
        });
    })
}
