//! Presence and profiles as the interface shows them: who is online, how, since when, and
//! under which name and picture.

use chrono::{DateTime, Utc};
use jid::BareJid;

/// Availability, from most to least reachable (RFC 6121 `<show/>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Show {
    Chat,
    Available,
    Away,
    ExtendedAway,
    DoNotDisturb,
}

impl Show {
    pub fn as_str(self) -> &'static str {
        match self {
            Show::Chat => "chat",
            Show::Available => "available",
            Show::Away => "away",
            Show::ExtendedAway => "xa",
            Show::DoNotDisturb => "dnd",
        }
    }
}

/// What one contact's devices say together: the most available one wins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactPresence {
    /// None while no device of theirs is online.
    pub show: Option<Show>,
    pub status: Option<String>,
    /// XEP-0319: the user has been away from the device since then.
    pub idle_since: Option<DateTime<Utc>>,
    /// When the last device went offline (this session or a stored earlier one).
    pub last_seen: Option<DateTime<Utc>>,
    /// Every device online now, by resource.
    pub devices: Vec<DeviceStatus>,
}

/// One online device of a contact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceStatus {
    pub resource: String,
    pub show: Show,
    pub status: Option<String>,
    pub idle_since: Option<DateTime<Utc>>,
    /// The client's web address from its capabilities (XEP-0115 node), such as
    /// "conversations.im": a hint, as anyone can claim any node.
    pub client: Option<String>,
}

/// A changed presence, batched like messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PresenceUpdate {
    pub jid: BareJid,
    pub presence: ContactPresence,
}

/// What we tell our contacts about ourselves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnPresence {
    pub show: Show,
    pub status: Option<String>,
    /// Set by an interface that noticed the user left the keyboard (XEP-0319).
    pub idle_since: Option<DateTime<Utc>>,
}

impl Default for OwnPresence {
    fn default() -> OwnPresence {
        OwnPresence {
            show: Show::Available,
            status: None,
            idle_since: None,
        }
    }
}

/// A contact's (or our own) public name and picture, as last published.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Profile {
    pub jid: Option<BareJid>,
    /// XEP-0172 nickname the person chose; the roster name we gave them comes first.
    pub nick: Option<String>,
    /// SHA-1 (hex) of the avatar image, a key into the avatar table.
    pub avatar: Option<String>,
    pub last_seen: Option<DateTime<Utc>>,
}

/// An avatar image as published (XEP-0084 or a vCard photo).
#[derive(Clone, PartialEq, Eq)]
pub struct AvatarImage {
    pub mime: String,
    pub data: Vec<u8>,
}

impl std::fmt::Debug for AvatarImage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "AvatarImage({}, {} bytes)", self.mime, self.data.len())
    }
}

/// What each chat state means to the other side (XEP-0085).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChatState {
    Active,
    Composing,
    Paused,
    Inactive,
    Gone,
}

impl ChatState {
    pub fn as_str(self) -> &'static str {
        match self {
            ChatState::Active => "active",
            ChatState::Composing => "composing",
            ChatState::Paused => "paused",
            ChatState::Inactive => "inactive",
            ChatState::Gone => "gone",
        }
    }
}
