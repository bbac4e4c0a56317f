//! First run: sign in with an existing account or create one (XEP-0077).

use iced::widget::{checkbox, column, container, row, text, text_input};

use crate::app::button::{self, button};
use crate::app::focus::focusable;
use iced::{Element, Length, Task};

use crate::core::{BareJid, ConnectionSettings};
use crate::fl;
use crate::store::accounts::NewAccount;

#[derive(Debug, Clone)]
pub enum Message {
    Address(String),
    Password(String),
    ToggleAdvanced,
    Host(String),
    Port(String),
    DirectTls(bool),
    CaFile(String),
    PickCaFile,
    /// Enter in the address field: on to the password.
    NextField,
    SignIn,
    Create,
    Cancel,
}

pub enum Action {
    None,
    Run(Task<Message>),
    /// Back to the main window (only when adding a further account).
    Cancel,
    /// Keep this account and go online with it.
    SignIn(NewAccount),
    /// Create it on its server first.
    Register(NewAccount),
}

#[derive(Debug, Default)]
pub struct Setup {
    address: String,
    password: String,
    advanced: bool,
    host: String,
    port: String,
    direct_tls: bool,
    /// A PEM file of certificate authorities to trust beyond the system's (own servers).
    ca_file: String,
    pub error: Option<String>,
    pub working: bool,
}

impl Setup {
    /// The form for a further account, opened from Settings.
    pub fn adding() -> Setup {
        Setup::default()
    }

    /// Puts the cursor in the address field, where every sign-in starts.
    pub fn focus() -> Task<Message> {
        iced::widget::operation::focus(address_id())
    }

    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::Address(a) => self.address = a,
            Message::Password(p) => self.password = p,
            Message::ToggleAdvanced => self.advanced = !self.advanced,
            Message::Host(h) => self.host = h,
            Message::Port(p) => {
                self.port = p.chars().filter(char::is_ascii_digit).take(5).collect()
            }
            Message::DirectTls(d) => self.direct_tls = d,
            Message::CaFile(path) => self.ca_file = path,
            Message::PickCaFile => {
                return Action::Run(Task::perform(
                    async {
                        rfd::AsyncFileDialog::new()
                            .add_filter("PEM", &["pem", "crt", "cer"])
                            .pick_file()
                            .await
                            .map(|f| f.path().display().to_string())
                    },
                    |picked| Message::CaFile(picked.unwrap_or_default()),
                ));
            }
            Message::Cancel => return Action::Cancel,
            Message::NextField => {
                return Action::Run(iced::widget::operation::focus(password_id()));
            }
            Message::SignIn | Message::Create if self.working => {}
            Message::SignIn => return self.account().map_or(Action::None, Action::SignIn),
            Message::Create => return self.account().map_or(Action::None, Action::Register),
        }
        Action::None
    }

    /// The account the form describes, or an error shown under it.
    fn account(&mut self) -> Option<NewAccount> {
        let jid = self
            .address
            .trim()
            .parse::<BareJid>()
            .ok()
            .filter(|j| j.node().is_some());
        let Some(jid) = jid else {
            self.error = Some(fl!("setup-bad-address"));
            return None;
        };
        if self.password.is_empty() {
            self.error = Some(fl!("setup-no-password"));
            return None;
        }
        self.error = None;
        self.working = true;
        let host = self.host.trim();
        Some(NewAccount {
            jid,
            password: self.password.clone(),
            settings: ConnectionSettings {
                host: (!host.is_empty()).then(|| host.to_string()),
                port: self.port.parse().ok(),
                direct_tls: self.direct_tls,
                ca_file: Some(self.ca_file.trim().to_string()).filter(|f| !f.is_empty()),
                pinned_cert: None,
            },
        })
    }

    pub fn failed(&mut self, reason: String) {
        self.working = false;
        self.error = Some(reason);
    }

    /// `can_cancel`: another account exists, so the form can be left without adding one.
    pub fn view(&self, can_cancel: bool) -> Element<'_, Message> {
        let mut form = column![
            text(fl!("setup-title")).size(26),
            text(fl!("setup-explain")),
            text_input(&fl!("setup-address"), &self.address)
                .id(address_id())
                .on_input(Message::Address)
                .on_submit(Message::NextField)
                .padding(10),
            text_input(&fl!("setup-password"), &self.password)
                .id(password_id())
                .secure(true)
                .on_input(Message::Password)
                .on_submit(Message::SignIn)
                .padding(10),
            button(text(fl!("setup-advanced")))
                .style(button::text)
                .on_press(Message::ToggleAdvanced),
        ]
        .spacing(14)
        .max_width(440);
        if self.advanced {
            form = form.push(
                row![
                    text_input(&fl!("setup-host"), &self.host)
                        .on_input(Message::Host)
                        .padding(10),
                    text_input(&fl!("setup-port"), &self.port)
                        .on_input(Message::Port)
                        .padding(10)
                        .width(120),
                ]
                .spacing(10),
            );
            form = form.push(focusable(
                checkbox(self.direct_tls)
                    .label(fl!("setup-direct-tls"))
                    .on_toggle(Message::DirectTls),
            ));
            form = form.push(
                row![
                    text_input(&fl!("setup-ca-file"), &self.ca_file)
                        .on_input(Message::CaFile)
                        .padding(10),
                    button(text(fl!("setup-choose")))
                        .style(button::secondary)
                        .on_press(Message::PickCaFile)
                        .padding([10, 14]),
                ]
                .spacing(10),
            );
        }
        if let Some(error) = &self.error {
            form = form.push(text(error.clone()).style(text::danger));
        }
        if self.working {
            form = form.push(text(fl!("setup-working")));
        }
        let enabled = |m: Message| (!self.working).then_some(m);
        let mut buttons = row![
            button(text(fl!("setup-sign-in")))
                .on_press_maybe(enabled(Message::SignIn))
                .padding([8, 20]),
            button(text(fl!("setup-create")))
                .style(button::secondary)
                .on_press_maybe(enabled(Message::Create))
                .padding([8, 20]),
        ]
        .spacing(12);
        if can_cancel {
            buttons = buttons.push(
                button(text(fl!("settings-cancel")))
                    .style(button::text)
                    .on_press(Message::Cancel)
                    .padding([8, 20]),
            );
        }
        form = form.push(buttons);
        container(form).center(Length::Fill).padding(24).into()
    }
}

fn address_id() -> iced::widget::Id {
    iced::widget::Id::new("setup-address")
}

fn password_id() -> iced::widget::Id {
    iced::widget::Id::new("setup-password")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filled(address: &str, password: &str) -> Setup {
        let mut s = Setup::default();
        s.update(Message::Address(address.into()));
        s.update(Message::Password(password.into()));
        s
    }

    #[test]
    fn signing_in_needs_an_address_with_a_name_and_a_password() {
        let mut s = filled("example.org", "pw");
        assert!(matches!(s.update(Message::SignIn), Action::None));
        assert!(s.error.is_some());
        let mut s = filled("me@example.org", "");
        assert!(matches!(s.update(Message::SignIn), Action::None));
        let mut s = filled(" me@example.org ", "pw");
        match s.update(Message::SignIn) {
            Action::SignIn(a) => {
                assert_eq!(a.jid.as_str(), "me@example.org");
                assert_eq!(a.settings.host, None);
            }
            _ => panic!("should sign in"),
        }
        assert!(s.working);
        assert!(matches!(s.update(Message::Create), Action::None));
    }

    #[test]
    fn advanced_settings_reach_the_account() {
        let mut s = filled("me@example.org", "pw");
        s.update(Message::ToggleAdvanced);
        s.update(Message::Host("xmpp.example.org".into()));
        s.update(Message::Port("52x23".into()));
        s.update(Message::DirectTls(true));
        s.update(Message::CaFile(" /etc/own-ca.pem ".into()));
        match s.update(Message::Create) {
            Action::Register(a) => {
                assert_eq!(a.settings.ca_file.as_deref(), Some("/etc/own-ca.pem"));
                assert_eq!(a.settings.host.as_deref(), Some("xmpp.example.org"));
                assert_eq!(a.settings.port, Some(5223));
                assert!(a.settings.direct_tls);
            }
            _ => panic!("should register"),
        }
    }
}
