//! Progress on stderr for long runs (SPEC section 5): only when stderr is a terminal, only once a
//! run has taken longer than [`DELAY`], and erased when the run ends, so that short runs and
//! pipelines never see it.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

/// How long a run goes on before progress is shown.
const DELAY: Duration = Duration::from_millis(700);

/// How often the line is redrawn.
const TICK: Duration = Duration::from_millis(100);

/// A counter of checked files, drawn as `checked 120/961 files` while the run lasts.
pub struct Progress {
    done: Arc<AtomicUsize>,
    stop: Option<mpsc::Sender<()>>,
    painter: Option<JoinHandle<()>>,
}

impl Progress {
    /// Start counting towards `total`; draws only if stderr is a terminal (and `quiet` is off).
    pub fn start(total: usize, quiet: bool) -> Self {
        let done = Arc::new(AtomicUsize::new(0));
        if quiet || total < 2 || !std::io::stderr().is_terminal() {
            return Self {
                done,
                stop: None,
                painter: None,
            };
        }
        let (stop, stopped) = mpsc::channel::<()>();
        let counter = Arc::clone(&done);
        let painter = std::thread::spawn(move || {
            if stopped.recv_timeout(DELAY) != Err(RecvTimeoutError::Timeout) {
                return;
            }
            loop {
                let line = line(counter.load(Ordering::Relaxed), total);
                let mut err = std::io::stderr().lock();
                let _ = write!(err, "\r{line}");
                let _ = err.flush();
                drop(err);
                if stopped.recv_timeout(TICK) != Err(RecvTimeoutError::Timeout) {
                    break;
                }
            }
            // Erase the line: the report follows as if progress had never been shown.
            let _ = write!(std::io::stderr().lock(), "\r\x1b[2K");
        });
        Self {
            done,
            stop: Some(stop),
            painter: Some(painter),
        }
    }

    /// One more file checked.
    pub fn tick(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        // Dropping the sender wakes the painter, which erases its line and ends.
        self.stop.take();
        if let Some(painter) = self.painter.take() {
            let _ = painter.join();
        }
    }
}

/// The progress line for `done` of `total` files.
fn line(done: usize, total: usize) -> String {
    format!("shipshape: checked {}/{total} files", done.min(total))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_counts_files() {
        assert_eq!(line(120, 961), "shipshape: checked 120/961 files");
        assert_eq!(line(1000, 961), "shipshape: checked 961/961 files");
    }

    #[test]
    fn nothing_is_drawn_off_a_terminal() {
        // Test runs capture stderr, so no painter thread starts.
        let progress = Progress::start(1000, false);
        assert!(progress.painter.is_none());
        progress.tick();
        assert_eq!(progress.done.load(Ordering::Relaxed), 1);
    }
}
