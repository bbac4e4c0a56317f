//! From account settings to an authenticated stream, ready for resource binding.
//!
//! We do this ourselves instead of using tokio-xmpp's `Client`, which picks PLAIN over SCRAM
//! on TLS 1.3, never verifies the SCRAM server signature, cannot pin certificates and retries a
//! wrong password forever (docs/protocol.md). The pieces we reuse are its XML stream layer and
//! its `StanzaStream` (stream management, reconnect queueing).

use std::borrow::Cow;

use std::time::Duration;

use futures::{SinkExt, StreamExt};
use hickory_resolver::TokioResolver;
use sasl::common::ChannelBinding;
use tokio::io::{AsyncBufRead, AsyncWrite, BufStream};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::rustls::ProtocolVersion;
use tokio_rustls::rustls::pki_types::ServerName;
use tokio_xmpp::Stanza;
use tokio_xmpp::stanzastream::Connection;
use tokio_xmpp::xmlstream::{
    ReadError, StreamHeader, Timeouts, XmppStream, XmppStreamElement, initiate_stream,
};
use xmpp_parsers::iq::Iq;
use xmpp_parsers::jid::{FullJid, Jid};
use xmpp_parsers::minidom::Element;
use xmpp_parsers::stanza_error::StanzaError;
use xmpp_parsers::starttls;
use xmpp_parsers::stream_features::StreamFeatures;

use super::guard::Guard;
use super::register as ibr;
use super::sasl as login;
use super::tls;
use crate::core::{Account, AuthFailure, ConnectionState, DisconnectReason, RegisterFailure};
use crate::store::accounts::NewAccount;

/// Why a connection attempt ended.
#[derive(Debug, Clone)]
pub enum ConnectError {
    /// Trying again cannot help until the user changes something.
    Final(ConnectionState),
    /// The network or the server; try again later.
    Transient(DisconnectReason),
}

fn transient(what: impl std::fmt::Display) -> ConnectError {
    ConnectError::Transient(DisconnectReason::Unreachable(what.to_string()))
}

/// One place to try.
#[derive(Debug, Clone, PartialEq)]
pub struct Endpoint {
    pub host: String,
    pub port: u16,
    pub direct_tls: bool,
}

const TCP_TIMEOUT: Duration = Duration::from_secs(15);

/// Where to connect: the configured host, else SRV records for direct TLS (XEP-0368) and
/// STARTTLS ordered by priority (direct TLS first on a tie), else the domain on 5222.
pub async fn endpoints(account: &Account) -> Vec<Endpoint> {
    let s = &account.settings;
    let domain = account.jid.domain().as_str().to_string();
    if let Some(host) = &s.host {
        let port = s.port.unwrap_or(if s.direct_tls { 5223 } else { 5222 });
        return vec![Endpoint {
            host: host.clone(),
            port,
            direct_tls: s.direct_tls,
        }];
    }
    let mut found: Vec<(u16, u16, Endpoint)> = Vec::new();
    if let Ok(Ok(resolver)) = TokioResolver::builder_tokio().map(|b| b.build()) {
        for (service, direct_tls) in [("_xmpps-client._tcp", true), ("_xmpp-client._tcp", false)] {
            let name = format!("{service}.{domain}.");
            if let Ok(Ok(answer)) =
                tokio::time::timeout(Duration::from_secs(5), resolver.srv_lookup(name)).await
            {
                for record in answer.answers() {
                    let hickory_resolver::proto::rr::RData::SRV(srv) = &record.data else {
                        continue;
                    };
                    let host = srv.target.to_utf8().trim_end_matches('.').to_string();
                    // "." as target means the service is decidedly not available.
                    if host.is_empty() {
                        continue;
                    }
                    let tie = if direct_tls { 0 } else { 1 };
                    let endpoint = Endpoint {
                        host,
                        port: srv.port,
                        direct_tls,
                    };
                    found.push((srv.priority, tie, endpoint));
                }
            }
        }
    }
    found.sort_by_key(|(priority, tie, _)| (*priority, *tie));
    let mut list: Vec<Endpoint> = found.into_iter().map(|(_, _, e)| e).collect();
    list.push(Endpoint {
        host: domain,
        port: 5222,
        direct_tls: false,
    });
    list
}

/// A TLS stream to the server, not yet speaking XMPP over TLS.
type Secured = BufStream<Guard<tokio_rustls::client::TlsStream<TcpStream>>>;

/// Connects, secures and authenticates one stream. Nothing but the stream header and
/// `<starttls/>` is ever sent before TLS is up.
pub async fn connect(account: &Account, timeouts: Timeouts) -> Result<Connection, ConnectError> {
    let (io, binding) = secure(account, timeouts).await?;
    authenticate(io, account, binding, timeouts).await
}

/// Creates the account on its server (XEP-0077), over TLS like every login. Nothing is
/// stored: the caller keeps the account once the server said yes.
pub async fn register(new: &NewAccount, timeouts: Timeouts) -> Result<(), RegisterFailure> {
    let account = &Account {
        id: crate::core::AccountId(0),
        jid: new.jid.clone(),
        password: new.password.clone(),
        resource: String::new(),
        settings: new.settings.clone(),
        auth_failed: false,
    };
    let connection = |e: ConnectError| match e {
        ConnectError::Final(state) => RegisterFailure::Connection(state),
        ConnectError::Transient(reason) => {
            RegisterFailure::Connection(ConnectionState::Disconnected(reason))
        }
    };
    let (io, _) = secure(account, timeouts).await.map_err(connection)?;
    let domain = account.jid.domain().as_str();
    let (_, mut stream) = open(io, domain, timeouts).await.map_err(connection)?;
    let to = Jid::from(xmpp_parsers::jid::BareJid::from_parts(
        None,
        account.jid.domain(),
    ));
    let form = match ask(&mut stream, &to, false, ibr::form_request()).await {
        Ok(Ok(Some(query))) => ibr::form(&query),
        Ok(Ok(None)) => None,
        Ok(Err(error)) => return Err(ibr::refusal(&error)),
        Err(e) => return Err(connection(e)),
    };
    let Some(form) = form else {
        return Err(RegisterFailure::NotAllowed(
            "the server did not send a registration form".into(),
        ));
    };
    if !form.other_fields.is_empty() {
        return Err(RegisterFailure::NeedsMore {
            fields: form.other_fields,
            instructions: form.instructions,
            url: form.url,
        });
    }
    let username = account.jid.node().map(|n| n.as_str()).unwrap_or_default();
    let submit = ibr::submit(username, &account.password);
    let answer = ask(&mut stream, &to, true, submit).await;
    let closing = SinkExt::<&XmppStreamElement>::close(&mut stream);
    let _ = tokio::time::timeout(Duration::from_secs(2), closing).await;
    match answer {
        Ok(Ok(_)) => Ok(()),
        Ok(Err(error)) => Err(ibr::refusal(&error)),
        Err(e) => Err(connection(e)),
    }
}

/// One IQ before login, and its answer (bounded in time).
async fn ask(
    stream: &mut XmppStream<Secured>,
    to: &Jid,
    set: bool,
    payload: Element,
) -> Result<Result<Option<Element>, StanzaError>, ConnectError> {
    let id = crate::core::new_stanza_id();
    let (to, from) = (Some(to.clone()), None);
    let iq = if set {
        Iq::Set {
            from,
            to,
            id: id.clone(),
            payload,
        }
    } else {
        Iq::Get {
            from,
            to,
            id: id.clone(),
            payload,
        }
    };
    stream
        .send(&XmppStreamElement::Stanza(Stanza::Iq(iq)))
        .await
        .map_err(transient)?;
    let wait = async {
        loop {
            match next(stream).await? {
                XmppStreamElement::Stanza(Stanza::Iq(Iq::Result {
                    id: got, payload, ..
                })) if got == id => {
                    return Ok(Ok(payload));
                }
                XmppStreamElement::Stanza(Stanza::Iq(Iq::Error { id: got, error, .. }))
                    if got == id =>
                {
                    return Ok(Err(error));
                }
                _ => continue,
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(30), wait)
        .await
        .unwrap_or_else(|_| Err(transient("the server did not answer")))
}

/// TCP, then STARTTLS or direct TLS, with our certificate checks; returns the channel
/// binding for SCRAM-PLUS.
async fn secure(
    account: &Account,
    timeouts: Timeouts,
) -> Result<(Secured, ChannelBinding), ConnectError> {
    let (config, verifier) = tls::client_config(&account.settings).map_err(|e| {
        ConnectError::Final(ConnectionState::Disconnected(
            DisconnectReason::Unreachable(e),
        ))
    })?;
    let connector = TlsConnector::from(config);
    let domain = account.jid.domain().as_str().to_string();
    let server_name =
        ServerName::try_from(domain.clone()).map_err(|e| transient(format!("bad domain: {e}")))?;

    let mut last_error = transient(format!("no address found for {domain}"));
    for endpoint in endpoints(account).await {
        let tcp = match tokio::time::timeout(
            TCP_TIMEOUT,
            TcpStream::connect((endpoint.host.as_str(), endpoint.port)),
        )
        .await
        {
            Ok(Ok(tcp)) => tcp,
            Ok(Err(e)) => {
                last_error = transient(format!("{}:{}: {e}", endpoint.host, endpoint.port));
                continue;
            }
            Err(_) => {
                last_error = transient(format!("{}:{}: timed out", endpoint.host, endpoint.port));
                continue;
            }
        };
        let _ = tcp.set_nodelay(true);
        let tcp = if endpoint.direct_tls {
            tcp
        } else {
            starttls(tcp, &domain, timeouts).await?
        };
        let tls = match connector.connect(server_name.clone(), tcp).await {
            Ok(tls) => tls,
            Err(e) => {
                let seen = verifier.seen.lock().ok().and_then(|s| s.clone());
                return Err(match seen {
                    // The handshake reached the certificate: it is the certificate's fault.
                    Some(sha256) if is_certificate_error(&e) => {
                        ConnectError::Final(ConnectionState::CertificateUntrusted {
                            sha256,
                            reason: e.to_string(),
                        })
                    }
                    _ => transient(format!("TLS: {e}")),
                });
            }
        };
        let binding = {
            let (_, session) = tls.get_ref();
            match session.protocol_version() {
                Some(ProtocolVersion::TLSv1_3) => session
                    .export_keying_material(vec![0u8; 32], b"EXPORTER-Channel-Binding", None)
                    .map(ChannelBinding::TlsExporter)
                    .unwrap_or(ChannelBinding::None),
                _ => ChannelBinding::None,
            }
        };
        return Ok((BufStream::new(Guard::new(tls)), binding));
    }
    Err(last_error)
}

fn is_certificate_error(e: &std::io::Error) -> bool {
    use tokio_rustls::rustls::Error as TlsError;
    match e
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<TlsError>())
    {
        Some(TlsError::InvalidCertificate(_)) | Some(TlsError::General(_)) => true,
        Some(_) => false,
        None => false,
    }
}

fn header(domain: &str) -> StreamHeader<'_> {
    StreamHeader {
        to: Some(Cow::Borrowed(domain)),
        from: None,
        id: None,
    }
}

/// Opens an XMPP stream to `domain` over `io` and reads the server's features.
async fn open<Io: AsyncBufRead + AsyncWrite + Unpin>(
    io: Io,
    domain: &str,
    timeouts: Timeouts,
) -> Result<(StreamFeatures, XmppStream<Io>), ConnectError> {
    let stream = initiate_stream(
        io,
        xmpp_parsers::ns::JABBER_CLIENT,
        header(domain),
        timeouts,
    )
    .await
    .map_err(transient)?;
    stream.recv_features().await.map_err(transient)
}

/// Plain-text stream up to `<proceed/>`. A server without STARTTLS gets nothing more.
async fn starttls(
    tcp: TcpStream,
    domain: &str,
    timeouts: Timeouts,
) -> Result<TcpStream, ConnectError> {
    let (features, mut stream) = open(BufStream::new(Guard::new(tcp)), domain, timeouts).await?;
    if !features.can_starttls() {
        return Err(ConnectError::Final(ConnectionState::NoTls));
    }
    stream
        .send(&XmppStreamElement::Starttls(starttls::Nonza::Request(
            starttls::Request,
        )))
        .await
        .map_err(transient)?;
    loop {
        match next(&mut stream).await? {
            XmppStreamElement::Starttls(starttls::Nonza::Proceed(_)) => break,
            // <failure/> means the server will close the stream: no TLS, no login.
            XmppStreamElement::Starttls(_) => {
                return Err(ConnectError::Final(ConnectionState::NoTls));
            }
            _ => continue,
        }
    }
    Ok(stream.into_inner().into_inner().into_inner())
}

/// The next stream element; soft timeouts are waited through.
pub(super) async fn next<Io: AsyncBufRead + AsyncWrite + Unpin>(
    stream: &mut XmppStream<Io>,
) -> Result<XmppStreamElement, ConnectError> {
    loop {
        match stream
            .next()
            .await
            .map(|v| v.map(|v| v.into_read_error()).and_then(|v| v))
        {
            Some(Ok(element)) => return Ok(element),
            Some(Err(ReadError::SoftTimeout)) => continue,
            Some(Err(ReadError::HardError(e))) => return Err(transient(e)),
            Some(Err(ReadError::ParseError(e))) => return Err(transient(e)),
            Some(Err(ReadError::StreamFooterReceived)) | None => {
                return Err(transient("the server closed the stream"));
            }
        }
    }
}

async fn authenticate<Io>(
    io: Io,
    account: &Account,
    binding: ChannelBinding,
    timeouts: Timeouts,
) -> Result<Connection, ConnectError>
where
    Io: AsyncBufRead + AsyncWrite + Unpin + Send + 'static,
{
    let domain = account.jid.domain().as_str();
    let (features, stream) = open(io, domain, timeouts).await?;
    let username = account.jid.node().map(|n| n.as_str()).unwrap_or_default();
    let stream = login::authenticate(
        stream,
        &features.sasl_mechanisms,
        username,
        &account.password,
        binding,
    )
    .await?;
    let stream = stream
        .send_header(header(domain))
        .await
        .map_err(transient)?;
    let (features, stream): (_, XmppStream<Io>) =
        stream.recv_features().await.map_err(transient)?;
    let identity = FullJid::from_parts(
        account.jid.node(),
        account.jid.domain(),
        &xmpp_parsers::jid::ResourcePart::new(&account.resource).map_err(|e| {
            ConnectError::Final(ConnectionState::AuthFailed(AuthFailure::NotAuthorized(
                e.to_string(),
            )))
        })?,
    );
    Ok(Connection {
        stream: stream.box_stream(),
        features,
        identity: Jid::from(identity),
    })
}
