//! The newest page of conversations the user is likely to open next: the ones left most
//! recently and the first of the list. Opening one of them draws its messages in the frame of
//! the click instead of one frame later, when the store's answer arrives; the store is read
//! again behind it, so a remembered page is only ever shown for a moment.

use super::{ConversationId, Page};

/// How many conversations are remembered.
const CAPACITY: usize = 8;
/// How many of the list's first conversations are read ahead.
pub(super) const PREFETCH: usize = 4;

#[derive(Default)]
pub(super) struct Recent {
    /// Most recently remembered last.
    pages: Vec<(ConversationId, Page)>,
    /// Raised whenever the store changes, so a read ahead that started before is dropped.
    pub generation: u64,
    /// A read ahead is under way.
    pub busy: bool,
}

impl Recent {
    pub fn has(&self, id: ConversationId) -> bool {
        self.pages.iter().any(|(c, _)| *c == id)
    }

    pub fn take(&mut self, id: ConversationId) -> Option<Page> {
        let at = self.pages.iter().position(|(c, _)| *c == id)?;
        Some(self.pages.remove(at).1)
    }

    pub fn put(&mut self, id: ConversationId, page: Page) {
        self.pages.retain(|(c, _)| *c != id);
        self.pages.push((id, page));
        if self.pages.len() > CAPACITY {
            self.pages.remove(0);
        }
    }

    /// The store changed for these conversations (all when empty).
    pub fn forget(&mut self, changed: &[ConversationId]) {
        self.generation += 1;
        if changed.is_empty() {
            self.pages.clear();
        } else {
            self.pages.retain(|(c, _)| !changed.contains(c));
        }
    }

    /// Pages read ahead; dropped when the store changed since the read began.
    pub fn prefetched(&mut self, generation: u64, pages: Vec<(ConversationId, Page)>) {
        self.busy = false;
        if generation != self.generation {
            return;
        }
        for (id, page) in pages {
            if !self.has(id) {
                // Read-ahead pages go in front: a conversation the user left counts more.
                self.pages.insert(0, (id, page));
            }
        }
        self.pages.truncate(CAPACITY);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: i64) -> ConversationId {
        ConversationId(n)
    }

    #[test]
    fn keeps_the_most_recent_and_forgets_what_changed() {
        let mut r = Recent::default();
        for n in 1..=10 {
            r.put(id(n), Page::default());
        }
        assert!(!r.has(id(1)) && !r.has(id(2)) && r.has(id(3)) && r.has(id(10)));
        r.forget(&[id(10)]);
        assert!(!r.has(id(10)) && r.has(id(9)));
        assert!(r.take(id(9)).is_some() && !r.has(id(9)));
        r.forget(&[]);
        assert!(!r.has(id(3)));
    }

    #[test]
    fn a_read_ahead_from_before_a_change_is_dropped() {
        let mut r = Recent::default();
        let before = r.generation;
        r.busy = true;
        r.forget(&[id(1)]);
        r.prefetched(before, vec![(id(1), Page::default())]);
        assert!(!r.has(id(1)) && !r.busy);
        r.prefetched(r.generation, vec![(id(1), Page::default())]);
        assert!(r.has(id(1)));
    }
}
