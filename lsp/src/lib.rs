//! `shipshape-lsp`: shipshape's checks in any editor, over the Language Server Protocol.
//!
//! A thin adapter (STYLE section 8): documents and configuration in, `shipshape_core::check`,
//! findings out as diagnostics, code actions and hovers. No lint logic lives here.
#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod analysis;
pub mod config_files;
pub mod convert;
mod handlers;
pub mod output;
pub mod plugins;
mod publish;
mod server;
pub mod session;
pub mod settings;
pub mod suppress;
mod transport;

pub use server::serve_stdio;
