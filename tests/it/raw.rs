//! A deliberately small raw XMPP client for tests that must send what no real client would:
//! forged carbons, fake archive results, hostile payloads. STARTTLS + PLAIN + bind, then
//! raw strings.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::time::Duration;

use base64::Engine;
use tokio_rustls::rustls::pki_types::{CertificateDer, ServerName, pem::PemObject};
use tokio_rustls::rustls::{
    ClientConfig, ClientConnection, RootCertStore, StreamOwned, crypto::ring,
};

use crate::harness::{PASSWORD, Server};

const HEADER: &str = "<?xml version='1.0'?><stream:stream to='localhost' xmlns='jabber:client' \
    xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>";

pub struct Raw {
    tls: StreamOwned<ClientConnection, TcpStream>,
}

fn read_until(stream: &mut impl Read, marker: &str) -> String {
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    while !String::from_utf8_lossy(&seen).contains(marker) {
        let n = stream.read(&mut buf).expect("read from server");
        assert!(
            n > 0,
            "server closed while waiting for {marker}: {}",
            String::from_utf8_lossy(&seen)
        );
        seen.extend_from_slice(&buf[..n]);
    }
    String::from_utf8_lossy(&seen).into_owned()
}

/// A TLS client configuration that trusts the test CA alone.
pub fn trusting_test_ca(server: &Server) -> ClientConfig {
    let mut roots = RootCertStore::empty();
    for cert in CertificateDer::pem_file_iter(&server.ca_file).unwrap() {
        roots.add(cert.unwrap()).unwrap();
    }
    ClientConfig::builder_with_provider(Arc::new(ring::default_provider()))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth()
}

impl Raw {
    pub fn login(server: &Server, user: &str) -> Raw {
        Raw::login_as(server, user, "raw")
    }

    /// Another device of the same account needs its own resource.
    pub fn login_as(server: &Server, user: &str, resource: &str) -> Raw {
        let mut tcp = TcpStream::connect(("127.0.0.1", server.c2s)).unwrap();
        tcp.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        tcp.write_all(HEADER.as_bytes()).unwrap();
        read_until(&mut tcp, "</stream:features>");
        tcp.write_all(b"<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>")
            .unwrap();
        read_until(&mut tcp, "<proceed");
        let conn = ClientConnection::new(
            Arc::new(trusting_test_ca(server)),
            ServerName::try_from("localhost").unwrap(),
        )
        .unwrap();
        let mut raw = Raw {
            tls: StreamOwned::new(conn, tcp),
        };
        raw.send(HEADER);
        raw.expect("</stream:features>");
        let creds =
            base64::engine::general_purpose::STANDARD.encode(format!("\0{user}\0{PASSWORD}"));
        raw.send(&format!(
            "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>{creds}</auth>"
        ));
        raw.expect("<success");
        raw.send(HEADER);
        raw.expect("</stream:features>");
        raw.send(&format!(
            "<iq type='set' id='bind1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>\
             <resource>{resource}</resource></bind></iq>"
        ));
        raw.expect("</iq>");
        raw
    }

    pub fn send(&mut self, xml: &str) {
        self.tls.write_all(xml.as_bytes()).unwrap();
        self.tls.flush().unwrap();
    }

    pub fn expect(&mut self, marker: &str) -> String {
        read_until(&mut self.tls, marker)
    }

    /// How long a read may wait (10 s from login); a server busy with a big burst needs more.
    #[allow(dead_code)] // benches/catchup.rs fills a large archive
    pub fn set_read_timeout(&mut self, timeout: Duration) {
        self.tls.sock.set_read_timeout(Some(timeout)).unwrap();
    }

    /// Sends a ping and waits for its answer: everything sent before has been processed.
    pub fn barrier(&mut self) {
        self.send("<iq type='get' id='barrier' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>");
        self.expect("barrier");
    }
}
