//! SASL login (RFC 6120 section 6): our choice of mechanism and the checks the sasl crate
//! leaves to its caller.
//!
//! Order: SCRAM-SHA-256-PLUS, SCRAM-SHA-1-PLUS (tls-exporter, TLS 1.3), SCRAM-SHA-256,
//! SCRAM-SHA-1, and PLAIN only when no SCRAM is offered (TLS is always up by now).

use std::collections::BTreeSet;
use std::str::FromStr;

use futures::SinkExt;
use sasl::client::Mechanism;
use sasl::client::mechanisms::{Plain, Scram};
use sasl::common::scram::{Sha1, Sha256};
use sasl::common::{ChannelBinding, Credentials};
use tokio::io::{AsyncBufRead, AsyncWrite};
use tokio_xmpp::xmlstream::{InitiatingStream, XmppStream, XmppStreamElement};
use xmpp_parsers::sasl::{Auth, DefinedCondition, Mechanism as MechanismName, Nonza, Response};

use super::connect::{ConnectError, next};
use crate::core::{AuthFailure, ConnectionState};

/// Iteration counts below this are refused (security.md).
const MIN_ITERATIONS: u32 = 4096;

fn failed(reason: AuthFailure) -> ConnectError {
    ConnectError::Final(ConnectionState::AuthFailed(reason))
}

fn unverified(why: &str) -> ConnectError {
    failed(AuthFailure::ServerNotVerified(why.to_string()))
}

/// Which mechanism we use for what the server offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    ScramSha256Plus,
    ScramSha1Plus,
    ScramSha256,
    ScramSha1,
    Plain,
}

pub fn choose(offered: &BTreeSet<String>, can_bind: bool) -> Option<Choice> {
    let has = |name: &str| offered.contains(name);
    [
        (
            Choice::ScramSha256Plus,
            can_bind && has("SCRAM-SHA-256-PLUS"),
        ),
        (Choice::ScramSha1Plus, can_bind && has("SCRAM-SHA-1-PLUS")),
        (Choice::ScramSha256, has("SCRAM-SHA-256")),
        (Choice::ScramSha1, has("SCRAM-SHA-1")),
        (Choice::Plain, has("PLAIN")),
    ]
    .into_iter()
    .find(|(_, ok)| *ok)
    .map(|(choice, _)| choice)
}

fn mechanism(
    choice: Choice,
    offered: &BTreeSet<String>,
    username: &str,
    password: &str,
    binding: ChannelBinding,
) -> Box<dyn Mechanism + Send> {
    let offers_plus = offered.iter().any(|m| m.ends_with("-PLUS"));
    let binding = match choice {
        Choice::ScramSha256Plus | Choice::ScramSha1Plus => binding,
        // "y": we could bind but the server did not offer it; a downgrade shows up server-side.
        _ if matches!(binding, ChannelBinding::TlsExporter(_)) && !offers_plus => {
            ChannelBinding::Unsupported
        }
        _ => ChannelBinding::None,
    };
    let creds = Credentials::default()
        .with_username(username)
        .with_password(password)
        .with_channel_binding(binding);
    match choice {
        Choice::ScramSha256Plus | Choice::ScramSha256 => {
            Box::new(Scram::<Sha256>::from_credentials(creds).expect("username and password set"))
        }
        Choice::ScramSha1Plus | Choice::ScramSha1 => {
            Box::new(Scram::<Sha1>::from_credentials(creds).expect("username and password set"))
        }
        Choice::Plain => {
            Box::new(Plain::from_credentials(creds).expect("username and password set"))
        }
    }
}

/// The value of `key=` in a SCRAM message.
fn scram_field<'a>(message: &'a [u8], key: &str) -> Option<&'a str> {
    std::str::from_utf8(message)
        .ok()?
        .split(',')
        .find_map(|part| {
            part.strip_prefix(key)
                .and_then(|rest| rest.strip_prefix('='))
        })
}

/// The server-first message must extend our nonce and ask for enough iterations.
pub fn check_server_first(client_first: &[u8], server_first: &[u8]) -> Result<(), &'static str> {
    let ours = scram_field(client_first, "r").ok_or("no client nonce")?;
    let theirs = scram_field(server_first, "r").ok_or("no server nonce")?;
    if !theirs.starts_with(ours) || theirs.len() <= ours.len() {
        return Err("the server nonce does not extend ours");
    }
    let iterations: u32 = scram_field(server_first, "i")
        .and_then(|i| i.parse().ok())
        .ok_or("no iteration count")?;
    if iterations < MIN_ITERATIONS {
        return Err("iteration count below 4096");
    }
    Ok(())
}

pub async fn authenticate<Io: AsyncBufRead + AsyncWrite + Unpin>(
    mut stream: XmppStream<Io>,
    offered: &BTreeSet<String>,
    username: &str,
    password: &str,
    binding: ChannelBinding,
) -> Result<InitiatingStream<Io>, ConnectError> {
    let can_bind = matches!(binding, ChannelBinding::TlsExporter(_));
    let choice =
        choose(offered, can_bind).ok_or_else(|| failed(AuthFailure::NoAcceptableMechanism))?;
    if choice == Choice::Plain {
        tracing::warn!("the server offers no SCRAM mechanism; using PLAIN over TLS");
    }
    let mut mech = mechanism(choice, offered, username, password, binding);
    let initial = mech.initial();
    let name = MechanismName::from_str(mech.name()).map_err(|e| unverified(&e.to_string()))?;
    let send_error = |e: std::io::Error| {
        ConnectError::Transient(crate::core::DisconnectReason::ConnectionLost(e.to_string()))
    };
    stream
        .send(&XmppStreamElement::Sasl(Nonza::Auth(Auth {
            mechanism: name,
            data: initial.clone(),
        })))
        .await
        .map_err(send_error)?;
    let mut challenges = 0;
    loop {
        match next(&mut stream).await? {
            XmppStreamElement::Sasl(Nonza::Challenge(challenge)) => {
                challenges += 1;
                let is_scram = choice != Choice::Plain;
                if is_scram && challenges == 1 {
                    check_server_first(&initial, &challenge.data).map_err(unverified)?;
                }
                if challenges > 1 {
                    return Err(unverified("unexpected extra challenge"));
                }
                let data = mech
                    .response(&challenge.data)
                    .map_err(|e| unverified(&e.to_string()))?;
                stream
                    .send(&XmppStreamElement::Sasl(Nonza::Response(Response { data })))
                    .await
                    .map_err(send_error)?;
            }
            XmppStreamElement::Sasl(Nonza::Success(success)) => {
                // SCRAM: the server proves it knows the password too.
                if choice != Choice::Plain && challenges != 1 {
                    return Err(unverified("success before the SCRAM exchange finished"));
                }
                mech.success(&success.data)
                    .map_err(|e| unverified(&e.to_string()))?;
                return Ok(stream.initiate_reset());
            }
            XmppStreamElement::Sasl(Nonza::Failure(failure)) => {
                let text = failure.texts.values().next().cloned().unwrap_or_default();
                let reason = match failure.defined_condition {
                    DefinedCondition::NotAuthorized => AuthFailure::NotAuthorized(text),
                    // Temporary conditions are worth another try later.
                    DefinedCondition::TemporaryAuthFailure => {
                        return Err(ConnectError::Transient(
                            crate::core::DisconnectReason::Unreachable(format!(
                                "temporary authentication failure {text}"
                            )),
                        ));
                    }
                    other => {
                        AuthFailure::NotAuthorized(format!("{other:?} {text}").trim().to_string())
                    }
                };
                return Err(failed(reason));
            }
            _ => continue,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offer(names: &[&str]) -> BTreeSet<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn prefers_scram_over_plain_even_without_channel_binding() {
        let offered = offer(&["PLAIN", "SCRAM-SHA-1", "SCRAM-SHA-256"]);
        assert_eq!(choose(&offered, true), Some(Choice::ScramSha256));
        assert_eq!(choose(&offered, false), Some(Choice::ScramSha256));
    }

    #[test]
    fn plus_variants_only_with_channel_binding() {
        let offered = offer(&["SCRAM-SHA-1", "SCRAM-SHA-1-PLUS", "SCRAM-SHA-256-PLUS"]);
        assert_eq!(choose(&offered, true), Some(Choice::ScramSha256Plus));
        assert_eq!(choose(&offered, false), Some(Choice::ScramSha1));
    }

    #[test]
    fn plain_only_when_nothing_else_and_never_unknown() {
        assert_eq!(choose(&offer(&["PLAIN"]), false), Some(Choice::Plain));
        assert_eq!(choose(&offer(&["DIGEST-MD5", "X-OAUTH2"]), true), None);
    }

    #[test]
    fn scram_nonce_must_extend_ours() {
        let client = b"n,,n=user,r=abc123";
        assert!(check_server_first(client, b"r=abc123xyz,s=c2FsdA==,i=4096").is_ok());
        assert!(check_server_first(client, b"r=zzz,s=c2FsdA==,i=4096").is_err());
        assert!(check_server_first(client, b"r=abc123,s=c2FsdA==,i=4096").is_err());
    }

    #[test]
    fn scram_iteration_count_below_4096_is_refused() {
        let client = b"n,,n=user,r=abc";
        assert!(check_server_first(client, b"r=abcdef,s=c2FsdA==,i=4095").is_err());
        assert!(check_server_first(client, b"r=abcdef,s=c2FsdA==").is_err());
    }
}
