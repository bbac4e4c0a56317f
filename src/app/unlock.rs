//! The passphrase screen, for machines without a keyring: unlock an existing profile or
//! choose the passphrase of a new one.

use iced::widget::{column, container, text, text_input};

use crate::app::button::button;
use iced::{Element, Length};
use zeroize::Zeroizing;

use crate::fl;

#[derive(Debug, Clone)]
pub enum Message {
    Passphrase(String),
    Repeat(String),
    Submit,
}

/// What the parent should do.
pub enum Action {
    None,
    /// Try to open the profile with this passphrase.
    Open(Zeroizing<String>),
}

#[derive(Debug, Default)]
pub struct Unlock {
    /// A new profile: the passphrase is chosen, and typed twice.
    pub creating: bool,
    passphrase: String,
    repeat: String,
    pub error: Option<String>,
    pub working: bool,
}

/// Shortest passphrase we accept for a new profile.
const MIN_CHARS: usize = 8;

impl Unlock {
    pub fn new(creating: bool) -> Unlock {
        Unlock {
            creating,
            ..Unlock::default()
        }
    }

    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::Passphrase(p) => {
                self.passphrase = p;
                Action::None
            }
            Message::Repeat(p) => {
                self.repeat = p;
                Action::None
            }
            Message::Submit if self.working || self.passphrase.is_empty() => Action::None,
            Message::Submit => {
                if self.creating {
                    if self.passphrase.chars().count() < MIN_CHARS {
                        self.error = Some(fl!("unlock-too-short"));
                        return Action::None;
                    }
                    if self.passphrase != self.repeat {
                        self.error = Some(fl!("unlock-mismatch"));
                        return Action::None;
                    }
                }
                self.error = None;
                self.working = true;
                let secret = Zeroizing::new(std::mem::take(&mut self.passphrase));
                self.repeat.clear();
                Action::Open(secret)
            }
        }
    }

    /// The attempt failed with this sentence; the user tries again.
    pub fn failed(&mut self, reason: String) {
        self.working = false;
        self.error = Some(reason);
    }

    pub fn view(&self) -> Element<'_, Message> {
        let (title, explain, action) = if self.creating {
            (
                fl!("unlock-create-title"),
                fl!("unlock-create-explain"),
                fl!("unlock-create-button"),
            )
        } else {
            (
                fl!("unlock-title"),
                fl!("unlock-explain"),
                fl!("unlock-button"),
            )
        };
        let mut form = column![
            text(title).size(24),
            text(explain),
            text_input(&fl!("unlock-passphrase"), &self.passphrase)
                .secure(true)
                .on_input(Message::Passphrase)
                .on_submit(Message::Submit)
                .padding(10),
        ]
        .spacing(14)
        .max_width(420);
        if self.creating {
            form = form.push(
                text_input(&fl!("unlock-repeat"), &self.repeat)
                    .secure(true)
                    .on_input(Message::Repeat)
                    .on_submit(Message::Submit)
                    .padding(10),
            );
        }
        if let Some(error) = &self.error {
            form = form.push(text(error.clone()).style(text::danger));
        }
        let label = if self.working {
            fl!("unlock-working")
        } else {
            action
        };
        form = form.push(
            button(text(label))
                .on_press_maybe((!self.working).then_some(Message::Submit))
                .padding([8, 20]),
        );
        container(form).center(Length::Fill).padding(24).into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_passphrase_must_be_typed_twice_alike() {
        let mut u = Unlock::new(true);
        u.update(Message::Passphrase("long enough".into()));
        u.update(Message::Repeat("long enuogh".into()));
        assert!(matches!(u.update(Message::Submit), Action::None));
        assert!(u.error.is_some());
        u.update(Message::Repeat("long enough".into()));
        match u.update(Message::Submit) {
            Action::Open(p) => assert_eq!(p.as_str(), "long enough"),
            Action::None => panic!("should open"),
        }
        assert!(u.working);
    }

    #[test]
    fn a_short_new_passphrase_is_refused() {
        let mut u = Unlock::new(true);
        u.update(Message::Passphrase("short".into()));
        u.update(Message::Repeat("short".into()));
        assert!(matches!(u.update(Message::Submit), Action::None));
    }

    #[test]
    fn unlocking_needs_it_once_and_ignores_repeats_while_working() {
        let mut u = Unlock::new(false);
        u.update(Message::Passphrase("x".into()));
        assert!(matches!(u.update(Message::Submit), Action::Open(_)));
        assert!(matches!(u.update(Message::Submit), Action::None));
        u.failed("wrong".into());
        assert!(!u.working);
    }
}
