//! Search across every conversation with the store's full-text index; a result opens its
//! conversation at that message.

use iced::widget::{Column, column, container, row, scrollable, text, text_input};

use crate::app::button::{self, button};
use iced::{Alignment, Element, Length, Task};

use super::theme;
use crate::core::{ConversationId, Direction, Error, Message as Stored, MessageId};
use crate::fl;
use crate::store::{Store, messages};

/// How many hits a search shows (newest first).
const LIMIT: usize = 100;

#[derive(Debug, Clone)]
pub enum Message {
    Query(String),
    /// Results for the query they were asked for (older answers are dropped).
    Found(String, Result<Vec<Stored>, Error>),
    Open(ConversationId, MessageId),
}

pub enum Action {
    None,
    Run(Task<Message>),
    Open(ConversationId, MessageId),
}

pub struct Search {
    store: Store,
    query: String,
    results: Vec<Stored>,
    searched: bool,
}

impl Search {
    pub fn new(store: Store) -> Search {
        Search {
            store,
            query: String::new(),
            results: Vec::new(),
            searched: false,
        }
    }

    /// The id of the query field, so Ctrl+F can focus it.
    pub fn input_id() -> iced::widget::Id {
        iced::widget::Id::new("search-query")
    }

    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::Query(query) => {
                self.query = query.clone();
                if query.trim().is_empty() {
                    self.results.clear();
                    self.searched = false;
                    return Action::None;
                }
                let readers = self.store.readers.clone();
                let asked = query.clone();
                Action::Run(Task::perform(
                    async move {
                        readers
                            .read(move |c| messages::search(c, &asked, LIMIT))
                            .await
                    },
                    move |found| Message::Found(query.clone(), found),
                ))
            }
            Message::Found(query, found) => {
                if query == self.query {
                    match found {
                        Ok(results) => self.results = results,
                        Err(e) => tracing::error!("search failed: {e}"),
                    }
                    self.searched = true;
                }
                Action::None
            }
            Message::Open(conversation, id) => Action::Open(conversation, id),
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        let mut page = column![
            text(fl!("search-title")).size(20).font(theme::UI_BOLD),
            text_input(&fl!("search-placeholder"), &self.query)
                .id(Self::input_id())
                .on_input(Message::Query)
                .padding(10),
        ]
        .spacing(12)
        .padding(16)
        .max_width(760);
        if self.searched && self.results.is_empty() {
            page = page.push(text(fl!("search-nothing")).style(text::secondary));
        } else if self.searched {
            page = page.push(
                text(fl!("search-count", count = self.results.len()))
                    .size(13)
                    .style(text::secondary),
            );
        }
        let words: Vec<String> = self
            .query
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        let hits = self.results.iter().map(|m| hit(m, &words));
        page = page.push(scrollable(Column::with_children(hits).spacing(4)).height(Length::Fill));
        container(page).center_x(Length::Fill).into()
    }
}

fn hit<'a>(m: &'a Stored, words: &[String]) -> Element<'a, Message> {
    let who = if m.direction == Direction::Out {
        fl!("search-you-to", peer = m.peer.to_string())
    } else {
        m.peer.to_string()
    };
    let body = excerpt(&m.body, words);
    button(
        column![
            row![
                text(who).font(theme::UI_BOLD).size(14).width(Length::Fill),
                text(super::chats::short_time(m.timestamp))
                    .size(12)
                    .style(text::secondary),
            ]
            .align_y(Alignment::Center),
            text(body).size(14),
        ]
        .spacing(3),
    )
    .width(Length::Fill)
    .padding(10)
    .style(button::text)
    .on_press(Message::Open(m.conversation, m.id))
    .into()
}

/// Up to 160 characters of `body` around the first word searched for, on one line.
pub fn excerpt(body: &str, words: &[String]) -> String {
    let flat: String = body
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    let lower = flat.to_lowercase();
    // Lowercasing can change byte lengths; only use the hit when both strings line up.
    let at = words
        .iter()
        .filter_map(|w| lower.find(w.as_str()))
        .min()
        .filter(|_| lower.len() == flat.len())
        .unwrap_or(0);
    let chars_before = flat[..at].chars().count();
    let start = chars_before.saturating_sub(40);
    let mut out: String = flat.chars().skip(start).take(160).collect();
    if start > 0 {
        out.insert(0, '…');
    }
    if flat.chars().count() > start + 160 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_centre_on_the_hit() {
        let long = format!("{} needle {}", "a".repeat(300), "b".repeat(300));
        let e = excerpt(&long, &["needle".into()]);
        assert!(e.starts_with('…') && e.ends_with('…'), "{e}");
        assert!(e.contains("needle"));
        assert_eq!(excerpt("short\nline", &["line".into()]), "short line");
        // Lowercasing that changes lengths must not slice inside a character.
        let odd = "İİİ x";
        assert_eq!(excerpt(odd, &["x".into()]), odd);
    }
}
