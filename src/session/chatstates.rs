//! XEP-0085 Chat State Notifications: only "composing or not" matters to the interface.
//! In rooms (§5.5) occupants send them as group chat messages; we pass on an occupant's
//! only while we are in the room, and send ours only to private groups (rooms.rs says when).

use std::collections::HashSet;

use xmpp_parsers::jid::BareJid;
use xmpp_parsers::minidom::Element;

use super::{ns, xml};
use crate::core::ChatState;

/// Some(true) while composing, Some(false) for any other state, None without one.
pub fn composing(message: &Element) -> Option<bool> {
    let state = message.children().find(|c| c.ns() == ns::CHATSTATES)?;
    Some(state.name() == "composing")
}

pub fn active() -> Element {
    state(ChatState::Active)
}

pub fn state(state: ChatState) -> Element {
    xml::empty(state.as_str(), ns::CHATSTATES, &[])
}

/// Someone who may be typing to us: a contact, or an occupant of a room by nickname.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Typist {
    pub from: BareJid,
    pub nick: Option<String>,
}

/// Who the interface was last told is typing. A state goes on only when it changes, so a
/// busy room's messages (each saying "active") do not each become an event.
#[derive(Debug, Default)]
pub struct Typists(HashSet<Typist>);

impl Typists {
    /// Notes what someone said; true when the interface must hear of it.
    pub fn note(&mut self, who: Typist, composing: bool) -> bool {
        if composing {
            self.0.insert(who)
        } else {
            self.0.remove(&who)
        }
    }

    /// Forgets those `gone` picks (a contact offline, an occupant who left); gives those who
    /// were typing, for the interface to stop showing.
    pub fn forget(&mut self, gone: impl Fn(&Typist) -> bool) -> Vec<Typist> {
        let stopped: Vec<Typist> = self.0.iter().filter(|t| gone(t)).cloned().collect();
        for t in &stopped {
            self.0.remove(t);
        }
        stopped
    }

    /// The link went down: the interface forgets everyone itself.
    pub fn clear(&mut self) {
        self.0.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::{Typist, Typists};

    #[test]
    fn parses_states() {
        let c = "<message xmlns='jabber:client'><composing xmlns='http://jabber.org/protocol/chatstates'/></message>".parse().unwrap();
        assert_eq!(super::composing(&c), Some(true));
        let p = "<message xmlns='jabber:client'><paused xmlns='http://jabber.org/protocol/chatstates'/></message>".parse().unwrap();
        assert_eq!(super::composing(&p), Some(false));
        let n = "<message xmlns='jabber:client'><body>x</body></message>"
            .parse()
            .unwrap();
        assert_eq!(super::composing(&n), None);
    }

    #[test]
    fn only_changes_are_passed_on() {
        let room = "team@muc.example.org".parse().unwrap();
        let bob = Typist {
            from: room,
            nick: Some("bob".into()),
        };
        let mut typists = Typists::default();
        assert!(
            !typists.note(bob.clone(), false),
            "never typing: nothing to say"
        );
        assert!(typists.note(bob.clone(), true));
        assert!(!typists.note(bob.clone(), true), "still typing");
        let left = typists.forget(|t| t.nick.as_deref() == Some("bob"));
        assert_eq!(left, vec![bob.clone()]);
        assert!(!typists.note(bob, false), "forgotten already");
    }
}
