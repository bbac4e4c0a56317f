//! XEP-0085 Chat State Notifications: only "composing or not" matters to the interface.

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

#[cfg(test)]
mod tests {
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
}
