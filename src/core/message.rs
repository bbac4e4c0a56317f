//! Records the store keeps and the service and interfaces show.

use chrono::{DateTime, Utc};
use jid::BareJid;

use super::{AccountId, ConversationId, MessageId, Namespaces};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    In,
    Out,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::In => "in",
            Direction::Out => "out",
        }
    }
}

/// Where a message is on its way. Incoming messages are always `Received`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Delivery {
    /// In the outbox, not yet acknowledged by our server.
    Queued,
    /// Our server acknowledged it (XEP-0198).
    Sent,
    /// The recipient's client confirmed it (XEP-0184).
    Delivered,
    /// The recipient displayed it (XEP-0333).
    Read,
    /// The server refused it for good; the text says why.
    Failed,
    /// An incoming message.
    Received,
}

impl Delivery {
    pub fn as_str(self) -> &'static str {
        match self {
            Delivery::Queued => "queued",
            Delivery::Sent => "sent",
            Delivery::Delivered => "delivered",
            Delivery::Read => "read",
            Delivery::Failed => "failed",
            Delivery::Received => "received",
        }
    }

    pub fn to_code(self) -> i64 {
        match self {
            Delivery::Queued => 0,
            Delivery::Sent => 1,
            Delivery::Delivered => 2,
            Delivery::Read => 3,
            Delivery::Failed => 4,
            Delivery::Received => 5,
        }
    }

    pub fn from_code(code: i64) -> Delivery {
        match code {
            0 => Delivery::Queued,
            1 => Delivery::Sent,
            2 => Delivery::Delivered,
            3 => Delivery::Read,
            4 => Delivery::Failed,
            _ => Delivery::Received,
        }
    }
}

/// One message as stored: the newest text (after corrections) and its delivery state.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub id: MessageId,
    pub account: AccountId,
    pub conversation: ConversationId,
    /// The other party of the conversation.
    pub peer: BareJid,
    /// A private conversation with this occupant of the room `peer` (XEP-0045 §7.5).
    pub private: Option<String>,
    /// Who wrote it (own bare JID for outgoing messages).
    pub sender: BareJid,
    pub direction: Direction,
    pub body: String,
    pub timestamp: DateTime<Utc>,
    pub state: Delivery,
    pub encrypted: bool,
    /// Which OMEMO namespaces carried it, when `encrypted` and known.
    pub namespaces: Namespaces,
    pub origin_id: Option<String>,
    pub stanza_id: Option<String>,
    pub edited: bool,
    pub retracted: bool,
    /// The id of the message this one replies to (XEP-0461), as the sender named it.
    pub reply_to: Option<String>,
    pub error: Option<String>,
    /// In a room: the nickname of whoever wrote it.
    pub nick: Option<String>,
    /// The file it carries (its body is then the file's address).
    pub attachment: Option<Attachment>,
}

/// A file in a message (XEP-0066, XEP-0454), as the store keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct Attachment {
    /// As sent: `https://` or, in an encrypted conversation, `aesgcm://` with its key.
    pub url: String,
    /// Safe to create in a folder (media::name::sanitize).
    pub name: String,
    pub size: Option<u64>,
    pub media_type: Option<String>,
    /// Where its plain text is on this computer: saved by the user, downloaded by the
    /// command line, or (ours) sent from.
    pub local_path: Option<std::path::PathBuf>,
    /// Its sealed copy in the profile's media cache (the window's downloads), if any.
    pub cached: Option<CachedFile>,
}

/// A file kept sealed in the profile's media folder (media::cache): the key lives only in
/// the encrypted database, so the folder holds no plain text.
#[derive(Debug, Clone, PartialEq)]
pub struct CachedFile {
    /// Its name in the media folder.
    pub file: String,
    /// The IV and key in hex, as an aesgcm:// fragment writes them.
    pub key: crate::core::Secret,
}

impl Attachment {
    /// Whether the file itself is encrypted (XEP-0454).
    pub fn encrypted(&self) -> bool {
        self.url.starts_with("aesgcm://")
    }
}

/// How to reach an account's server; every field but the JID is optional.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ConnectionSettings {
    /// Connect to this host instead of resolving SRV records.
    pub host: Option<String>,
    pub port: Option<u16>,
    /// TLS from the first byte (XEP-0368) instead of STARTTLS.
    pub direct_tls: bool,
    /// A PEM file of extra certificate authorities to trust.
    pub ca_file: Option<String>,
    /// SHA-256 of the only server certificate to accept (hex), chosen by the user.
    pub pinned_cert: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Account {
    pub id: AccountId,
    pub jid: BareJid,
    pub password: String,
    pub resource: String,
    pub settings: ConnectionSettings,
    /// Set when the server refused the password; cleared when the user changes it.
    pub auth_failed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subscription {
    None,
    To,
    From,
    Both,
}

impl Subscription {
    pub fn as_str(self) -> &'static str {
        match self {
            Subscription::None => "none",
            Subscription::To => "to",
            Subscription::From => "from",
            Subscription::Both => "both",
        }
    }

    pub fn parse(text: &str) -> Subscription {
        match text {
            "to" => Subscription::To,
            "from" => Subscription::From,
            "both" => Subscription::Both,
            _ => Subscription::None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct RosterItem {
    pub jid: BareJid,
    pub name: Option<String>,
    pub subscription: Subscription,
    /// We asked for their presence and they have not answered yet.
    pub pending_out: bool,
    /// They asked for our presence and we have not answered yet.
    pub pending_in: bool,
    pub groups: Vec<String>,
}
