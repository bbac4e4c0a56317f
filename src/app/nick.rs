//! Nicknames in rooms as people must see them: two occupants whose names differ only by
//! invisible characters (zero-width, bidi controls, odd spaces) must not look alike.

/// `nick` with every character that draws nothing, reorders text or looks like a plain
/// space written out as `⟨U+XXXX⟩`, and leading or trailing spaces made visible.
pub fn visible(nick: &str) -> String {
    let mut shown = String::with_capacity(nick.len());
    let last = nick.chars().count().saturating_sub(1);
    for (i, c) in nick.chars().enumerate() {
        let edge_space = c == ' ' && (i == 0 || i == last);
        if edge_space || hidden(c) {
            shown.push_str(&format!("⟨U+{:04X}⟩", c as u32));
        } else {
            shown.push(c);
        }
    }
    shown
}

/// Whether `body` names `nick` as a word of its own, whatever the case: "Alice, look" and
/// "@alice" mention Alice; "Alicent" does not.
pub fn mentions(body: &str, nick: &str) -> bool {
    let nick = nick.trim().to_lowercase();
    if nick.is_empty() {
        return false;
    }
    let body = body.to_lowercase();
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    body.match_indices(&nick).any(|(at, _)| {
        let before = body[..at].chars().next_back();
        let after = body[at + nick.len()..].chars().next();
        !word(before) && !word(after)
    })
}

/// `text` with its last word completed to the first nickname (alphabetically, any case)
/// it begins, followed by ", " when it is the whole text (addressing someone) and " "
/// otherwise; None when no nickname fits.
pub fn complete(text: &str, nicks: &[String], own: &str) -> Option<String> {
    let start = text
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = text[start..].to_lowercase();
    if word.is_empty() {
        return None;
    }
    let mut fits: Vec<&String> = nicks
        .iter()
        .filter(|n| n.as_str() != own && n.to_lowercase().starts_with(&word))
        .collect();
    fits.sort_by_key(|n| n.to_lowercase());
    let nick = fits.first()?;
    let after = if start == 0 { ": " } else { " " };
    Some(format!("{}{nick}{after}", &text[..start]))
}

/// Characters that draw nothing or change how the text around them reads.
fn hidden(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{00A0}' | '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}'
            | '\u{17B4}' | '\u{17B5}' | '\u{180E}' | '\u{2000}'..='\u{200F}'
            | '\u{2028}'..='\u{202F}' | '\u{205F}'..='\u{206F}' | '\u{3000}' | '\u{3164}'
            | '\u{FEFF}' | '\u{FFA0}' | '\u{E0000}'..='\u{E007F}')
}

#[cfg(test)]
mod tests {
    use super::visible;

    #[test]
    fn plain_names_stay_as_they_are() {
        for name in [
            "Alice",
            "Zoë",
            "李雷",
            "Anne Marie",
            "🦊 fox",
            "❤\u{FE0F} Kim",
        ] {
            assert_eq!(visible(name), name);
        }
    }

    #[test]
    fn a_mention_is_the_nickname_as_a_word() {
        use super::mentions;
        for body in ["Alice, look", "look @alice", "thanks ALICE!", "alice"] {
            assert!(mentions(body, "Alice"), "{body}");
        }
        for body in ["Alicent is here", "malice", "nobody", ""] {
            assert!(!mentions(body, "Alice"), "{body}");
        }
        assert!(mentions("ping Zoë.", "zoë"));
        assert!(!mentions("anything", " "));
    }

    #[test]
    fn tab_completes_the_last_word_to_a_nickname() {
        use super::complete;
        let nicks: Vec<String> = ["Bob", "bobby", "Alice", "Zoë"].map(String::from).to_vec();
        assert_eq!(complete("bo", &nicks, "Alice").as_deref(), Some("Bob: "));
        assert_eq!(
            complete("thanks zo", &nicks, "Alice").as_deref(),
            Some("thanks Zoë ")
        );
        assert_eq!(complete("hi al", &nicks, "Alice"), None, "not ourselves");
        assert_eq!(complete("hi ", &nicks, "Alice"), None);
        assert_eq!(complete("xy", &nicks, "Alice"), None);
    }

    #[test]
    fn look_alikes_look_different() {
        assert_eq!(visible("Alice\u{200B}"), "Alice⟨U+200B⟩");
        assert_eq!(visible("\u{202E}ecilA"), "⟨U+202E⟩ecilA");
        assert_eq!(visible("Alice "), "Alice⟨U+0020⟩");
        assert_eq!(visible(" Alice"), "⟨U+0020⟩Alice");
        assert_eq!(visible("Ali\u{00A0}ce"), "Ali⟨U+00A0⟩ce");
        assert_eq!(visible("Bob\u{0007}"), "Bob⟨U+0007⟩");
        assert_ne!(visible("Alice"), visible("Alice\u{FEFF}"));
    }
}
