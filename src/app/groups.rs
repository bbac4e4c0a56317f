//! The Groups page: invitations waiting for an answer, a new group (a private group or a
//! public channel) on the user's server, and the public groups its room service lists, to
//! search and join. What the session answers (the directory, invitations) comes in through
//! the App; what the user asks for goes out as commands.

use iced::widget::{column, container, radio, row, scrollable, text, text_input};

use crate::app::button::{self, button};
use crate::app::focus::focusable;
use iced::{Alignment, Element, Length};

use super::theme;
use crate::core::{AccountId, BareJid, PublicRoom, RoomKind, RoomSetup};
use crate::fl;

#[derive(Debug, Clone)]
pub enum Message {
    Name(String),
    Description(String),
    Address(String),
    Kind(RoomKind),
    /// Choose a picture for the new group.
    PickPicture,
    PicturePicked(Option<std::path::PathBuf>),
    /// The chosen picture made small (with its file's name), or why it could not be.
    PictureReady(Result<(String, crate::core::AvatarImage), String>),
    Create,
    Query(String),
    Refresh,
    Join(BareJid),
    Accept(usize),
    Decline(usize),
}

pub enum Action {
    None,
    /// Work off the UI thread (a picture made small).
    Run(iced::Task<Message>),
    /// Ask the account's session for the public groups of our server.
    List(AccountId),
    Create {
        account: AccountId,
        room: BareJid,
        setup: RoomSetup,
    },
    Join {
        account: AccountId,
        room: BareJid,
        password: Option<String>,
    },
}

/// An invitation to a room, as the session reported it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitation {
    pub account: AccountId,
    pub room: BareJid,
    pub from: BareJid,
    pub reason: Option<String>,
    pub password: Option<String>,
}

/// What the directory says, once asked.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Listing {
    NotAsked,
    Asking,
    /// `service` None: the server has no room service.
    Found {
        service: Option<BareJid>,
        rooms: Vec<PublicRoom>,
    },
}

pub struct Groups {
    account: AccountId,
    invitations: Vec<Invitation>,
    name: String,
    description: String,
    /// The new group's address; follows the name until the user edits it.
    address: String,
    address_edited: bool,
    /// The new group's picture, made small, with its file's name.
    picture: Option<(String, crate::core::AvatarImage)>,
    kind: RoomKind,
    listing: Listing,
    query: String,
    pub status: Option<String>,
}

impl Groups {
    pub fn new(account: AccountId) -> Groups {
        Groups {
            account,
            invitations: Vec::new(),
            name: String::new(),
            description: String::new(),
            address: String::new(),
            address_edited: false,
            picture: None,
            kind: RoomKind::Private,
            listing: Listing::NotAsked,
            query: String::new(),
            status: None,
        }
    }

    pub fn set_account(&mut self, account: AccountId) {
        if account != self.account {
            self.account = account;
            self.listing = Listing::NotAsked;
        }
    }

    /// Invitations the user has not answered, for the navigation badge.
    pub fn waiting(&self) -> usize {
        self.invitations.len()
    }

    /// The page is shown: the directory is asked for once.
    pub fn shown(&mut self) -> Action {
        if self.listing == Listing::NotAsked {
            self.listing = Listing::Asking;
            return Action::List(self.account);
        }
        Action::None
    }

    /// The account is online: a directory asked for while it was not is asked for again.
    pub fn online(&mut self, account: AccountId) -> Action {
        if account == self.account && self.listing == Listing::Asking {
            return Action::List(account);
        }
        Action::None
    }

    pub fn invited(&mut self, invitation: Invitation) {
        let known = self
            .invitations
            .iter()
            .any(|i| i.account == invitation.account && i.room == invitation.room);
        if !known {
            self.invitations.push(invitation);
        }
    }

    /// We are in `room` now (joined from here or elsewhere): its invitation is answered.
    pub fn entered(&mut self, account: AccountId, room: &BareJid) {
        self.invitations
            .retain(|i| !(i.account == account && &i.room == room));
        self.status = None;
    }

    pub fn public_rooms(
        &mut self,
        account: AccountId,
        service: Option<BareJid>,
        mut rooms: Vec<PublicRoom>,
    ) {
        if account != self.account {
            return;
        }
        // The busiest first, then by name.
        rooms.sort_by(|a, b| {
            b.occupants.cmp(&a.occupants).then_with(|| {
                shown_name(a)
                    .to_lowercase()
                    .cmp(&shown_name(b).to_lowercase())
            })
        });
        self.listing = Listing::Found { service, rooms };
        if !self.address_edited {
            self.address = self.suggested_address();
        }
    }

    fn service(&self) -> Option<&BareJid> {
        match &self.listing {
            Listing::Found { service, .. } => service.as_ref(),
            _ => None,
        }
    }

    /// The name made into a room address on our server's room service.
    fn suggested_address(&self) -> String {
        let local: String = self
            .name
            .trim()
            .to_lowercase()
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { '-' })
            .collect::<String>()
            .split('-')
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("-");
        match (local.is_empty(), self.service()) {
            (false, Some(service)) => format!("{local}@{service}"),
            _ => String::new(),
        }
    }

    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::Name(name) => {
                self.name = name;
                if !self.address_edited {
                    self.address = self.suggested_address();
                }
                Action::None
            }
            Message::Description(description) => {
                self.description = description;
                Action::None
            }
            Message::Address(address) => {
                self.address_edited = !address.is_empty();
                self.address = address;
                Action::None
            }
            Message::Kind(kind) => {
                self.kind = kind;
                Action::None
            }
            Message::PickPicture => Action::Run(iced::Task::perform(
                super::chats::pick_picture(),
                Message::PicturePicked,
            )),
            Message::PicturePicked(None) => Action::None,
            Message::PicturePicked(Some(path)) => {
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                Action::Run(iced::Task::perform(
                    super::chats::prepared_picture(path),
                    move |ready| Message::PictureReady(ready.map(|image| (name.clone(), image))),
                ))
            }
            Message::PictureReady(Ok(picture)) => {
                self.picture = Some(picture);
                Action::None
            }
            Message::PictureReady(Err(reason)) => {
                self.status = Some(fl!("chat-room-picture-failed", reason = reason));
                Action::None
            }
            Message::Create => {
                let Some(room) = room_address(&self.address) else {
                    self.status = Some(fl!("groups-bad-address"));
                    return Action::None;
                };
                let given = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
                let setup = RoomSetup {
                    kind: self.kind,
                    name: given(&self.name),
                    description: given(&self.description),
                    picture: self.picture.take().map(|(_, image)| image),
                };
                self.status = Some(fl!("chats-joining", room = room.to_string()));
                self.name.clear();
                self.description.clear();
                self.address.clear();
                self.address_edited = false;
                Action::Create {
                    account: self.account,
                    room,
                    setup,
                }
            }
            Message::Query(query) => {
                self.query = query;
                Action::None
            }
            Message::Refresh => {
                self.listing = Listing::Asking;
                Action::List(self.account)
            }
            Message::Join(room) => {
                self.status = Some(fl!("chats-joining", room = room.to_string()));
                Action::Join {
                    account: self.account,
                    room,
                    password: None,
                }
            }
            Message::Accept(index) => {
                let Some(i) = self.invitations.get(index).cloned() else {
                    return Action::None;
                };
                self.status = Some(fl!("chats-joining", room = i.room.to_string()));
                Action::Join {
                    account: i.account,
                    room: i.room,
                    password: i.password,
                }
            }
            Message::Decline(index) => {
                if index < self.invitations.len() {
                    self.invitations.remove(index);
                }
                Action::None
            }
        }
    }

    /// The public groups matching the search, by name, address or description.
    fn matching(&self) -> Vec<&PublicRoom> {
        let Listing::Found { rooms, .. } = &self.listing else {
            return Vec::new();
        };
        let words: Vec<String> = self
            .query
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        rooms
            .iter()
            .filter(|r| {
                let haystack = format!(
                    "{} {} {}",
                    r.name.as_deref().unwrap_or(""),
                    r.jid,
                    r.description.as_deref().unwrap_or("")
                )
                .to_lowercase();
                words.iter().all(|w| haystack.contains(w.as_str()))
            })
            .collect()
    }

    pub fn view(&self) -> Element<'_, Message> {
        let mut page = column![text(fl!("groups-title")).size(20).font(theme::UI_BOLD)]
            .spacing(14)
            .padding(16)
            .max_width(760);
        if let Some(status) = &self.status {
            page = page.push(text(status.clone()).size(13).style(text::secondary));
        }
        for (index, i) in self.invitations.iter().enumerate() {
            let mut about = column![
                text(fl!(
                    "groups-invited",
                    from = i.from.to_string(),
                    room = i.room.to_string()
                ))
                .size(14)
            ];
            if let Some(reason) = &i.reason {
                about = about.push(text(format!("“{reason}”")).size(13).style(text::secondary));
            }
            page = page.push(
                container(
                    row![
                        about.width(Length::Fill),
                        button(text(fl!("groups-accept")).size(13))
                            .on_press(Message::Accept(index)),
                        button(text(fl!("groups-decline")).size(13))
                            .style(button::secondary)
                            .on_press(Message::Decline(index)),
                    ]
                    .spacing(8)
                    .align_y(Alignment::Center),
                )
                .padding(10)
                .style(container::bordered_box),
            );
        }
        page = page.push(self.create_view());
        page = page.push(self.directory_view());
        container(scrollable(page))
            .center_x(Length::Fill)
            .height(Length::Fill)
            .into()
    }

    fn create_view(&self) -> Element<'_, Message> {
        let kind = |k: RoomKind, label: String| {
            focusable(
                radio(label, k, Some(self.kind), Message::Kind)
                    .size(16)
                    .text_size(14),
            )
        };
        let address_hint = match self.service() {
            Some(service) => fl!("groups-address-hint", service = service.to_string()),
            None => fl!("groups-address-placeholder"),
        };
        let can_create = room_address(&self.address).is_some();
        column![
            text(fl!("groups-new")).size(16).font(theme::UI_BOLD),
            text_input(&fl!("groups-name"), &self.name)
                .on_input(Message::Name)
                .padding(8),
            text_input(&fl!("groups-description"), &self.description)
                .on_input(Message::Description)
                .padding(8),
            text_input(&address_hint, &self.address)
                .on_input(Message::Address)
                .on_submit(Message::Create)
                .padding(8),
            kind(RoomKind::Private, fl!("groups-private")),
            kind(RoomKind::Public, fl!("groups-public")),
            row![
                button(text(fl!("groups-picture")).size(13))
                    .style(button::secondary)
                    .on_press(Message::PickPicture),
                text(
                    self.picture
                        .as_ref()
                        .map(|(name, _)| name.clone())
                        .unwrap_or_default()
                )
                .size(12)
                .style(text::secondary),
            ]
            .spacing(8)
            .align_y(Alignment::Center),
            button(text(fl!("groups-create")).size(14))
                .on_press_maybe(can_create.then_some(Message::Create)),
        ]
        .spacing(8)
        .into()
    }

    fn directory_view(&self) -> Element<'_, Message> {
        let mut list = column![
            row![
                text(fl!("groups-public-title"))
                    .size(16)
                    .font(theme::UI_BOLD)
                    .width(Length::Fill),
                button(text(fl!("groups-refresh")).size(13))
                    .style(button::secondary)
                    .on_press(Message::Refresh),
            ]
            .align_y(Alignment::Center),
            text_input(&fl!("groups-search"), &self.query)
                .on_input(Message::Query)
                .padding(8),
        ]
        .spacing(8);
        match &self.listing {
            Listing::NotAsked | Listing::Asking => {
                list = list.push(text(fl!("groups-looking")).size(13).style(text::secondary));
            }
            Listing::Found { service: None, .. } => {
                list = list.push(
                    text(fl!("groups-no-service"))
                        .size(13)
                        .style(text::secondary),
                );
            }
            Listing::Found { .. } => {
                let found = self.matching();
                if found.is_empty() {
                    list = list.push(text(fl!("groups-none")).size(13).style(text::secondary));
                }
                for r in found {
                    list = list.push(public_room(r));
                }
            }
        }
        list.into()
    }
}

fn shown_name(r: &PublicRoom) -> String {
    r.name.clone().unwrap_or_else(|| r.jid.to_string())
}

fn public_room(r: &PublicRoom) -> Element<'_, Message> {
    let mut about = column![
        text(shown_name(r)).size(14).font(theme::UI_BOLD),
        text(r.jid.to_string()).size(12).style(text::secondary),
    ]
    .spacing(2);
    if let Some(description) = &r.description {
        about = about.push(text(description.clone()).size(13));
    }
    let mut line = row![about.width(Length::Fill)]
        .spacing(10)
        .align_y(Alignment::Center);
    if let Some(n) = r.occupants {
        line = line.push(
            text(fl!("groups-people", count = n.to_string()))
                .size(12)
                .style(text::secondary),
        );
    }
    line =
        line.push(button(text(fl!("chats-join")).size(13)).on_press(Message::Join(r.jid.clone())));
    container(line)
        .padding(10)
        .style(container::bordered_box)
        .into()
}

/// A room address as typed: name@service, without a resource.
fn room_address(typed: &str) -> Option<BareJid> {
    let jid: BareJid = typed.trim().parse().ok()?;
    jid.node().is_some().then_some(jid)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jid(s: &str) -> BareJid {
        s.parse().unwrap()
    }

    fn room(address: &str, name: &str, occupants: u32, description: &str) -> PublicRoom {
        PublicRoom {
            jid: jid(address),
            name: Some(name.into()),
            description: Some(description.into()).filter(|d: &String| !d.is_empty()),
            occupants: Some(occupants),
        }
    }

    #[test]
    fn the_directory_is_asked_once_sorted_and_searched() {
        let account = AccountId(1);
        let mut groups = Groups::new(account);
        assert!(matches!(groups.shown(), Action::List(a) if a == account));
        assert!(matches!(groups.shown(), Action::None));
        groups.public_rooms(
            account,
            Some(jid("conference.example.org")),
            vec![
                room("quiet@conference.example.org", "Quiet", 1, ""),
                room(
                    "rust@conference.example.org",
                    "Rust",
                    40,
                    "Crabs and lifetimes",
                ),
                room("books@conference.example.org", "Books", 40, ""),
            ],
        );
        let names: Vec<String> = groups.matching().iter().map(|r| shown_name(r)).collect();
        assert_eq!(names, ["Books", "Rust", "Quiet"]);
        groups.update(Message::Query("LIFETIMES".into()));
        let names: Vec<String> = groups.matching().iter().map(|r| shown_name(r)).collect();
        assert_eq!(names, ["Rust"]);
        // Another account's answer is not this page's.
        groups.public_rooms(AccountId(2), None, Vec::new());
        assert_eq!(groups.matching().len(), 1);
    }

    #[test]
    fn a_new_group_gets_an_address_from_its_name_until_one_is_typed() {
        let account = AccountId(1);
        let mut groups = Groups::new(account);
        groups.update(Message::Name("Book club: Émile's".into()));
        // The service is not known yet: no address to suggest.
        assert_eq!(groups.address, "");
        groups.public_rooms(account, Some(jid("conference.example.org")), Vec::new());
        assert_eq!(groups.address, "book-club-émile-s@conference.example.org");
        groups.update(Message::Kind(RoomKind::Public));
        groups.update(Message::Description("  Books we read ".into()));
        match groups.update(Message::Create) {
            Action::Create { room, setup, .. } => {
                assert_eq!(room, jid("book-club-émile-s@conference.example.org"));
                assert_eq!(
                    setup,
                    RoomSetup {
                        kind: RoomKind::Public,
                        name: Some("Book club: Émile's".into()),
                        description: Some("Books we read".into()),
                        picture: None,
                    }
                );
            }
            _ => panic!("a group is created"),
        }
        // A typed address stays whatever the name says; a bad one is refused by name.
        groups.update(Message::Address("not an address".into()));
        groups.update(Message::Name("Other".into()));
        assert_eq!(groups.address, "not an address");
        assert!(matches!(groups.update(Message::Create), Action::None));
        assert_eq!(groups.status, Some(fl!("groups-bad-address")));
        // A chosen picture goes with the next group made, and only with it.
        let picture = crate::core::AvatarImage {
            mime: "image/jpeg".into(),
            data: vec![0xFF, 0xD8, 0xFF],
        };
        groups.update(Message::PictureReady(Ok((
            "me.jpg".into(),
            picture.clone(),
        ))));
        groups.update(Message::Address("pics@conference.example.org".into()));
        let Action::Create { setup, .. } = groups.update(Message::Create) else {
            panic!("the group is made");
        };
        assert_eq!(setup.picture, Some(picture));
        assert!(groups.picture.is_none());
    }

    #[test]
    fn invitations_are_listed_once_and_answered() {
        let account = AccountId(1);
        let mut groups = Groups::new(account);
        let invitation = Invitation {
            account,
            room: jid("team@conference.example.org"),
            from: jid("bob@example.org"),
            reason: None,
            password: Some("secret".into()),
        };
        groups.invited(invitation.clone());
        groups.invited(invitation.clone());
        assert_eq!(groups.waiting(), 1);
        match groups.update(Message::Accept(0)) {
            Action::Join { room, password, .. } => {
                assert_eq!(room, invitation.room);
                assert_eq!(password.as_deref(), Some("secret"));
            }
            _ => panic!("accepting joins"),
        }
        groups.entered(account, &invitation.room);
        assert_eq!(groups.waiting(), 0);
        groups.invited(invitation);
        groups.update(Message::Decline(0));
        assert_eq!(groups.waiting(), 0);
    }
}
