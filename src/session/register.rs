//! XEP-0077 In-Band Registration: creating an account before login, and changing the
//! password after it.

use xmpp_parsers::minidom::Element;
use xmpp_parsers::stanza_error::{DefinedCondition, StanzaError};

use super::{ns, xml};
use crate::core::RegisterFailure;

pub fn form_request() -> Element {
    xml::empty("query", ns::REGISTER, &[])
}

/// What the server wants to know to create an account.
#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    /// Field names besides username and password (an e-mail address, a CAPTCHA...).
    pub other_fields: Vec<String>,
    pub instructions: Option<String>,
    /// A web page for registration (XEP-0066 out of band), when the server prefers that.
    pub url: Option<String>,
}

pub fn form(query: &Element) -> Option<Form> {
    if !query.is("query", ns::REGISTER) {
        return None;
    }
    let plain_fields: Vec<String> = query
        .children()
        .filter(|c| c.ns() == ns::REGISTER)
        .map(|c| c.name().to_string())
        .filter(|n| {
            !matches!(
                n.as_str(),
                "instructions" | "username" | "password" | "registered"
            )
        })
        .collect();
    // A data form replaces the plain fields when present (Prosody sends both, alike).
    let form_fields: Vec<String> = query
        .get_child("x", ns::DATA_FORMS)
        .map(|x| {
            x.children()
                .filter(|f| f.is("field", ns::DATA_FORMS))
                .filter(|f| f.has_child("required", ns::DATA_FORMS))
                .filter_map(|f| f.attr("var").map(str::to_string))
                .filter(|v| !matches!(v.as_str(), "FORM_TYPE" | "username" | "password"))
                .collect()
        })
        .unwrap_or_default();
    let other_fields = if query.has_child("x", ns::DATA_FORMS) {
        form_fields
    } else {
        plain_fields
    };
    Some(Form {
        other_fields,
        instructions: query
            .get_child("instructions", ns::REGISTER)
            .map(|i| i.text().trim().to_string())
            .filter(|t| !t.is_empty()),
        url: query
            .get_child("x", ns::OOB)
            .and_then(|x| x.get_child("url", ns::OOB))
            .map(|u| u.text().trim().to_string()),
    })
}

/// Registration and password change send the same thing.
pub fn submit(username: &str, password: &str) -> Element {
    xml::build("query", ns::REGISTER)
        .append(xml::text("username", ns::REGISTER, username))
        .append(xml::text("password", ns::REGISTER, password))
        .build()
}

/// Why the server said no, in the words the interface needs.
pub fn refusal(error: &StanzaError) -> RegisterFailure {
    let text = error.texts.values().find(|t| !t.is_empty()).cloned();
    match error.defined_condition {
        DefinedCondition::Conflict => RegisterFailure::Taken,
        DefinedCondition::NotAcceptable | DefinedCondition::BadRequest => {
            RegisterFailure::Rejected(
                text.unwrap_or_else(|| "the server refused the name or password".into()),
            )
        }
        DefinedCondition::NotAllowed
        | DefinedCondition::Forbidden
        | DefinedCondition::ServiceUnavailable
        | DefinedCondition::FeatureNotImplemented => {
            RegisterFailure::NotAllowed(text.unwrap_or_else(|| {
                "this server does not allow creating accounts from an app".into()
            }))
        }
        DefinedCondition::ResourceConstraint | DefinedCondition::PolicyViolation => {
            RegisterFailure::Rejected(
                text.unwrap_or_else(|| "the server asks to try again later".into()),
            )
        }
        ref other => RegisterFailure::Rejected(text.unwrap_or_else(|| format!("{other:?}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_plain_form() {
        let q = "<query xmlns='jabber:iq:register'><instructions>Choose a name</instructions><username/><password/></query>".parse().unwrap();
        let f = form(&q).unwrap();
        assert!(f.other_fields.is_empty());
        assert_eq!(f.instructions.as_deref(), Some("Choose a name"));
    }

    #[test]
    fn notices_fields_we_cannot_fill() {
        let q = "<query xmlns='jabber:iq:register'>
            <x xmlns='jabber:x:data' type='form'>
              <field var='FORM_TYPE' type='hidden'><value>jabber:iq:register</value></field>
              <field var='username'><required/></field>
              <field var='password'><required/></field>
              <field var='ocr' label='Enter the text'><required/></field>
              <field var='email'/>
            </x>
            <x xmlns='jabber:x:oob'><url>https://example.org/signup</url></x>
          </query>"
            .parse()
            .unwrap();
        let f = form(&q).unwrap();
        assert_eq!(f.other_fields, vec!["ocr".to_string()]);
        assert_eq!(f.url.as_deref(), Some("https://example.org/signup"));
    }

    #[test]
    fn submits_name_and_password() {
        let s = xml::to_string(&submit("bill", "Calliope"));
        assert_eq!(
            s,
            "<query xmlns='jabber:iq:register'><username>bill</username><password>Calliope</password></query>"
        );
    }

    #[test]
    fn a_conflict_means_taken() {
        let e = StanzaError::new(
            xmpp_parsers::stanza_error::ErrorType::Cancel,
            DefinedCondition::Conflict,
            "en",
            "",
        );
        assert_eq!(refusal(&e), RegisterFailure::Taken);
    }
}
