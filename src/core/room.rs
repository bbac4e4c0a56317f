//! Group chats (XEP-0045 multi-user chat) in the vocabulary the store, the session, the CLI
//! and the window share: where we stand in a room, why we are not in it, and who is there.

use jid::BareJid;

/// What an owner or moderator does to a room (XEP-0045 §8-10).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoomAction {
    /// Set the topic everyone sees.
    Subject(String),
    /// Remove someone, who may come back.
    Kick {
        nick: String,
        reason: Option<String>,
    },
    /// Keep an address out for good.
    Ban {
        jid: BareJid,
        reason: Option<String>,
    },
    /// Close the room for everyone.
    Destroy { reason: Option<String> },
    /// Set the room up again: its kind (private group or public channel), name, description.
    Configure(RoomSetup),
    /// Give someone in the room a role for now (moderator, participant, visitor).
    Role { nick: String, role: Role },
    /// Make an address owner, admin, member, or nothing (none) of the room, for good.
    Affiliation {
        jid: BareJid,
        affiliation: Affiliation,
    },
    /// Set the room's picture (XEP-0486), or remove it with None, as its owner.
    SetPicture(Option<crate::core::AvatarImage>),
    /// Remove someone's message for everyone (XEP-0425), as a moderator.
    RemoveMessage {
        message: crate::core::MessageId,
        reason: Option<String>,
    },
    /// As a visitor, ask the moderators for a voice (XEP-0045 §7.13); they decide.
    RequestVoice,
}

impl RoomAction {
    /// The name a refusal or an answer is reported under.
    pub fn name(&self) -> &'static str {
        match self {
            RoomAction::Subject(_) => "set subject",
            RoomAction::Kick { .. } => "kick",
            RoomAction::Ban { .. } => "ban",
            RoomAction::Destroy { .. } => "destroy room",
            RoomAction::Configure(_) => "configure room",
            RoomAction::Role { .. } => "set role",
            RoomAction::Affiliation { .. } => "set affiliation",
            RoomAction::RemoveMessage { .. } => "remove message",
            RoomAction::SetPicture(_) => "set room picture",
            RoomAction::RequestVoice => "ask to speak",
        }
    }
}

/// A room its service lists publicly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicRoom {
    pub jid: BareJid,
    pub name: Option<String>,
    pub description: Option<String>,
    pub occupants: Option<u32>,
}

/// What kind of room we create.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoomKind {
    /// Members only, real addresses visible to all, not listed: what OMEMO groups need.
    Private,
    /// Open to all, listed, real addresses visible to moderators only.
    Public,
}

impl RoomKind {
    pub fn from_public(public: bool) -> RoomKind {
        if public {
            RoomKind::Public
        } else {
            RoomKind::Private
        }
    }
}

/// How a room we create is set up: its kind, and what people see of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoomSetup {
    pub kind: RoomKind,
    pub name: Option<String>,
    pub description: Option<String>,
    /// A picture to give it too (XEP-0486); None leaves its picture as it is.
    pub picture: Option<crate::core::AvatarImage>,
}

/// The nickname we take in a room unless told otherwise: the name part of our address.
pub fn default_nick(own: &BareJid) -> String {
    own.node()
        .map(|n| n.to_string())
        .unwrap_or_else(|| own.to_string())
}

/// Someone in a room, as its presences describe them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occupant {
    pub nick: String,
    pub role: Role,
    pub affiliation: Affiliation,
    /// Their real address, where the room shows it (non-anonymous rooms, or to moderators).
    pub jid: Option<BareJid>,
    /// XEP-0421: stable across nickname changes, set by the room.
    pub occupant_id: Option<String>,
    /// XEP-0317: titles the room gave them.
    pub hats: Vec<Hat>,
    /// Away, busy or here, as their presence in the room says.
    pub show: crate::core::Show,
    /// The SHA-1 of their picture (XEP-0153), once we hold its bytes (store::profiles).
    pub avatar: Option<String>,
}

impl Occupant {
    /// Someone here with this role and affiliation, and nothing more known yet: no real
    /// address, occupant id, titles or picture.
    pub fn new(nick: impl Into<String>, role: Role, affiliation: Affiliation) -> Occupant {
        Occupant {
            nick: nick.into(),
            role,
            affiliation,
            jid: None,
            occupant_id: None,
            hats: Vec::new(),
            show: crate::core::Show::Available,
            avatar: None,
        }
    }
}

/// A title a room gives an occupant (XEP-0317), as the room names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hat {
    pub uri: String,
    pub title: String,
}

/// What someone may do in the room now (XEP-0045 roles).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    Moderator,
    Participant,
    Visitor,
    None,
}

/// Who someone is to the room, for good (XEP-0045 affiliations).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Affiliation {
    Owner,
    Admin,
    Member,
    None,
    Outcast,
}

impl Role {
    /// A role by its XEP-0045 name; None for anything else.
    pub fn parse(value: &str) -> Option<Role> {
        match value {
            "moderator" | "participant" | "visitor" | "none" => Some(Role::from_attr(Some(value))),
            _ => None,
        }
    }

    pub fn from_attr(value: Option<&str>) -> Role {
        match value {
            Some("moderator") => Role::Moderator,
            Some("participant") => Role::Participant,
            Some("visitor") => Role::Visitor,
            _ => Role::None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Moderator => "moderator",
            Role::Participant => "participant",
            Role::Visitor => "visitor",
            Role::None => "none",
        }
    }
}

impl Affiliation {
    /// An affiliation by its XEP-0045 name; None for anything else.
    pub fn parse(value: &str) -> Option<Affiliation> {
        match value {
            "owner" | "admin" | "member" | "none" | "outcast" => {
                Some(Affiliation::from_attr(Some(value)))
            }
            _ => None,
        }
    }

    pub fn from_attr(value: Option<&str>) -> Affiliation {
        match value {
            Some("owner") => Affiliation::Owner,
            Some("admin") => Affiliation::Admin,
            Some("member") => Affiliation::Member,
            Some("outcast") => Affiliation::Outcast,
            _ => Affiliation::None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Affiliation::Owner => "owner",
            Affiliation::Admin => "admin",
            Affiliation::Member => "member",
            Affiliation::None => "none",
            Affiliation::Outcast => "outcast",
        }
    }
}

/// Where we stand in a room.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoomState {
    /// Our join presence is on its way.
    Joining,
    /// The room listed us (status 110) under this nickname; `created` when our join made it.
    Joined { nick: String, created: bool },
    /// The room did not let us in.
    Refused(Refusal),
    /// We were in and are not any more.
    Left(Exit),
}

/// Why a room did not let us in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Someone else has this nickname there: choose another.
    NickInUse,
    /// The room has a password, and ours was missing or wrong.
    PasswordNeeded,
    /// Only members may enter, and we are not one.
    MembersOnly,
    /// We are banned from it.
    Banned,
    /// The room is full.
    Full,
    /// Another refusal, with the server's words or condition.
    Other(String),
}

/// Why we are no longer in a room.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Exit {
    /// We left.
    Left,
    /// A moderator removed us (we may join again).
    Kicked { reason: Option<String> },
    /// An admin banned us.
    Banned { reason: Option<String> },
    /// The owner destroyed the room.
    Destroyed { reason: Option<String> },
    /// The room became members-only, or our membership was taken away.
    NoLongerMember,
    /// The room's service is shutting down.
    Shutdown,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::NickInUse => f.write_str("someone in the room already has this nickname"),
            Refusal::PasswordNeeded => f.write_str("the room needs a password (--password)"),
            Refusal::MembersOnly => f.write_str("only members may enter this room"),
            Refusal::Banned => f.write_str("you are banned from this room"),
            Refusal::Full => f.write_str("the room is full"),
            Refusal::Other(why) => write!(f, "the room refused: {why}"),
        }
    }
}

impl std::fmt::Display for Exit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let reason = |r: &Option<String>| r.as_ref().map(|r| format!(": {r}")).unwrap_or_default();
        match self {
            Exit::Left => f.write_str("you left the room"),
            Exit::Kicked { reason: r } => write!(f, "you were removed from the room{}", reason(r)),
            Exit::Banned { reason: r } => write!(f, "you were banned from the room{}", reason(r)),
            Exit::Destroyed { reason: r } => write!(f, "the room was destroyed{}", reason(r)),
            Exit::NoLongerMember => f.write_str("you are no longer a member of the room"),
            Exit::Shutdown => f.write_str("the room's service shut down"),
        }
    }
}
