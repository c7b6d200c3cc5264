//! The PostgreSQL engine's connection: the URL read the libpq way (its environment variables,
//! `PGPASSWORD`, `~/.pgpass`, `PGSERVICE`, through `pg-client-config`), rapport's own `schema`
//! parameter, TLS on rustls with libpq's `sslmode` meanings, and failures in words.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use postgres::config::Host;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::pem::PemObject as _;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, Error as TlsError, SignatureScheme};

use crate::error::{Error, Result};

/// How long connecting may take before rapport gives up, unless the URL's `connect_timeout`
/// (or `PGCONNECT_TIMEOUT`) says otherwise.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// `connect_timeout=0`, libpq's "no limit".
const NO_LIMIT: Duration = Duration::from_secs(86_400);

/// libpq's `sslmode`, `allow` read as `prefer`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SslMode {
    Disable,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

/// A PostgreSQL gradebook: where it is and how to reach it.
#[derive(Clone, Debug)]
pub struct Server {
    /// What rapport prints for it: the URL without its password.
    pub shown: String,
    /// The PostgreSQL schema that holds the gradebook (`schema=` or `search_path` in
    /// `options`); `None`: the server's default (`public`).
    pub schema: Option<String>,
    config: postgres::Config,
    ssl: SslMode,
    root_cert: Option<PathBuf>,
}

/// Whether `value` names a PostgreSQL gradebook rather than a file.
#[must_use]
pub fn is_url(value: &str) -> bool {
    let lower = value.get(..13).unwrap_or(value).to_ascii_lowercase();
    lower.starts_with("postgres://") || lower.starts_with("postgresql://")
}

/// Whether a URL carries a password (in its user part or as a parameter).
#[must_use]
pub fn has_password(value: &str) -> bool {
    if let Ok(url) = url::Url::parse(value) {
        return url.password().is_some() || url.query_pairs().any(|(key, _)| key == "password");
    }
    // Not a URL: judged by its text (a `user:password@` part, or a `password` parameter).
    let (authority, query) = unparsed(value);
    authority
        .rsplit_once('@')
        .is_some_and(|(user, _)| user.contains(':'))
        || query.is_some_and(|q| q.contains("password"))
}

/// What stands between `://` and the path, and the query, of a URL that does not parse.
fn unparsed(value: &str) -> (&str, Option<&str>) {
    let rest = value.split_once("://").map_or(value, |(_, rest)| rest);
    let (before, query) = match rest.split_once('?') {
        Some((before, query)) => (before, Some(query)),
        None => (rest, None),
    };
    (before.split('/').next().unwrap_or(before), query)
}

/// A URL as rapport prints it: without its password, in the user part or as a parameter.
#[must_use]
pub fn without_password(value: &str) -> String {
    let Ok(url) = url::Url::parse(value) else {
        // Not a URL: its user part and its parameters may hold a password, so neither is shown.
        let scheme = value
            .split_once("://")
            .map_or("postgres", |(scheme, _)| scheme);
        let rest = value.split_once("://").map_or(value, |(_, rest)| rest);
        let rest = rest.split('?').next().unwrap_or(rest);
        let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
        let host = match authority.rsplit_once('@') {
            Some((_, host)) => format!("…@{host}"),
            None => authority.to_owned(),
        };
        let path = if path.is_empty() {
            String::new()
        } else {
            format!("/{path}")
        };
        let query = if value.contains('?') { "?…" } else { "" };
        return format!("{scheme}://{host}{path}{query}");
    };
    let mut shown = url.clone();
    let _ = shown.set_password(None);
    shown.query_pairs_mut().clear();
    for (key, value) in url.query_pairs() {
        if key != "password" {
            shown.query_pairs_mut().append_pair(&key, &value);
        }
    }
    shown.as_str().trim_end_matches('?').to_owned()
}

impl Server {
    /// Reads a `postgres://` or `postgresql://` URL; the message says what is wrong with it.
    pub fn parse(value: &str) -> std::result::Result<Server, String> {
        let mut url = url::Url::parse(value).map_err(|e| format!("not a valid URL: {e}"))?;
        let mut schema = None;
        let mut ssl = None;
        let mut root_cert = None;
        let mut kept = Vec::new();
        for (key, value) in url.query_pairs() {
            match &*key {
                "schema" => schema = Some(value.into_owned()),
                "sslmode" => ssl = Some(ssl_mode(&value)?),
                "sslrootcert" => root_cert = Some(PathBuf::from(&*value)),
                "options" => {
                    if let Some(path) = search_path(&value) {
                        schema = schema.or(Some(path));
                    }
                    kept.push((key.into_owned(), value.into_owned()));
                }
                _ => kept.push((key.into_owned(), value.into_owned())),
            }
        }
        if let Some(schema) = &schema
            && (schema.is_empty() || schema.chars().any(char::is_control))
        {
            return Err("`schema` must name a PostgreSQL schema".to_owned());
        }
        let shown = without_password(value);
        let given_password =
            url.password().is_some() || kept.iter().any(|(key, _)| key == "password");
        // libpq's defaults before `~/.pgpass` is read, so that its lines naming them match.
        if url.port().is_none() && std::env::var_os("PGPORT").is_none() {
            let _ = url.set_port(Some(5432));
        }
        url.query_pairs_mut().clear();
        for (key, value) in &kept {
            url.query_pairs_mut().append_pair(key, value);
        }
        // A space in a parameter is `%20` (tokio-postgres does not read `+` as one).
        let text = match url.as_str().split_once('?') {
            Some((head, query)) => format!("{head}?{}", query.replace('+', "%20")),
            None => url.as_str().to_owned(),
        };
        let mut config = postgres::Config::from(
            pg_client_config::load_config(Some(text.trim_end_matches('?')))
                .map_err(|e| e.to_string())?,
        );
        // `PGPASSWORD` comes before `~/.pgpass`, after a password in the URL (as in libpq).
        if !given_password
            && let Some(password) = std::env::var_os("PGPASSWORD").filter(|p| !p.is_empty())
        {
            config.password(password.as_encoded_bytes());
        }
        if config.get_hosts().is_empty() {
            let socket = PathBuf::from("/var/run/postgresql");
            if socket.is_dir() {
                config.host_path(socket);
            } else {
                config.host("localhost");
            }
        }
        if config.get_user().is_none() {
            // libpq's default: the operating system's user name.
            let user = ["USER", "LOGNAME"]
                .iter()
                .find_map(|name| std::env::var(name).ok().filter(|v| !v.is_empty()));
            config.user(user.as_deref().unwrap_or("postgres"));
        }
        match config.get_connect_timeout() {
            None => {
                config.connect_timeout(CONNECT_TIMEOUT);
            }
            // libpq's 0: no limit (a day, for the socket's own timer; `connect` waits on).
            Some(timeout) if timeout.is_zero() => {
                config.connect_timeout(NO_LIMIT);
            }
            Some(_) => {}
        }
        if config.get_application_name().is_none() {
            config.application_name("rapport");
        }
        let root_cert = root_cert.or_else(|| std::env::var_os("PGSSLROOTCERT").map(PathBuf::from));
        let ssl = ssl_of(ssl, root_cert.as_deref(), &config)?;
        Ok(Server {
            shown,
            schema,
            config,
            ssl,
            root_cert,
        })
    }

    /// `host:port` of the first host, for messages.
    #[must_use]
    pub fn host(&self) -> String {
        let port = self.config.get_ports().first().copied().unwrap_or(5432);
        match self.config.get_hosts().first() {
            Some(Host::Tcp(name)) => format!("{name}:{port}"),
            Some(Host::Unix(path)) => format!("{}:{port}", path.display()),
            None => format!("localhost:{port}"),
        }
    }

    /// Connects, with TLS as `sslmode` asks; a failure in words (exit 3). The whole handshake
    /// (not only the socket's connection) is bounded by the connect timeout: a server that
    /// accepts the connection and never answers is given up on, never waited for.
    pub fn connect(&self) -> Result<postgres::Client> {
        let timeout = self
            .config
            .get_connect_timeout()
            .copied()
            .unwrap_or(CONNECT_TIMEOUT);
        let server = self.clone();
        let (send, receive) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = send.send(server.handshake());
        });
        let answer = if timeout == NO_LIMIT {
            receive
                .recv()
                .map_err(|_| std::sync::mpsc::RecvTimeoutError::Disconnected)
        } else {
            receive.recv_timeout(timeout)
        };
        answer.unwrap_or_else(|why| {
            if why == std::sync::mpsc::RecvTimeoutError::Disconnected {
                return Err(self.unreachable("the connection failed inside rapport"));
            }
            let seconds = timeout.as_secs_f64();
            let unit = if (seconds - 1.0).abs() < f64::EPSILON {
                "second"
            } else {
                "seconds"
            };
            Err(self.unreachable(&format!("no answer within {seconds} {unit}")))
        })
    }

    fn handshake(&self) -> Result<postgres::Client> {
        let connected = if self.ssl == SslMode::Disable {
            self.config.connect(postgres::NoTls)
        } else {
            let mut config = self.config.clone();
            config.ssl_mode(if self.ssl == SslMode::Prefer {
                postgres::config::SslMode::Prefer
            } else {
                postgres::config::SslMode::Require
            });
            let tls = self.tls().map_err(|message| self.unreachable(&message))?;
            config.connect(tokio_postgres_rustls::MakeRustlsConnect::new(tls))
        };
        connected.map_err(|e| self.connect_error(&e))
    }

    fn unreachable(&self, why: &str) -> Error {
        Error::Database {
            path: PathBuf::from(&self.shown),
            message: format!("cannot reach PostgreSQL at {}: {why}", self.host()),
        }
    }

    /// A failure to connect in words, with what to do about it where there is something.
    fn connect_error(&self, error: &postgres::Error) -> Error {
        let user = self.config.get_user().unwrap_or("?");
        if let Some(db) = error.as_db_error() {
            let message = match db.code().code() {
                "28P01" => format!(
                    "password authentication failed for user {user}: set PGPASSWORD or ~/.pgpass"
                ),
                "3D000" => format!(
                    "{}: create it (createdb {}) or name another in the URL",
                    db.message(),
                    self.config.get_dbname().unwrap_or(user)
                ),
                _ => db.message().to_owned(),
            };
            return Error::Database {
                path: PathBuf::from(&self.shown),
                message,
            };
        }
        let source = std::error::Error::source(error).map(ToString::to_string);
        let text = format!("{error}: {}", source.as_deref().unwrap_or_default());
        let why = if text.contains("password missing") {
            return Error::Database {
                path: PathBuf::from(&self.shown),
                message: format!(
                    "the server asks a password for user {user}: set PGPASSWORD or ~/.pgpass"
                ),
            };
        } else if text.contains("bytes remaining on stream") || text.contains("unexpected message")
        {
            "what answers there does not speak PostgreSQL's protocol".to_owned()
        } else {
            plain(source.as_deref().unwrap_or(&error.to_string()))
        };
        self.unreachable(&why)
    }

    /// The rustls configuration for `sslmode`: `verify-full` checks the certificate chain and
    /// the host name; `verify-ca` the chain only; `require` and `prefer` only that the server
    /// holds the key of the certificate it shows (libpq's meanings), but as `verify-ca` when a
    /// root certificate is given (`sslrootcert`, or `~/.postgresql/root.crt`), as libpq does.
    fn tls(&self) -> std::result::Result<rustls::ClientConfig, String> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let home_root = std::env::var_os("HOME")
            .map(|home| PathBuf::from(home).join(".postgresql/root.crt"))
            .filter(|path| path.is_file());
        let root = self.root_cert.clone().or(home_root);
        let mut roots = rustls::RootCertStore::empty();
        let verify = match (self.ssl, &root) {
            (SslMode::VerifyFull, _) => Verify::Full,
            (SslMode::VerifyCa, _) | (SslMode::Require | SslMode::Prefer, Some(_)) => Verify::Chain,
            _ => Verify::Key,
        };
        if verify != Verify::Key {
            match &root {
                Some(path) if path.as_os_str() != "system" => {
                    for cert in CertificateDer::pem_file_iter(path)
                        .map_err(|e| format!("cannot read sslrootcert {}: {e}", path.display()))?
                    {
                        let cert = cert.map_err(|e| {
                            format!("cannot read sslrootcert {}: {e}", path.display())
                        })?;
                        roots
                            .add(cert)
                            .map_err(|e| format!("sslrootcert {}: {e}", path.display()))?;
                    }
                }
                _ => {
                    for cert in rustls_native_certs::load_native_certs().certs {
                        let _ = roots.add(cert);
                    }
                }
            }
        }
        let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
            .with_safe_default_protocol_versions()
            .map_err(|e| e.to_string())?;
        let config = if verify == Verify::Full {
            builder.with_root_certificates(roots).with_no_client_auth()
        } else {
            let chain = (verify == Verify::Chain)
                .then(|| {
                    rustls::client::WebPkiServerVerifier::builder_with_provider(
                        Arc::new(roots),
                        provider.clone(),
                    )
                    .build()
                })
                .transpose()
                .map_err(|e| e.to_string())?;
            builder
                .dangerous()
                .with_custom_certificate_verifier(Arc::new(Lenient { chain, provider }))
                .with_no_client_auth()
        };
        Ok(config)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Verify {
    /// The server holds the key of its certificate; nothing else is checked.
    Key,
    /// The certificate chains to a trusted root; its names are not checked.
    Chain,
    /// Chain and host name (rustls' own verifier).
    Full,
}

/// The verifier of `sslmode=require` and `verify-ca`.
#[derive(Debug)]
struct Lenient {
    chain: Option<Arc<rustls::client::WebPkiServerVerifier>>,
    provider: Arc<rustls::crypto::CryptoProvider>,
}

impl ServerCertVerifier for Lenient {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> std::result::Result<ServerCertVerified, TlsError> {
        let Some(chain) = &self.chain else {
            return Ok(ServerCertVerified::assertion());
        };
        match chain.verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now) {
            Err(TlsError::InvalidCertificate(
                rustls::CertificateError::NotValidForName
                | rustls::CertificateError::NotValidForNameContext { .. },
            )) => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, TlsError> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, TlsError> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

/// The `sslmode` in force: the URL's, else `PGSSLMODE`, else a service file's (read into
/// `config`), else `prefer`. `sslrootcert=system` trusts every public authority, so, as in libpq,
/// it makes `verify-full` the default and a weaker mode an error.
fn ssl_of(
    given: Option<SslMode>,
    root_cert: Option<&std::path::Path>,
    config: &postgres::Config,
) -> std::result::Result<SslMode, String> {
    let system = root_cert.is_some_and(|p| p.as_os_str() == "system");
    let ssl = match given {
        Some(mode) => mode,
        None => match std::env::var("PGSSLMODE") {
            Ok(mode) => ssl_mode(&mode)?,
            Err(_) if system => SslMode::VerifyFull,
            Err(_) => match config.get_ssl_mode() {
                postgres::config::SslMode::Disable => SslMode::Disable,
                postgres::config::SslMode::Require => SslMode::Require,
                _ => SslMode::Prefer,
            },
        },
    };
    if system && ssl != SslMode::VerifyFull {
        return Err(
            "`sslrootcert=system` needs `sslmode=verify-full` (or no sslmode): any public \
             certificate would do otherwise"
                .to_owned(),
        );
    }
    Ok(ssl)
}

fn ssl_mode(value: &str) -> std::result::Result<SslMode, String> {
    Ok(match value {
        "disable" => SslMode::Disable,
        "allow" | "prefer" => SslMode::Prefer,
        "require" => SslMode::Require,
        "verify-ca" => SslMode::VerifyCa,
        "verify-full" => SslMode::VerifyFull,
        other => {
            return Err(format!(
                "`sslmode={other}` is not one of disable, allow, prefer, require, verify-ca, verify-full"
            ));
        }
    })
}

/// The schema a URL's `options` sets (`-c search_path=academy`, `-csearch_path=academy`).
fn search_path(options: &str) -> Option<String> {
    let at = options.find("search_path=")?;
    let rest = &options[at + "search_path=".len()..];
    let value = rest.split([' ', ',']).next()?;
    Some(value.trim_matches('"').to_owned()).filter(|v| !v.is_empty())
}

/// An operating-system error's words without its code: "connection refused".
fn plain(text: &str) -> String {
    let text = text.split(" (os error").next().unwrap_or(text);
    let mut words = text.to_owned();
    if let Some(first) = words.get_mut(..1) {
        first.make_ascii_lowercase();
    }
    words
}

/// A PostgreSQL error in words: the server's message when it sent one.
#[must_use]
pub fn message(error: &postgres::Error) -> String {
    match error.as_db_error() {
        Some(db) => db.message().to_owned(),
        None => error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_told_from_paths() {
        assert!(is_url("postgres://h/db"));
        assert!(is_url("PostgreSQL://h/db"));
        assert!(!is_url("postgres.db"));
        assert!(!is_url("./postgres://x"));
    }

    #[test]
    fn the_schema_comes_from_its_parameter_or_the_search_path() {
        let server = Server::parse("postgres://u@h:5433/db?schema=academy").unwrap();
        assert_eq!(server.schema.as_deref(), Some("academy"));
        assert_eq!(server.host(), "h:5433");
        let server = Server::parse("postgresql://u@h/db?options=-csearch_path%3Dlab").unwrap();
        assert_eq!(server.schema.as_deref(), Some("lab"));
    }

    #[test]
    fn a_password_is_never_shown() {
        let server = Server::parse("postgres://jo:secret@h/db?sslmode=require").unwrap();
        assert_eq!(server.shown, "postgres://jo@h/db?sslmode=require");
        assert!(has_password("postgres://jo:secret@h/db"));
        assert!(has_password("postgres://jo@h/db?password=x"));
        assert!(!has_password("postgres://jo@h/db"));
    }

    #[test]
    fn a_url_that_does_not_parse_is_shown_without_what_may_be_a_password() {
        assert_eq!(
            without_password("postgres://jo:pw@h:99999/db?password=x"),
            "postgres://…@h:99999/db?…"
        );
        assert_eq!(
            without_password("postgres://h:port/db"),
            "postgres://h:port/db"
        );
        assert!(has_password("postgres://jo:pw@h:port/db"));
        assert!(has_password("postgres://h:port/db?password=x"));
        assert!(!has_password("postgres://jo@h:port/db"));
    }

    #[test]
    fn system_roots_need_the_name_checked() {
        let server = Server::parse("postgres://h/db?sslrootcert=system").unwrap();
        assert_eq!(server.ssl, SslMode::VerifyFull);
        assert_eq!(
            Server::parse("postgres://h/db?sslrootcert=system&sslmode=require").unwrap_err(),
            "`sslrootcert=system` needs `sslmode=verify-full` (or no sslmode): any public certificate would do otherwise"
        );
    }

    #[test]
    fn an_unknown_ssl_mode_is_refused() {
        assert_eq!(
            Server::parse("postgres://h/db?sslmode=always").unwrap_err(),
            "`sslmode=always` is not one of disable, allow, prefer, require, verify-ca, verify-full"
        );
    }
}
