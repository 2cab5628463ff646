//! The control socket: a Unix domain socket in the data directory (`control.sock`, mode
//! 0600) that a running bot serves, so that another briefbot process can have done what it
//! cannot do itself while the bot holds the database's lock. Today that is `export`: the
//! bot streams the dump and the asking process checks it and writes the file, with its own
//! permissions and in its own view of the file system.
//!
//! Protocol, version [`PROTOCOL`]: the client sends one JSON line,
//! `{"control":1,"op":"export"}`. The bot answers one JSON line, `{"control":1,"ok":true}`
//! followed by the dump (the very lines `briefbot export` writes to a file) until it closes
//! the connection, or `{"control":1,"ok":false,"error":"…"}`. A request in another version
//! is refused with an error that says which versions the two sides speak.
//!
//! Only the bot's own user (or root) is served: the file mode says so to the kernel, and the
//! peer's credentials are checked on each connection, which also covers the moment between
//! creating the socket and setting its mode.

use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt};
use tokio::net::{UnixListener, UnixStream};

use crate::store::{write_checked_dump, BackupError, BackupSummary, Store};

/// The socket's file name in the data directory.
pub const SOCKET_FILE: &str = "control.sock";
/// The protocol version this build speaks.
pub const PROTOCOL: u64 = 1;
/// A request is one short line; anything longer is not ours.
const MAX_REQUEST: u64 = 4096;
/// How long a client may take to send its request, and a stalled read or write may block.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
const STREAM_TIMEOUT: Duration = Duration::from_secs(120);

/// The socket of the bot running on `data_dir`.
pub fn socket_path(data_dir: &Path) -> PathBuf {
    data_dir.join(SOCKET_FILE)
}

#[derive(Debug, thiserror::Error)]
pub enum ControlError {
    #[error("cannot serve the control socket {path}: {source}")]
    Bind {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path} exists and is not a socket: move it away so the bot can make its control socket there")]
    NotASocket { path: PathBuf },
    #[error("the database is in use by a running briefbot, but nothing answers on its control socket {path} ({source}); a briefbot older than this one has none: stop it, run the command, and start it again")]
    Connect {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: {reason}")]
    Protocol { path: PathBuf, reason: String },
    #[error("the running briefbot refused the request on {path}: {message}")]
    Refused { path: PathBuf, message: String },
    #[error(transparent)]
    Backup(#[from] BackupError),
}

/// What a client may ask.
#[derive(Debug, PartialEq, Eq)]
enum Request {
    Export,
}

/// Reads a request line; the error is what to answer.
fn parse_request(line: &str) -> Result<Request, String> {
    let v: Value = serde_json::from_str(line.trim()).map_err(|_| {
        "the request is not a JSON line such as {\"control\":1,\"op\":\"export\"}".to_string()
    })?;
    match v["control"].as_u64() {
        Some(PROTOCOL) => {}
        Some(other) => {
            return Err(format!(
                "this bot speaks control protocol {PROTOCOL}, the request is version {other}: use the briefbot build the bot runs (in Docker, `docker compose exec briefbot briefbot …` does)"
            ))
        }
        None => return Err("the request has no `control` version".into()),
    }
    match v["op"].as_str() {
        Some("export") => Ok(Request::Export),
        Some(other) => Err(format!("unknown op {other:?}; this bot answers: export")),
        None => Err("the request has no `op`".into()),
    }
}

fn status_line(result: Result<(), &str>) -> String {
    let v = match result {
        Ok(()) => json!({ "control": PROTOCOL, "ok": true }),
        Err(e) => json!({ "control": PROTOCOL, "ok": false, "error": e }),
    };
    format!("{v}\n")
}

/// The bot's side: a bound control socket, served until the bot stops.
pub struct Listener {
    listener: UnixListener,
    path: PathBuf,
    /// The socket file's owner, that is the bot's user: the one peer served besides root.
    owner: u32,
}

impl Listener {
    /// Creates `control.sock` in `data_dir`, readable and writable by its owner only. Call
    /// it with the database open: its lock says no other bot runs here, so a socket file
    /// already there was left by one that crashed, and is replaced. Needs a Tokio runtime.
    pub fn bind(data_dir: &Path) -> Result<Listener, ControlError> {
        let path = socket_path(data_dir);
        let bind_err = |source| ControlError::Bind {
            path: path.clone(),
            source,
        };
        match std::fs::symlink_metadata(&path) {
            Ok(m) if m.file_type().is_socket() => {
                std::fs::remove_file(&path).map_err(bind_err)?;
                tracing::info!(path = %path.display(), "replaced a control socket left by a bot that did not stop cleanly");
            }
            Ok(_) => return Err(ControlError::NotASocket { path }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(bind_err(e)),
        }
        let listener = UnixListener::bind(&path).map_err(bind_err)?;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))
            .map_err(bind_err)?;
        let owner = std::fs::metadata(&path).map_err(bind_err)?.uid();
        Ok(Listener {
            listener,
            path,
            owner,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Answers requests until `stopped` completes, each connection on its own task, then
    /// stops accepting. The socket file is left for [`remove_socket`], after the store's
    /// last flush.
    pub async fn serve(self, store: Store, stopped: impl std::future::Future<Output = ()>) {
        tokio::pin!(stopped);
        tracing::info!(path = %self.path.display(), "control socket ready (briefbot export works while the bot runs)");
        loop {
            let accepted = tokio::select! {
                _ = &mut stopped => return,
                accepted = self.listener.accept() => accepted,
            };
            match accepted {
                Ok((stream, _)) => {
                    let (store, path, owner) = (store.clone(), self.path.clone(), self.owner);
                    tokio::spawn(async move { answer(stream, store, path, owner).await });
                }
                Err(e) => {
                    tracing::warn!(path = %self.path.display(), error = %e, "control socket: accept failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            }
        }
    }
}

/// Removes the socket file of a bot that has stopped; nothing there is fine.
pub fn remove_socket(data_dir: &Path) {
    let path = socket_path(data_dir);
    match std::fs::remove_file(&path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => {
            tracing::warn!(path = %path.display(), error = %e, "could not remove the control socket")
        }
    }
}

/// One connection: the peer's user, one request line, one answer.
async fn answer(stream: UnixStream, store: Store, path: PathBuf, owner: u32) {
    match stream.peer_cred() {
        Ok(cred) if cred.uid() == owner || cred.uid() == 0 => {}
        Ok(cred) => {
            tracing::warn!(path = %path.display(), uid = cred.uid(), "control socket: refused a connection from another user");
            return;
        }
        Err(e) => {
            tracing::warn!(path = %path.display(), error = %e, "control socket: cannot tell who connected");
            return;
        }
    }
    let mut reader = tokio::io::BufReader::new(stream);
    let mut line = String::new();
    let read = tokio::time::timeout(
        REQUEST_TIMEOUT,
        (&mut reader).take(MAX_REQUEST).read_line(&mut line),
    )
    .await;
    let request = match read {
        Ok(Ok(_)) => parse_request(&line),
        Ok(Err(e)) => Err(format!("the request could not be read: {e}")),
        Err(_) => Err("no request line within 10 s".into()),
    };
    let mut stream = reader.into_inner();
    let request = match request {
        Ok(r) => r,
        Err(e) => {
            tracing::warn!(path = %path.display(), error = %e, "control socket: bad request");
            let _ = stream.write_all(status_line(Err(&e)).as_bytes()).await;
            return;
        }
    };
    match request {
        Request::Export => {
            // sled is read on a blocking thread, writing straight into the socket.
            let shown = path.clone();
            let sent = tokio::task::spawn_blocking(move || -> Result<BackupSummary, String> {
                let stream = stream.into_std().map_err(|e| e.to_string())?;
                stream.set_nonblocking(false).map_err(|e| e.to_string())?;
                // A client that stops reading must not hold a thread for ever.
                stream
                    .set_write_timeout(Some(STREAM_TIMEOUT))
                    .map_err(|e| e.to_string())?;
                let mut out = std::io::BufWriter::new(stream);
                out.write_all(status_line(Ok(())).as_bytes())
                    .map_err(|e| e.to_string())?;
                store.export_to(&mut out, &shown).map_err(|e| e.to_string())
            })
            .await;
            match sent {
                Ok(Ok(summary)) => tracing::info!(
                    entries = summary.entries,
                    trees = summary.trees,
                    "export sent over the control socket"
                ),
                Ok(Err(e)) => tracing::warn!(error = %e, "export over the control socket failed"),
                Err(e) => tracing::error!(error = %e, "the export task failed"),
            }
        }
    }
}

/// The client's side of `briefbot export` while a bot runs on `data_dir`: asks it for the
/// dump over its control socket and writes it to `file`, checked and atomically (a dump
/// cut short leaves no file).
pub fn export_from_running(data_dir: &Path, file: &Path) -> Result<BackupSummary, ControlError> {
    let path = socket_path(data_dir);
    let stream =
        std::os::unix::net::UnixStream::connect(&path).map_err(|source| ControlError::Connect {
            path: path.clone(),
            source,
        })?;
    let protocol = |reason: String| ControlError::Protocol {
        path: path.clone(),
        reason,
    };
    stream
        .set_read_timeout(Some(STREAM_TIMEOUT))
        .and_then(|()| stream.set_write_timeout(Some(REQUEST_TIMEOUT)))
        .and_then(|()| {
            (&stream).write_all(
                format!("{}\n", json!({ "control": PROTOCOL, "op": "export" })).as_bytes(),
            )
        })
        .map_err(|e| protocol(format!("sending the request: {e}")))?;
    let mut reader = BufReader::new(stream);
    let mut status = String::new();
    (&mut reader)
        .take(MAX_REQUEST)
        .read_line(&mut status)
        .map_err(|e| protocol(format!("reading the answer: {e}")))?;
    let v: Value = serde_json::from_str(status.trim()).map_err(|_| {
        protocol(format!(
            "the answer is not a briefbot control answer: {:?}",
            status.trim()
        ))
    })?;
    if v["control"].as_u64() != Some(PROTOCOL) {
        return Err(protocol(format!(
            "the bot answers in control protocol {}, this briefbot speaks {PROTOCOL}: use the briefbot build the bot runs",
            v["control"]
        )));
    }
    if v["ok"] != true {
        return Err(ControlError::Refused {
            path,
            message: v["error"].as_str().unwrap_or("no reason given").to_string(),
        });
    }
    Ok(write_checked_dump(reader, file, &path)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_in_another_version_or_unknown_are_refused_saying_why() {
        assert_eq!(
            parse_request("{\"control\":1,\"op\":\"export\"}\n"),
            Ok(Request::Export)
        );
        for (line, why) in [
            (
                "{\"control\":2,\"op\":\"export\"}",
                "speaks control protocol 1",
            ),
            (
                "{\"control\":1,\"op\":\"shutdown\"}",
                "unknown op \"shutdown\"",
            ),
            ("{\"op\":\"export\"}", "no `control` version"),
            ("{\"control\":1}", "no `op`"),
            ("export", "not a JSON line"),
        ] {
            let err = parse_request(line).unwrap_err();
            assert!(err.contains(why), "{line}: {err}");
        }
    }
}
