//! Small helpers for building elements; names are literals, so a bad one is a bug.

use xmpp_parsers::minidom::{Element, ElementBuilder};

pub fn build(name: &str, ns: &str) -> ElementBuilder {
    Element::builder(name, ns)
}

pub fn attr(builder: ElementBuilder, name: &str, value: impl Into<String>) -> ElementBuilder {
    builder.attr(
        name.try_into().expect("attribute names are valid literals"),
        value.into(),
    )
}

/// Sets (or replaces) an attribute of a built element.
pub fn set_attr(element: &mut Element, name: &str, value: impl Into<String>) {
    element.set_attr(
        xmpp_parsers::minidom::rxml::Namespace::NONE,
        name.try_into().expect("attribute names are valid literals"),
        value.into(),
    );
}

/// `<name xmlns=ns attr=value .../>` with the given attributes.
pub fn empty(name: &str, ns: &str, attrs: &[(&str, &str)]) -> Element {
    attrs
        .iter()
        .fold(build(name, ns), |b, (k, v)| attr(b, k, *v))
        .build()
}

/// An element with text content.
pub fn text(name: &str, ns: &str, content: &str) -> Element {
    build(name, ns).append(content.to_string()).build()
}

pub fn to_string(element: &Element) -> String {
    String::from(element)
}
