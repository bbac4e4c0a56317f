//! XEP-0461 Message Replies, with the XEP-0428 fallback quote removed from the body.

use xmpp_parsers::jid::BareJid;
use xmpp_parsers::minidom::Element;

use super::{ns, xml};

/// Longest quote a reply's fallback carries, in characters; the rest is cut with "…".
const QUOTE_CHARS: usize = 300;

/// The message a reply answers: who wrote it, the id they gave it, and its text.
#[derive(Debug, Clone, PartialEq)]
pub struct Quoted {
    pub author: BareJid,
    pub id: String,
    pub body: String,
}

/// A reply as sent: the body with the quote in front for clients without XEP-0461, and the
/// elements that say which part is the quote and what it answers.
pub struct Outgoing {
    pub body: String,
    pub elements: [Element; 2],
}

/// Builds a reply to `quoted` whose own text is `text`.
pub fn outgoing(quoted: &Quoted, text: &str) -> Outgoing {
    let mut excerpt: String = quoted.body.chars().take(QUOTE_CHARS).collect();
    if quoted.body.chars().count() > QUOTE_CHARS {
        excerpt.push('…');
    }
    let mut quote = String::new();
    for line in excerpt.lines() {
        quote.push_str("> ");
        quote.push_str(line);
        quote.push('\n');
    }
    let end = quote.chars().count().to_string();
    let reply = xml::empty(
        "reply",
        ns::REPLY,
        &[("to", quoted.author.as_str()), ("id", &quoted.id)],
    );
    let fallback = xml::attr(xml::build("fallback", ns::FALLBACK), "for", ns::REPLY)
        .append(xml::empty(
            "body",
            ns::FALLBACK,
            &[("start", "0"), ("end", &end)],
        ))
        .build();
    Outgoing {
        body: format!("{quote}{text}"),
        elements: [reply, fallback],
    }
}

/// The id of the message replied to.
pub fn reply_to(message: &Element) -> Option<String> {
    message
        .get_child("reply", ns::REPLY)?
        .attr("id")
        .map(str::to_string)
}

/// The body without the fallback quote of a reply (ranges count Unicode code points).
/// A message element holding only `message`'s reply fallbacks, for `strip_fallback` later
/// (an encrypted reply's body is known only after decryption).
pub fn fallback_only(message: &Element) -> Element {
    let mut only = Element::builder("message", ns::CLIENT).build();
    for f in message
        .children()
        .filter(|c| c.is("fallback", ns::FALLBACK) && c.attr("for") == Some(ns::REPLY))
    {
        only.append_child(f.clone());
    }
    only
}

pub fn strip_fallback(message: &Element, body: &str) -> String {
    let Some(fallback) = message
        .children()
        .find(|c| c.is("fallback", ns::FALLBACK) && c.attr("for") == Some(ns::REPLY))
    else {
        return body.to_string();
    };
    let chars: Vec<char> = body.chars().collect();
    let mut keep = vec![true; chars.len()];
    for range in fallback.children().filter(|c| c.is("body", ns::FALLBACK)) {
        // Absent means the body's start or end (XEP-0428); present but invalid means the
        // range is ignored, never that the whole text goes.
        let bound = |name: &str, default: usize| match range.attr(name) {
            None => Some(default),
            Some(v) => v.parse::<usize>().ok(),
        };
        let (Some(start), Some(end)) = (bound("start", 0), bound("end", chars.len())) else {
            continue;
        };
        for k in keep.iter_mut().take(end.min(chars.len())).skip(start) {
            *k = false;
        }
    }
    chars
        .iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(c, _)| c)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_the_quote() {
        let m: Element = "<message xmlns='jabber:client'><body>&gt; Anna wrote:\n&gt; hi\nhello</body>
            <reply xmlns='urn:xmpp:reply:0' to='anna@example.org' id='m1'/>
            <fallback xmlns='urn:xmpp:fallback:0' for='urn:xmpp:reply:0'><body start='0' end='19'/></fallback></message>".parse().unwrap();
        assert_eq!(reply_to(&m).as_deref(), Some("m1"));
        let body = m.get_child("body", ns::CLIENT).unwrap().text();
        assert_eq!(strip_fallback(&m, &body), "hello");
    }

    #[test]
    fn a_reply_quotes_and_marks_the_quote() {
        let quoted = Quoted {
            author: "anna@example.org".parse().unwrap(),
            id: "m1".into(),
            body: "two\nlines".into(),
        };
        let reply = outgoing(&quoted, "yes");
        assert_eq!(reply.body, "> two\n> lines\nyes");
        let [r, f] = &reply.elements;
        assert_eq!(
            xml::to_string(r),
            "<reply xmlns='urn:xmpp:reply:0' id='m1' to='anna@example.org'/>"
        );
        assert_eq!(
            xml::to_string(f),
            "<fallback xmlns='urn:xmpp:fallback:0' for='urn:xmpp:reply:0'><body end='14' start='0'/></fallback>"
        );
        // What we send, a receiver strips back to our own text.
        let mut m = xml::build("message", ns::CLIENT)
            .append(xml::text("body", ns::CLIENT, &reply.body))
            .build();
        for e in reply.elements {
            m.append_child(e);
        }
        assert_eq!(reply_to(&m).as_deref(), Some("m1"));
        assert_eq!(strip_fallback(&m, &reply.body), "yes");
    }

    #[test]
    fn long_quotes_are_cut() {
        let quoted = Quoted {
            author: "anna@example.org".parse().unwrap(),
            id: "m1".into(),
            body: "é".repeat(1000),
        };
        let reply = outgoing(&quoted, "ok");
        assert_eq!(reply.body.chars().count(), 2 + QUOTE_CHARS + 1 + 1 + 2);
        assert!(reply.body.ends_with("…\nok"));
    }

    #[test]
    fn hostile_ranges_do_not_panic() {
        let m: Element = "<message xmlns='jabber:client'><fallback xmlns='urn:xmpp:fallback:0' for='urn:xmpp:reply:0'><body start='50' end='3'/></fallback></message>".parse().unwrap();
        assert_eq!(strip_fallback(&m, "abc"), "abc");
        let m: Element = "<message xmlns='jabber:client'><fallback xmlns='urn:xmpp:fallback:0' for='urn:xmpp:reply:0'><body start='99999999999999999999' end='-3'/></fallback></message>".parse().unwrap();
        assert_eq!(strip_fallback(&m, "keep me"), "keep me");
    }
}
