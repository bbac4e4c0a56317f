//! XEP-0184 Message Delivery Receipts.

use xmpp_parsers::minidom::Element;

use super::{ns, xml};

pub fn requested(message: &Element) -> bool {
    message.has_child("request", ns::RECEIPTS)
}

/// The id of the message this receipt confirms.
pub fn received(message: &Element) -> Option<String> {
    message
        .get_child("received", ns::RECEIPTS)?
        .attr("id")
        .map(str::to_string)
}

pub fn request() -> Element {
    xml::empty("request", ns::RECEIPTS, &[])
}

pub fn receipt(id: &str) -> Element {
    xml::empty("received", ns::RECEIPTS, &[("id", id)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_request_and_receipt() {
        let m: Element = "<message xmlns='jabber:client'><body>x</body><request xmlns='urn:xmpp:receipts'/></message>".parse().unwrap();
        assert!(requested(&m));
        let r: Element = "<message xmlns='jabber:client'><received xmlns='urn:xmpp:receipts' id='abc'/></message>".parse().unwrap();
        assert_eq!(received(&r).as_deref(), Some("abc"));
        assert!(!requested(&r));
    }
}
