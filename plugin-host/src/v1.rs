//! Plugin interface version 1: the WIT world `shipshape:plugin@0.1.0`.
//!
//! A component that does not export `rules` and `check` with this world's types fails at link
//! time with "not a shipshape plugin (or a plugin for another version of shipshape)".

use std::time::Duration;

use shipshape_core::{Edit, FileKind, Finding, Fix, Severity, TextRange};
use wasmtime::component::{Component, Linker, ResourceTable};
use wasmtime::{Store, StoreLimits, StoreLimitsBuilder, Trap};
use wasmtime_wasi::{WasiCtx, WasiCtxBuilder, WasiCtxView, WasiView};

use super::{PluginRule, FUEL_BASE, FUEL_PER_BYTE, MEMORY_LIMIT};

mod bindings {
    wasmtime::component::bindgen!({
        path: "../wit/shipshape-plugin.wit",
        world: "checker",
    });
}

use bindings::shipshape::plugin::types as wit;
use bindings::CheckerPre;

/// The wasm stack a plugin may use.
const MAX_WASM_STACK: usize = 1024 * 1024;

/// What a store holds: the (empty) WASI context and the limits.
struct Host {
    wasi: WasiCtx,
    table: ResourceTable,
    limits: StoreLimits,
}

impl WasiView for Host {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.wasi,
            table: &mut self.table,
        }
    }
}

/// Clocks stopped at zero: plugins get no time source.
struct FrozenWallClock;

impl wasmtime_wasi::HostWallClock for FrozenWallClock {
    fn resolution(&self) -> Duration {
        Duration::from_secs(1)
    }
    fn now(&self) -> Duration {
        Duration::ZERO
    }
}

struct FrozenMonotonicClock;

impl wasmtime_wasi::HostMonotonicClock for FrozenMonotonicClock {
    fn resolution(&self) -> u64 {
        1_000_000_000
    }
    fn now(&self) -> u64 {
        0
    }
}

pub fn engine() -> wasmtime::Result<wasmtime::Engine> {
    let mut config = wasmtime::Config::new();
    config.wasm_component_model(true);
    config.consume_fuel(true);
    config.max_wasm_stack(MAX_WASM_STACK);
    wasmtime::Engine::new(&config)
}

pub struct PluginV1 {
    pre: CheckerPre<Host>,
    engine: wasmtime::Engine,
}

impl PluginV1 {
    /// Link a compiled component that speaks this version.
    pub fn new(engine: &wasmtime::Engine, component: &Component) -> Result<Self, String> {
        let mut linker: Linker<Host> = Linker::new(engine);
        wasmtime_wasi::p2::add_to_linker_sync(&mut linker).map_err(|error| format!("{error:#}"))?;
        let instance_pre = linker.instantiate_pre(component).map_err(|error| {
            format!("cannot link it: it needs imports shipshape does not give plugins ({error:#})")
        })?;
        let pre = CheckerPre::new(instance_pre).map_err(|error| {
            format!(
                "it names shipshape:plugin@0.1 but does not export its `rules` and `check` functions; rebuild it against wit/shipshape-plugin.wit: {error:#}"
            )
        })?;
        Ok(Self {
            pre,
            engine: engine.clone(),
        })
    }

    fn store(&self, fuel: u64) -> Result<Store<Host>, String> {
        let wasi = WasiCtxBuilder::new()
            .allow_tcp(false)
            .allow_udp(false)
            .allow_ip_name_lookup(false)
            .wall_clock(FrozenWallClock)
            .monotonic_clock(FrozenMonotonicClock)
            .build();
        let limits = StoreLimitsBuilder::new()
            .memory_size(MEMORY_LIMIT)
            .instances(64)
            .tables(64)
            .memories(16)
            .trap_on_grow_failure(true)
            .build();
        let mut store = Store::new(
            &self.engine,
            Host {
                wasi,
                table: ResourceTable::new(),
                limits,
            },
        );
        store.limiter(|host| &mut host.limits);
        store.set_fuel(fuel).map_err(|error| format!("{error:#}"))?;
        Ok(store)
    }

    pub fn rules(&self) -> Result<Vec<PluginRule>, String> {
        let mut store = self.store(FUEL_BASE)?;
        let checker = self
            .pre
            .instantiate(&mut store)
            .map_err(|error| describe(&error))?;
        let rules = checker
            .call_rules(&mut store)
            .map_err(|error| describe(&error))?;
        Ok(rules
            .into_iter()
            .map(|rule| PluginRule {
                code: rule.code,
                name: rule.name,
                summary: rule.summary,
                severity: severity(rule.default_severity),
                kinds: rule.kinds.into_iter().map(kind).collect(),
                docs_url: rule.docs_url,
            })
            .collect())
    }

    pub fn check(
        &self,
        path: &str,
        file_kind: FileKind,
        text: &str,
        config_json: &str,
    ) -> Result<Vec<Finding>, String> {
        let fuel = FUEL_BASE.saturating_add(FUEL_PER_BYTE.saturating_mul(text.len() as u64));
        let mut store = self.store(fuel)?;
        let checker = self
            .pre
            .instantiate(&mut store)
            .map_err(|error| describe(&error))?;
        let document = wit::Document {
            path: path.to_string(),
            kind: match file_kind {
                FileKind::Dockerfile => wit::FileKind::Dockerfile,
                FileKind::Compose => wit::FileKind::Compose,
                FileKind::Kubernetes => wit::FileKind::Kubernetes,
                // `shipshape:plugin@0.1.0` knows only these kinds; the others (SPEC 2b) reach
                // plugins as `other`, with their path (the built-in component re-detects them).
                _ => wit::FileKind::Other,
            },
            text: text.to_string(),
        };
        let findings = checker
            .call_check(&mut store, &document, config_json)
            .map_err(|error| describe(&error))?
            .map_err(|message| format!("it returned an error: {message}"))?;
        Ok(findings.into_iter().map(finding).collect())
    }
}

fn describe(error: &wasmtime::Error) -> String {
    let limit = MEMORY_LIMIT / (1024 * 1024);
    match error.downcast_ref::<Trap>() {
        Some(Trap::OutOfFuel) => {
            "it ran out of fuel (an endless loop, or too much work for this file)".to_string()
        }
        Some(Trap::StackOverflow) => "its stack overflowed".to_string(),
        Some(Trap::UnreachableCodeReached) => {
            "it crashed (a panic in the plugin, or an `unreachable` instruction)".to_string()
        }
        Some(Trap::AllocationTooLarge) => format!("it ran out of memory (more than {limit} MiB)"),
        Some(trap) => format!("it trapped: {trap}"),
        None if format!("{error:#}").contains("growing memory") => {
            format!("it ran out of memory (more than {limit} MiB)")
        }
        None => format!("{error:#}"),
    }
}

fn severity(severity: wit::Severity) -> Severity {
    match severity {
        wit::Severity::Error => Severity::Error,
        wit::Severity::Warning => Severity::Warning,
        wit::Severity::Info => Severity::Info,
        wit::Severity::Hint => Severity::Hint,
    }
}

fn kind(kind: wit::FileKind) -> FileKind {
    match kind {
        wit::FileKind::Dockerfile => FileKind::Dockerfile,
        wit::FileKind::Compose => FileKind::Compose,
        wit::FileKind::Kubernetes => FileKind::Kubernetes,
        wit::FileKind::Other => FileKind::Other,
    }
}

fn range(span: wit::Span) -> TextRange {
    TextRange::new(span.start as usize, span.end as usize)
}

fn finding(finding: wit::Finding) -> Finding {
    Finding {
        code: finding.code,
        name: finding.name,
        severity: severity(finding.severity),
        message: finding.message,
        range: range(finding.span),
        object: finding.object,
        fixes: finding
            .fixes
            .into_iter()
            .map(|fix| {
                let edits = fix
                    .edits
                    .into_iter()
                    .map(|edit| Edit::replacement(edit.new_text, range(edit.span)))
                    .collect();
                match fix.applicability {
                    wit::Applicability::Safe => Fix::safe_edits(fix.title, edits),
                    wit::Applicability::Unsafe => Fix::unsafe_edits(fix.title, edits),
                }
            })
            .collect(),
        anchor: None,
        redact: None,
    }
}
