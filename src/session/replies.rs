//! XEP-0461 Message Replies, with the XEP-0428 fallback quote removed from the body.

use xmpp_parsers::minidom::Element;

use super::ns;

/// The id of the message replied to.
pub fn reply_to(message: &Element) -> Option<String> {
    message
        .get_child("reply", ns::REPLY)?
        .attr("id")
        .map(str::to_string)
}

/// The body without the fallback quote of a reply (ranges count Unicode code points).
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
    fn hostile_ranges_do_not_panic() {
        let m: Element = "<message xmlns='jabber:client'><fallback xmlns='urn:xmpp:fallback:0' for='urn:xmpp:reply:0'><body start='50' end='3'/></fallback></message>".parse().unwrap();
        assert_eq!(strip_fallback(&m, "abc"), "abc");
        let m: Element = "<message xmlns='jabber:client'><fallback xmlns='urn:xmpp:fallback:0' for='urn:xmpp:reply:0'><body start='99999999999999999999' end='-3'/></fallback></message>".parse().unwrap();
        assert_eq!(strip_fallback(&m, "keep me"), "keep me");
    }
}
