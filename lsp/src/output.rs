//! The server's stdout: one thread writes whole LSP frames, from two sources.
//!
//! - `tower-lsp-server` writes its responses and requests into a [`FrameWriter`], which cuts the
//!   byte stream into frames at its `Content-Length` headers.
//! - The diagnostics thread writes `textDocument/publishDiagnostics` itself ([`Output::notify`],
//!   [`Output::write_now`]), serialized straight into a frame: no hop to another thread. Going through `Client::publish_diagnostics` would build a
//!   `serde_json::Value` tree of every diagnostic, serialize that, and drop it: on a 2,000-line file
//!   with 85 diagnostics that was a tenth of the server's work per edit (BENCHMARKS.md).
//!
//! Frames never interleave, since each is written whole under one lock; and `tokio::io::stdout`'s
//! hop through the blocking pool for every write goes away. Only notifications for open documents
//! take the direct path: a document is only open after `initialize` has been answered, which is
//! when `tower-lsp-server` itself starts sending notifications.

use std::io::Write;
use std::pin::Pin;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use serde::Serialize;

enum Command {
    Frame(Vec<u8>),
    /// Answer once every frame sent before has been written and flushed.
    Sync(Sender<()>),
}

type Sink = Arc<Mutex<Box<dyn Write + Send>>>;

/// stdout, and the sending end of the thread that writes `tower-lsp-server`'s frames.
#[derive(Clone)]
pub struct Output {
    commands: Sender<Command>,
    sink: Sink,
}

/// Write one whole frame and flush; `false` (and logged) if stdout is gone.
fn write_frame(sink: &Sink, frame: &[u8]) -> bool {
    let mut out = sink.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    match out.write_all(frame).and_then(|()| out.flush()) {
        Ok(()) => true,
        Err(error) => {
            tracing::error!(%error, "writing stdout failed");
            false
        }
    }
}

/// A JSON-RPC notification, as `tower-lsp-server` would write it.
#[derive(Serialize)]
struct Notification<'a, P> {
    jsonrpc: &'static str,
    method: &'a str,
    params: &'a P,
}

/// The frame (header and body) of a notification.
pub fn notification_frame<P: Serialize>(method: &str, params: &P) -> serde_json::Result<Vec<u8>> {
    let body = serde_json::to_vec(&Notification {
        jsonrpc: "2.0",
        method,
        params,
    })?;
    let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    frame.extend_from_slice(&body);
    Ok(frame)
}

impl Output {
    /// Start the writer thread over `out`; returns the handle and the writer for
    /// `tower-lsp-server`.
    pub fn start(out: impl Write + Send + 'static) -> std::io::Result<(Output, FrameWriter)> {
        let (commands, receiver) = mpsc::channel();
        let sink: Sink = Arc::new(Mutex::new(Box::new(out)));
        let thread_sink = sink.clone();
        std::thread::Builder::new()
            .name("shipshape-output".to_string())
            .spawn(move || write_frames(&thread_sink, &receiver))?;
        let output = Output { commands, sink };
        Ok((
            output.clone(),
            FrameWriter {
                output,
                pending: Vec::new(),
            },
        ))
    }

    /// Queue a whole frame for the writer thread; `false` if it has stopped.
    fn send(&self, frame: Vec<u8>) -> bool {
        self.commands.send(Command::Frame(frame)).is_ok()
    }

    /// Write a whole frame now, on the caller's thread (which waits if the client is not
    /// reading); `false` if stdout is gone.
    pub fn write_now(&self, frame: &[u8]) -> bool {
        write_frame(&self.sink, frame)
    }

    /// Write a notification now (serialized here, on the caller's thread).
    pub fn notify<P: Serialize>(&self, method: &str, params: &P) {
        match notification_frame(method, params) {
            Ok(frame) => {
                self.write_now(&frame);
            }
            Err(error) => tracing::error!(%error, method, "cannot serialize a notification"),
        }
    }

    /// Wait (at most `timeout`) until everything queued so far is written: before exiting.
    pub fn sync(&self, timeout: Duration) {
        let (done, wait) = mpsc::channel();
        if self.commands.send(Command::Sync(done)).is_ok() {
            let _ = wait.recv_timeout(timeout);
        }
    }
}

fn write_frames(sink: &Sink, commands: &Receiver<Command>) {
    while let Ok(command) = commands.recv() {
        match command {
            Command::Frame(frame) => {
                if !write_frame(sink, &frame) {
                    return;
                }
            }
            // Everything before it is written: frames are written as they arrive.
            Command::Sync(done) => {
                let _ = done.send(());
            }
        }
    }
}

/// What `tower-lsp-server` writes to: bytes in, whole frames out to the writer thread (so that
/// a client slow to read never blocks the async runtime).
pub struct FrameWriter {
    output: Output,
    pending: Vec<u8>,
}

impl FrameWriter {
    /// Send every complete frame in `pending`.
    fn send_frames(&mut self) -> std::io::Result<()> {
        while let Some(length) = frame_length(&self.pending) {
            if self.pending.len() < length {
                break;
            }
            let rest = self.pending.split_off(length);
            let frame = std::mem::replace(&mut self.pending, rest);
            if !self.output.send(frame) {
                return Err(std::io::ErrorKind::BrokenPipe.into());
            }
        }
        Ok(())
    }
}

/// The length of the frame at the start of `bytes` (header included), once its header is
/// complete. A header without a usable `Content-Length` (never written by `tower-lsp-server`)
/// is passed on as it is.
fn frame_length(bytes: &[u8]) -> Option<usize> {
    let end = bytes.windows(4).position(|w| w == b"\r\n\r\n")? + 4;
    let header = std::str::from_utf8(&bytes[..end]).ok();
    let body = header.and_then(|header| {
        header.lines().find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.trim()
                .eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse::<usize>().ok())
                .flatten()
        })
    });
    Some(end + body.unwrap_or(0))
}

impl tokio::io::AsyncWrite for FrameWriter {
    fn poll_write(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let this = self.get_mut();
        this.pending.extend_from_slice(buf);
        Poll::Ready(this.send_frames().map(|()| buf.len()))
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};
    use tokio::io::AsyncWriteExt;

    #[derive(Clone, Default)]
    struct Shared(Arc<Mutex<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[tokio::test]
    async fn frames_from_both_sources_are_whole_and_in_order() {
        let out = Shared::default();
        let (output, mut writer) = Output::start(out.clone()).unwrap();
        // tower-lsp-server's frame, written in pieces that split the header and the body.
        let body = r#"{"jsonrpc":"2.0","id":1,"result":null}"#;
        let frame = format!("Content-Length: {}\r\n\r\n{body}", body.len());
        let (a, b) = frame.split_at(10);
        let (b, c) = b.split_at(20);
        writer.write_all(a.as_bytes()).await.unwrap();
        writer.write_all(b.as_bytes()).await.unwrap();
        // A notification in between goes out whole, before the unfinished frame.
        output.notify("x/y", &serde_json::json!({"a": "ü"}));
        writer.write_all(c.as_bytes()).await.unwrap();
        output.sync(Duration::from_secs(5));
        let written = String::from_utf8(out.0.lock().unwrap().clone()).unwrap();
        let notification = r#"{"jsonrpc":"2.0","method":"x/y","params":{"a":"ü"}}"#;
        assert_eq!(
            written,
            format!(
                "Content-Length: {}\r\n\r\n{notification}{frame}",
                notification.len()
            )
        );
    }

    #[test]
    fn frame_lengths() {
        assert_eq!(frame_length(b"Content-Length: 2\r\n\r\n{}"), Some(23));
        assert_eq!(frame_length(b"Content-Length: 2\r\n"), None);
        assert_eq!(frame_length(b"X: y\r\n\r\n"), Some(8));
    }
}
