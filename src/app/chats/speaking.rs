//! Who may write in a moderated room (XEP-0045 §7.13, §8.6): a visitor sees why the composer
//! is gone and may ask for a voice; a moderator sees who asked and gives it or not. Requests
//! are not stored: a visitor who leaves, or gets a voice some other way, is asked about no
//! more.

use std::collections::{HashMap, HashSet};

use iced::widget::{column, container, row, text};

use crate::app::button::{self, button};
use iced::{Alignment, Element, Length};

use super::Message;
use crate::core::{AccountId, BareJid, Occupant, Role};
use crate::fl;

/// Requests shown at once; more wait until these are answered.
const SHOWN: usize = 3;

#[derive(Debug, Default)]
pub(super) struct Speaking {
    /// Visitors who asked us for a voice, oldest first, per room.
    requests: HashMap<(AccountId, BareJid), Vec<String>>,
    /// Rooms where we asked for a voice and have none yet.
    asked: HashSet<(AccountId, BareJid)>,
    /// Our nickname in each room we entered.
    ours: HashMap<(AccountId, BareJid), String>,
}

impl Speaking {
    /// A visitor asks again: once in the list.
    pub fn requested(&mut self, account: AccountId, room: BareJid, nick: String) {
        let waiting = self.requests.entry((account, room)).or_default();
        if !waiting.contains(&nick) {
            waiting.push(nick);
        }
    }

    pub fn entered(&mut self, account: AccountId, room: BareJid, nick: String) {
        self.ours.insert((account, room), nick);
    }

    /// Who is in the room changed: requests of those gone or given a voice are answered,
    /// and so is ours once we have one.
    pub fn occupants(&mut self, account: AccountId, room: &BareJid, occupants: &[Occupant]) {
        let key = (account, room.clone());
        let voiced = |nick: &String| {
            occupants
                .iter()
                .any(|o| &o.nick == nick && o.role != Role::Visitor)
        };
        if self.ours.get(&key).is_some_and(voiced) {
            self.asked.remove(&key);
        }
        if let Some(waiting) = self.requests.get_mut(&key) {
            waiting.retain(|nick| {
                occupants
                    .iter()
                    .any(|o| &o.nick == nick && o.role == Role::Visitor)
            });
            if waiting.is_empty() {
                self.requests.remove(&key);
            }
        }
    }

    pub fn answered(&mut self, account: AccountId, room: &BareJid, nick: &str) {
        if let Some(waiting) = self.requests.get_mut(&(account, room.clone())) {
            waiting.retain(|n| n != nick);
        }
    }

    pub fn ask(&mut self, account: AccountId, room: BareJid) {
        self.asked.insert((account, room));
    }

    pub fn has_asked(&self, account: AccountId, room: &BareJid) -> bool {
        self.asked.contains(&(account, room.clone()))
    }

    pub fn waiting(&self, account: AccountId, room: &BareJid) -> &[String] {
        self.requests
            .get(&(account, room.clone()))
            .map_or(&[], Vec::as_slice)
    }
}

/// For a moderator: who asks to speak, each with the answer.
pub(super) fn requests_view<'a>(waiting: &[String]) -> Option<Element<'a, Message>> {
    if waiting.is_empty() {
        return None;
    }
    let mut list = column![].spacing(4);
    for nick in waiting.iter().take(SHOWN) {
        let shown = crate::app::nick::visible(nick);
        list = list.push(
            row![
                text(fl!("chat-voice-request", nick = shown)).size(13),
                iced::widget::space().width(Length::Fill),
                button(text(fl!("chat-give-voice")).size(13))
                    .on_press(Message::GiveVoice(nick.clone()))
                    .padding([4, 10]),
                button(text(fl!("chat-not-now")).size(13))
                    .on_press(Message::DismissVoiceRequest(nick.clone()))
                    .style(button::secondary)
                    .padding([4, 10]),
            ]
            .spacing(8)
            .align_y(Alignment::Center),
        );
    }
    Some(
        container(list)
            .padding([6, 12])
            .width(Length::Fill)
            .style(container::rounded_box)
            .into(),
    )
}

/// For a visitor, in the composer's place: why they cannot write, and the way to ask.
pub(super) fn visitor_view<'a>(asked: bool) -> Element<'a, Message> {
    let mut line = row![text(fl!("chat-visitor-note")).size(13)]
        .spacing(10)
        .align_y(Alignment::Center);
    line = line.push(iced::widget::space().width(Length::Fill));
    line = if asked {
        line.push(
            text(fl!("chat-voice-asked"))
                .size(13)
                .style(text::secondary),
        )
    } else {
        line.push(
            button(text(fl!("chat-ask-voice")).size(13))
                .on_press(Message::AskToSpeak)
                .padding([6, 14]),
        )
    };
    container(line).padding([12, 14]).width(Length::Fill).into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::Affiliation;

    fn person(nick: &str, role: Role) -> Occupant {
        Occupant::new(nick, role, Affiliation::None)
    }

    /// A request is listed once, and answered by a voice, by leaving, or by the moderator.
    #[test]
    fn requests_last_while_the_visitor_waits() {
        let (account, room): (AccountId, BareJid) =
            (AccountId(1), "team@conference.example.org".parse().unwrap());
        let mut s = Speaking::default();
        s.requested(account, room.clone(), "eve".into());
        s.requested(account, room.clone(), "eve".into());
        s.requested(account, room.clone(), "ann".into());
        assert_eq!(s.waiting(account, &room), ["eve", "ann"]);
        // Eve got a voice from someone; Ann is still a visitor.
        let now = [
            person("eve", Role::Participant),
            person("ann", Role::Visitor),
        ];
        s.occupants(account, &room, &now);
        assert_eq!(s.waiting(account, &room), ["ann"]);
        s.answered(account, &room, "ann");
        assert!(s.waiting(account, &room).is_empty());
        // Ours waits until we have a voice.
        s.entered(account, room.clone(), "me".into());
        s.ask(account, room.clone());
        s.occupants(account, &room, &[person("me", Role::Visitor)]);
        assert!(s.has_asked(account, &room));
        s.occupants(account, &room, &[person("me", Role::Participant)]);
        assert!(!s.has_asked(account, &room));
    }
}
