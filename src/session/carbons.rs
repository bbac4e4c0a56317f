//! XEP-0280 Message Carbons: copies of our own account's messages from its other devices.
//!
//! A carbon is believed only when our own server wraps it: the wrapper's `from` is our bare
//! JID (CVE-2017-5589 and its siblings in many clients came from skipping this check).

use xmpp_parsers::jid::BareJid;
use xmpp_parsers::minidom::Element;

use super::{ns, xml};

#[derive(Debug, PartialEq)]
pub enum Carbon<'a> {
    /// Not a carbon.
    None,
    /// A message someone sent to another of our devices.
    Received(&'a Element),
    /// A message another of our devices sent.
    Sent(&'a Element),
    /// Looks like a carbon but did not come from our own account.
    Forged,
}

pub fn unwrap<'a>(wrapper: &'a Element, own: &BareJid) -> Carbon<'a> {
    let (sent, inner) = if let Some(c) = wrapper.get_child("received", ns::CARBONS) {
        (false, c)
    } else if let Some(c) = wrapper.get_child("sent", ns::CARBONS) {
        (true, c)
    } else {
        return Carbon::None;
    };
    let from_own = wrapper
        .attr("from")
        .and_then(|f| f.parse::<BareJid>().ok())
        .as_ref()
        == Some(own)
        && !wrapper.attr("from").unwrap_or_default().contains('/');
    if !from_own || wrapper.attr("type") == Some("groupchat") {
        return Carbon::Forged;
    }
    let message = inner
        .get_child("forwarded", ns::FORWARD)
        .and_then(|f| f.get_child("message", ns::CLIENT));
    match message {
        Some(m) if sent => Carbon::Sent(m),
        Some(m) => Carbon::Received(m),
        None => Carbon::Forged,
    }
}

/// `<enable/>`, sent once per fresh session.
pub fn enable() -> Element {
    xml::empty("enable", ns::CARBONS, &[])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn own() -> BareJid {
        "alice@example.org".parse().unwrap()
    }

    const CARBON: &str = "<message xmlns='jabber:client' from='FROM' to='alice@example.org/phone'>
        <received xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>
        <message xmlns='jabber:client' from='bob@example.org/x' to='alice@example.org/laptop' type='chat'>
        <body>hi</body></message></forwarded></received></message>";

    #[test]
    fn carbon_from_own_account_is_unwrapped() {
        let el: Element = CARBON.replace("FROM", "alice@example.org").parse().unwrap();
        match unwrap(&el, &own()) {
            Carbon::Received(m) => assert_eq!(m.attr("from"), Some("bob@example.org/x")),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn carbons_forgery_cve_2017_5589() {
        for from in [
            "bob@example.org",
            "alice@example.org/evil",
            "example.org",
            "alice@evil.example",
        ] {
            let el: Element = CARBON.replace("FROM", from).parse().unwrap();
            assert_eq!(unwrap(&el, &own()), Carbon::Forged, "from {from}");
        }
        let no_from: Element = CARBON.replace("from='FROM' ", "").parse().unwrap();
        assert_eq!(unwrap(&no_from, &own()), Carbon::Forged);
    }

    #[test]
    fn sent_carbon_is_ours() {
        let el: Element = CARBON
            .replace("FROM", "alice@example.org")
            .replace("received", "sent")
            .parse()
            .unwrap();
        assert!(matches!(unwrap(&el, &own()), Carbon::Sent(_)));
    }
}
