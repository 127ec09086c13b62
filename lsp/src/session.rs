//! The server's state: open documents, configuration, client capabilities, and the latest
//! findings per document version.
//!
//! Locks are `std::sync::Mutex`es held only for short, non-blocking sections and never across an
//! `.await`. Text-sync notifications mutate the state synchronously, before their first `.await`:
//! `tower-lsp-server` starts handler futures in arrival order, so edits apply in order even though
//! it runs up to four handlers concurrently.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use shipshape_core::{Config, FileKind, Finding, LineIndex};
use shipshape_workspace::check::Surroundings;
use tower_lsp_server::ls_types::{ClientCapabilities, Diagnostic, MessageType, Uri};
use tower_lsp_server::Client;

use crate::analysis;
use crate::config_files::ConfigFiles;
use crate::convert::{self, TextLines};
use crate::output::Output;
use crate::plugins::PluginHost;
use crate::settings::Settings;

/// Work for the push-diagnostics thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Job {
    /// Publish the document's diagnostics for its current version.
    Publish(Uri),
    /// The document was closed: publish an empty list.
    Clear(Uri),
}

/// What the client said it can do, read once at `initialize`.
#[derive(Debug, Clone, Default)]
pub struct ClientSupport {
    /// `textDocument/diagnostic`: the client pulls, so the server does not push.
    pub pull_diagnostics: bool,
    /// `workspace/diagnostic/refresh`.
    pub diagnostic_refresh: bool,
    /// Dynamic registration of `workspace/didChangeWatchedFiles`.
    pub watched_files_registration: bool,
    /// `workspace/configuration` requests.
    pub configuration: bool,
    /// `WorkspaceEdit.documentChanges` (versioned edits).
    pub document_changes: bool,
}

impl ClientSupport {
    pub fn from_capabilities(capabilities: &ClientCapabilities) -> Self {
        let text_document = capabilities.text_document.as_ref();
        let workspace = capabilities.workspace.as_ref();
        Self {
            pull_diagnostics: text_document.is_some_and(|td| td.diagnostic.is_some()),
            diagnostic_refresh: workspace
                .and_then(|ws| ws.diagnostics.as_ref())
                .and_then(|d| d.refresh_support)
                .unwrap_or(false),
            watched_files_registration: workspace
                .and_then(|ws| ws.did_change_watched_files.as_ref())
                .and_then(|w| w.dynamic_registration)
                .unwrap_or(false),
            configuration: workspace.and_then(|ws| ws.configuration).unwrap_or(false),
            document_changes: workspace
                .and_then(|ws| ws.workspace_edit.as_ref())
                .and_then(|e| e.document_changes)
                .unwrap_or(false),
        }
    }
}

/// One open document.
#[derive(Debug)]
pub struct OpenDocument {
    pub language_id: String,
    pub version: i32,
    pub text: Arc<String>,
    /// The latest analysis, if it is for `version` and the current configuration.
    pub analysis: Option<Arc<Analysis>>,
    /// The version and configuration generation whose diagnostics were last pushed: nothing to
    /// push again while both stay the same.
    pub published: Option<(i32, u64)>,
}

/// A document's findings for one version and one configuration generation.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub version: i32,
    pub generation: u64,
    pub text: Arc<String>,
    pub index: LineIndex,
    /// `None`: the document is not one shipshape checks.
    pub kind: Option<FileKind>,
    pub path: String,
    /// What was read around the file when it was checked: fixes and ignore actions re-check
    /// with it, as the CLI's `fix` does.
    pub around: Surroundings,
    pub config: Arc<Config>,
    pub findings: Vec<Finding>,
}

impl Analysis {
    pub fn lines(&self) -> TextLines<'_> {
        TextLines::new(&self.text, &self.index)
    }

    pub fn diagnostics(&self, uri: &Uri, locale: shipshape_core::Locale) -> Vec<Diagnostic> {
        self.findings
            .iter()
            .enumerate()
            .map(|(i, finding)| {
                convert::diagnostic(uri, self.lines(), finding, self.version, i, locale)
            })
            .collect()
    }
}

/// A copy of what a check needs, taken under the lock and used outside it.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub uri: Uri,
    pub language_id: String,
    pub version: i32,
    pub text: Arc<String>,
    pub generation: u64,
}

pub struct Session {
    pub client: Client,
    /// stdout, for the diagnostics this server pushes (see [`crate::output`]).
    pub output: Output,
    /// The runtime, for work started from the diagnostics thread.
    pub runtime: tokio::runtime::Handle,
    /// Documents whose diagnostics the push thread should (re)publish.
    jobs: Mutex<std::sync::mpsc::Sender<Job>>,
    documents: Mutex<HashMap<Uri, OpenDocument>>,
    config_files: Mutex<ConfigFiles>,
    settings: Mutex<Settings>,
    /// The editor's display language from `initialize` (`locale`); the setting overrides it.
    client_locale: Mutex<shipshape_core::Locale>,
    support: OnceLock<ClientSupport>,
    /// Bumped whenever configuration or settings change: analyses of older generations are stale.
    generation: AtomicU64,
    /// The plugins `.shipshape.toml` files name, loaded once per process.
    pub plugins: PluginHost,
    pub shutdown_requested: Arc<AtomicBool>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding a lock must not take the server down with it.
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The file-system path of a `file:` URI, or `None`.
pub fn file_path(uri: &Uri) -> Option<PathBuf> {
    let is_file = uri.scheme().as_str().eq_ignore_ascii_case("file");
    if !is_file {
        return None;
    }
    uri.to_file_path().map(|path| path.into_owned())
}

/// The path given to `core` (for kind detection and messages): the file path, or the URI.
pub fn display_path(uri: &Uri) -> String {
    match file_path(uri) {
        Some(path) => path.to_string_lossy().into_owned(),
        None => uri.as_str().to_string(),
    }
}

impl Session {
    /// A session and the receiving end of its push-diagnostics queue (see [`crate::publish`]).
    /// Must be called inside the tokio runtime.
    pub fn new(
        client: Client,
        output: Output,
        shutdown_requested: Arc<AtomicBool>,
    ) -> (Self, std::sync::mpsc::Receiver<Job>) {
        let (jobs, receiver) = std::sync::mpsc::channel();
        let session = Self {
            client,
            output,
            runtime: tokio::runtime::Handle::current(),
            jobs: Mutex::new(jobs),
            documents: Mutex::new(HashMap::new()),
            config_files: Mutex::new(ConfigFiles::default()),
            settings: Mutex::new(Settings::default()),
            client_locale: Mutex::new(shipshape_core::Locale::En),
            support: OnceLock::new(),
            generation: AtomicU64::new(0),
            plugins: PluginHost::default(),
            shutdown_requested,
        };
        (session, receiver)
    }

    /// Queue a document for publishing (push mode only; a no-op when the client pulls).
    pub fn schedule(&self, job: Job) {
        if self.support().pull_diagnostics {
            return;
        }
        if lock(&self.jobs).send(job).is_err() {
            tracing::error!("the diagnostics thread has stopped");
        }
    }

    pub fn set_support(&self, support: ClientSupport) {
        let _ = self.support.set(support);
    }

    pub fn support(&self) -> ClientSupport {
        self.support.get().cloned().unwrap_or_default()
    }

    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    /// Configuration or settings changed: every analysis is stale.
    pub fn invalidate(&self) {
        lock(&self.config_files).clear();
        self.generation.fetch_add(1, Ordering::SeqCst);
        for document in lock(&self.documents).values_mut() {
            document.analysis = None;
        }
    }

    /// The language of diagnostics, code actions and hovers: `shipshape.language`, else the
    /// editor's, else English.
    pub fn locale(&self) -> shipshape_core::Locale {
        let configured = lock(&self.settings).language;
        configured.unwrap_or_else(|| *lock(&self.client_locale))
    }

    /// The editor's display language (`initialize`'s `locale`, e.g. `zh-cn`); English for one
    /// shipshape does not speak.
    pub fn set_client_locale(&self, tag: Option<&str>) {
        let locale = tag
            .and_then(shipshape_core::Locale::parse)
            .unwrap_or_default();
        *lock(&self.client_locale) = locale;
    }

    pub fn settings(&self) -> Settings {
        lock(&self.settings).clone()
    }

    /// Replace the client settings; returns whether they changed.
    pub fn set_settings(&self, settings: Settings) -> bool {
        let mut current = lock(&self.settings);
        if *current == settings {
            return false;
        }
        *current = settings;
        drop(current);
        self.invalidate();
        true
    }

    /// Open a document. Opening one that is open already with the same language and text keeps
    /// its analysis (under the new version): nothing to check again.
    pub fn open(&self, uri: Uri, language_id: String, version: i32, text: String) {
        let mut documents = lock(&self.documents);
        if let Some(document) = documents.get_mut(&uri) {
            if document.language_id == language_id && *document.text == text {
                if document.version != version {
                    document.version = version;
                    document.published = None;
                    document.analysis = document.analysis.take().map(|analysis| {
                        Arc::new(Analysis {
                            version,
                            ..(*analysis).clone()
                        })
                    });
                }
                return;
            }
        }
        documents.insert(
            uri,
            OpenDocument {
                language_id,
                version,
                text: Arc::new(text),
                analysis: None,
                published: None,
            },
        );
    }

    /// Apply content changes; returns `false` if the document is not open.
    pub fn change(
        &self,
        uri: &Uri,
        version: i32,
        changes: impl IntoIterator<Item = (Option<tower_lsp_server::ls_types::Range>, String)>,
    ) -> bool {
        let mut documents = lock(&self.documents);
        let Some(document) = documents.get_mut(uri) else {
            tracing::warn!(
                uri = uri.as_str(),
                "didChange for a document that is not open"
            );
            return false;
        };
        let text = Arc::make_mut(&mut document.text);
        for (range, new_text) in changes {
            convert::apply_change(text, range, &new_text);
        }
        document.version = version;
        document.analysis = None;
        document.published = None;
        true
    }

    /// Replace the whole text (`didSave` with text); returns `false` if the document is not open.
    pub fn replace_text(&self, uri: &Uri, text: String) -> bool {
        let mut documents = lock(&self.documents);
        let Some(document) = documents.get_mut(uri) else {
            return false;
        };
        if *document.text != text {
            document.text = Arc::new(text);
            document.analysis = None;
            document.published = None;
        }
        true
    }

    pub fn close(&self, uri: &Uri) {
        lock(&self.documents).remove(uri);
    }

    pub fn open_uris(&self) -> Vec<Uri> {
        lock(&self.documents).keys().cloned().collect()
    }

    pub fn snapshot(&self, uri: &Uri) -> Option<Snapshot> {
        let documents = lock(&self.documents);
        let document = documents.get(uri)?;
        Some(Snapshot {
            uri: uri.clone(),
            language_id: document.language_id.clone(),
            version: document.version,
            text: document.text.clone(),
            generation: self.generation(),
        })
    }

    /// The current version of an open document.
    pub fn version(&self, uri: &Uri) -> Option<i32> {
        lock(&self.documents)
            .get(uri)
            .map(|document| document.version)
    }

    /// Whether `analysis` is for the document's current text and configuration.
    pub fn is_current(&self, uri: &Uri, version: i32, generation: u64) -> bool {
        self.version(uri) == Some(version) && self.generation() == generation
    }

    /// Whether the document's diagnostics for its current version and configuration have been
    /// pushed already (a save, or an `open` of the same text, changes neither).
    pub fn is_published(&self, uri: &Uri) -> bool {
        let generation = self.generation();
        lock(&self.documents)
            .get(uri)
            .is_some_and(|document| document.published == Some((document.version, generation)))
    }

    /// Whether the diagnostics of `version` and `generation` may be sent: the document has not
    /// changed or been closed meanwhile. Decided under the documents' lock, which every edit
    /// takes, and recorded as sent; the caller then writes them. An edit arriving after this
    /// decision is answered by its own diagnostics, which the client receives after these.
    pub fn claim_publish(&self, uri: &Uri, version: i32, generation: u64) -> bool {
        let mut documents = lock(&self.documents);
        let Some(document) = documents.get_mut(uri) else {
            return false;
        };
        if document.version != version || self.generation() != generation {
            return false;
        }
        document.published = Some((version, generation));
        true
    }

    /// Whether every configuration file among `paths` holds what it held (or is as absent as it
    /// was) when the configuration in use was read: a notification about such files changes
    /// nothing. A file the configuration lookup never looked at counts as changed.
    pub fn configs_unchanged(&self, paths: &[PathBuf]) -> bool {
        lock(&self.config_files).unchanged(paths)
    }

    /// The analysis of the document's current version: cached, or computed now (blocking: call
    /// from a blocking context for large documents).
    pub fn analyze(&self, uri: &Uri) -> Option<Arc<Analysis>> {
        let snapshot = self.snapshot(uri)?;
        {
            let documents = lock(&self.documents);
            if let Some(analysis) = documents.get(uri).and_then(|d| d.analysis.clone()) {
                if analysis.version == snapshot.version
                    && analysis.generation == snapshot.generation
                {
                    return Some(analysis);
                }
            }
        }
        let analysis = Arc::new(self.compute(&snapshot));
        let mut documents = lock(&self.documents);
        if let Some(document) = documents.get_mut(uri) {
            if document.version == snapshot.version && self.generation() == snapshot.generation {
                document.analysis = Some(analysis.clone());
            }
        }
        Some(analysis)
    }

    fn compute(&self, snapshot: &Snapshot) -> Analysis {
        let path = display_path(&snapshot.uri);
        let kind = analysis::kind_for(&snapshot.language_id, &path, &snapshot.text);
        let settings = self.settings();
        let file = file_path(&snapshot.uri);
        let (loaded, problem) = lock(&self.config_files).config_for(file.as_deref());
        if let Some(problem) = problem {
            tracing::warn!(%problem, "configuration file not used");
            let client = self.client.clone();
            let message = format!("shipshape: {problem} (using the default configuration)");
            self.runtime.spawn(async move {
                client.show_message(MessageType::WARNING, message).await;
            });
        }
        // A file the configuration leaves out (`exclude`, or not in `include`) is not checked,
        // as a walk of the project would not check it.
        let kind = kind.filter(|_| !file.as_deref().is_some_and(|file| loaded.skips(file)));
        let for_document = match kind {
            Some(_) if settings.enable => self.plugins.plugins_for(&loaded, &|message: String| {
                let client = self.client.clone();
                self.runtime.spawn(async move {
                    client.show_message(MessageType::WARNING, message).await;
                });
            }),
            _ => crate::plugins::ForDocument::default(),
        };
        let plugins = for_document.plugins;
        let mut effective = (*loaded).clone();
        effective.config = settings.apply(&loaded.config);
        let around = kind
            .map(|kind| analysis::surroundings_of(file.as_deref(), kind, &snapshot.text))
            .unwrap_or_default();
        let mut findings = match kind {
            Some(kind) if settings.enable => {
                analysis::check_document(&path, &around, &snapshot.text, kind, &effective, &plugins)
            }
            _ => Vec::new(),
        };
        // Plugin rule codes count as known (no SS001 for `ignore=<plugin code>`) in the fixes
        // computed from this analysis too.
        let config = Arc::new(crate::plugins::effective_config(
            &effective.config,
            &plugins,
        ));
        if for_document.missing {
            crate::plugins::drop_unknown_code_findings(&mut findings);
        }
        Analysis {
            version: snapshot.version,
            generation: snapshot.generation,
            index: LineIndex::new(&snapshot.text),
            text: snapshot.text.clone(),
            kind: if settings.enable { kind } else { None },
            path,
            around,
            config,
            findings,
        }
    }
}
