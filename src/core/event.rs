//! The vocabulary between an interface (GUI or CLI) and the session service.
//!
//! Commands go in; Events come out. Events are hints to re-read the store, which the service
//! writes first: an interface can always rebuild its view from the store alone.

use jid::BareJid;

use super::{AccountId, ConversationId, Delivery, MessageId};

/// A text message the user wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct OutgoingText {
    pub to: BareJid,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Store and queue a message; it is sent now if online, else on the next connection.
    SendText(OutgoingText),
    /// Replace the text of one of our own messages (XEP-0308).
    Correct {
        message: MessageId,
        body: String,
    },
    /// Retract one of our own messages (XEP-0424).
    Retract {
        message: MessageId,
    },
    /// Replace our reactions to a message (XEP-0444); an empty list removes them.
    React {
        message: MessageId,
        emojis: Vec<String>,
    },
    /// Tell the contact (and our other devices) that we read up to the newest message.
    MarkDisplayed {
        conversation: ConversationId,
    },
    /// Add (or rename) a contact and ask for their presence.
    AddContact {
        jid: BareJid,
        name: Option<String>,
    },
    RemoveContact {
        jid: BareJid,
    },
    /// Answer a subscription request.
    ApproveContact {
        jid: BareJid,
    },
    DenyContact {
        jid: BareJid,
    },
    /// Close the stream cleanly and stop the service.
    Shutdown,
}

/// Why the connection is down.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DisconnectReason {
    /// The network or the server dropped the connection.
    ConnectionLost(String),
    /// DNS, TCP or a stream error before we were online.
    Unreachable(String),
    /// We asked to stop.
    Shutdown,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthFailure {
    /// The server refused the credentials; we stop retrying until the password changes.
    NotAuthorized(String),
    /// The server offers no mechanism we accept (e.g. PLAIN without TLS: never).
    NoAcceptableMechanism,
    /// The server's SCRAM answer was forged or malformed (bad nonce, signature, iterations).
    ServerNotVerified(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConnectionState {
    Connecting,
    Online {
        /// The stream was resumed (XEP-0198): nothing was missed.
        resumed: bool,
    },
    Disconnected(DisconnectReason),
    /// Waiting before the next attempt.
    Retrying {
        seconds: u64,
        reason: DisconnectReason,
    },
    AuthFailed(AuthFailure),
    /// The server's certificate is not trusted. The user may pin it by this fingerprint.
    CertificateUntrusted {
        sha256: String,
        reason: String,
    },
    /// The server offers no TLS; nothing was sent after the stream header.
    NoTls,
}

impl ConnectionState {
    /// States after which the service does not try again by itself.
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            ConnectionState::AuthFailed(_)
                | ConnectionState::CertificateUntrusted { .. }
                | ConnectionState::NoTls
                | ConnectionState::Disconnected(DisconnectReason::Shutdown)
        )
    }
}

/// A batch of stored messages changed (new, corrected, delivery state...).
#[derive(Debug, Clone, PartialEq)]
pub struct MessagesChanged {
    pub conversations: Vec<ConversationId>,
    /// New incoming messages in this batch.
    pub new_incoming: Vec<MessageId>,
}

/// What happened to one outgoing message.
#[derive(Debug, Clone, PartialEq)]
pub struct SendOutcome {
    pub message: MessageId,
    pub state: Delivery,
    pub error: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    Connection {
        account: AccountId,
        /// Counts fresh (not resumed) sessions, so stale events can be told apart.
        generation: u64,
        state: ConnectionState,
    },
    Messages {
        account: AccountId,
        changed: MessagesChanged,
    },
    Delivery {
        account: AccountId,
        outcome: SendOutcome,
    },
    RosterChanged {
        account: AccountId,
    },
    SubscriptionRequest {
        account: AccountId,
        from: BareJid,
    },
    /// A contact is typing (XEP-0085); not stored.
    ChatState {
        account: AccountId,
        from: BareJid,
        composing: bool,
    },
    /// Archive catch-up finished for this connection.
    CaughtUp {
        account: AccountId,
        fetched: usize,
        /// A page failed; the store has a visible gap marker.
        gap: bool,
    },
    /// The outbox is empty: everything we wrote reached the server.
    OutboxEmpty {
        account: AccountId,
    },
}
