//! The plugin interface versions this host speaks, and the sandbox they run in.
//!
//! Each version is the WIT world `checker` of one `shipshape:plugin` package: `0.1.0`
//! (`wit/0.1.0/shipshape-plugin.wit`, kept unchanged) and `0.2.0` (`wit/shipshape-plugin.wit`,
//! which adds the file kinds of SPEC 2b). The bindings of the two are distinct types, so the
//! linking and the conversions are written once in [`interface_version!`] and stamped out per
//! version; only how core's file kinds map onto each version's `file-kind` differs. A 0.1.0
//! plugin gets the kinds it does not know as `other`.

use std::sync::{Condvar, Mutex};
use std::time::Duration;

use shipshape_core::{Edit, FileKind, Finding, Fix, Severity, TextRange};
use wasmtime::component::{Component, Linker, ResourceTable};
use wasmtime::{Store, StoreLimits, StoreLimitsBuilder, Trap};
use wasmtime_wasi::{WasiCtx, WasiCtxBuilder, WasiCtxView, WasiView};

use super::{PluginApiVersion, PluginRule, MEMORY_LIMIT};

mod bindings_0_1 {
    wasmtime::component::bindgen!({
        path: "../wit/0.1.0/shipshape-plugin.wit",
        world: "checker",
    });
}

mod bindings_0_2 {
    wasmtime::component::bindgen!({
        path: "../wit/shipshape-plugin.wit",
        world: "checker",
    });
}

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

/// The engine: instances from a pool (below), or allocated on demand if the pool cannot be
/// reserved (a capped address space, say).
pub fn engine() -> wasmtime::Result<wasmtime::Engine> {
    let mut config = wasmtime::Config::new();
    config.wasm_component_model(true);
    config.consume_fuel(true);
    config.max_wasm_stack(MAX_WASM_STACK);
    let on_demand = config.clone();
    config.allocation_strategy(wasmtime::InstanceAllocationStrategy::Pooling(pool()));
    wasmtime::Engine::new(&config).or_else(|_| wasmtime::Engine::new(&on_demand))
}

/// Stores alive at once, at most: the pool is sized for this many, each as large as
/// [`store`]'s limits allow, and a caller past it waits for a slot ([`slot`]) instead of failing
/// to instantiate (which would turn into a `plugin-error` finding).
const STORES: u32 = 16;
/// Per store, as [`store`]'s `StoreLimits` allow.
const INSTANCES_PER_STORE: u32 = 64;
const MEMORIES_PER_STORE: u32 = 16;
const TABLES_PER_STORE: u32 = 64;
/// Linear memory reset with `memset` instead of `madvise` when a slot is reused: a plugin that
/// used this much gets its pages back without faulting them in again.
const KEEP_RESIDENT: usize = 16 << 20;

/// Every (file, plugin) pair still gets a fresh instance in a fresh store (nothing carries over
/// between files: docs/security.md); the pool only keeps the slots' address space mapped and
/// their pages resident, and resets a slot's memory to the component's initial image before
/// reuse. On the corpus that took the system time of `--no-builtin --plugin shipshape.wasm` from
/// 150 ms to 75 ms (BENCHMARKS.md).
fn pool() -> wasmtime::PoolingAllocationConfig {
    let mut pool = wasmtime::PoolingAllocationConfig::new();
    pool.total_component_instances(STORES)
        .total_core_instances(STORES * INSTANCES_PER_STORE)
        .total_memories(STORES * MEMORIES_PER_STORE)
        .total_tables(STORES * TABLES_PER_STORE)
        .max_memories_per_module(MEMORIES_PER_STORE)
        .max_tables_per_module(TABLES_PER_STORE)
        .max_memory_size(MEMORY_LIMIT)
        // Room for large plugins (the defaults are 20,000 elements and 1 MiB each): reserved
        // address space, touched only as used.
        .table_elements(1 << 20)
        .max_core_instance_size(16 << 20)
        .max_component_instance_size(16 << 20)
        .linear_memory_keep_resident(KEEP_RESIDENT)
        .table_keep_resident(1 << 20);
    pool
}

/// Permission to hold one store (see [`STORES`]); dropped after the store.
pub struct Slot(());

static FREE_SLOTS: Mutex<u32> = Mutex::new(STORES);
static SLOT_FREED: Condvar = Condvar::new();

/// Wait for a free [`Slot`].
pub fn slot() -> Slot {
    let mut free = FREE_SLOTS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    while *free == 0 {
        free = SLOT_FREED
            .wait(free)
            .unwrap_or_else(|poisoned| poisoned.into_inner());
    }
    *free -= 1;
    Slot(())
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut free = FREE_SLOTS
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        *free += 1;
        SLOT_FREED.notify_one();
    }
}

/// A plugin linked against the interface version it was built for.
pub enum Linked {
    V0_1(v0_1::Plugin),
    V0_2(v0_2::Plugin),
}

impl Linked {
    /// Link a compiled component that speaks `version`.
    pub fn new(
        version: PluginApiVersion,
        engine: &wasmtime::Engine,
        component: &Component,
    ) -> Result<Self, String> {
        let linker = linker(engine)?;
        let instance_pre = linker.instantiate_pre(component).map_err(|error| {
            format!("cannot link it: it needs imports shipshape does not give plugins ({error:#})")
        })?;
        let engine = engine.clone();
        Ok(match version {
            PluginApiVersion::V0_1 => Linked::V0_1(v0_1::Plugin::new(instance_pre, engine)?),
            PluginApiVersion::V0_2 => Linked::V0_2(v0_2::Plugin::new(instance_pre, engine)?),
        })
    }

    pub fn rules(&self) -> Result<Vec<PluginRule>, String> {
        match self {
            Linked::V0_1(plugin) => plugin.rules(),
            Linked::V0_2(plugin) => plugin.rules(),
        }
    }

    pub fn check(
        &self,
        path: &str,
        file_kind: FileKind,
        text: &str,
        config_json: &str,
    ) -> Result<Vec<Finding>, String> {
        match self {
            Linked::V0_1(plugin) => plugin.check(path, file_kind, text, config_json),
            Linked::V0_2(plugin) => plugin.check(path, file_kind, text, config_json),
        }
    }
}

fn linker(engine: &wasmtime::Engine) -> Result<Linker<Host>, String> {
    let mut linker: Linker<Host> = Linker::new(engine);
    wasmtime_wasi::p2::add_to_linker_sync(&mut linker).map_err(|error| format!("{error:#}"))?;
    Ok(linker)
}

/// A fresh store for one call: the empty WASI context, the limits, and `fuel`.
fn store(engine: &wasmtime::Engine, fuel: u64) -> Result<Store<Host>, String> {
    let wasi = WasiCtxBuilder::new()
        .allow_tcp(false)
        .allow_udp(false)
        .allow_ip_name_lookup(false)
        .wall_clock(FrozenWallClock)
        .monotonic_clock(FrozenMonotonicClock)
        .build();
    let limits = StoreLimitsBuilder::new()
        .memory_size(MEMORY_LIMIT)
        .instances(INSTANCES_PER_STORE as usize)
        .tables(TABLES_PER_STORE as usize)
        .memories(MEMORIES_PER_STORE as usize)
        .trap_on_grow_failure(true)
        .build();
    let mut store = Store::new(
        engine,
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

/// The module of one interface version: its `Plugin` (linking, `rules`, `check`) and the
/// conversions between core's types and that version's bindings. `$kind` lists the file kinds the
/// version names (the same identifier in core and in the bindings); any other kind is sent as
/// `other`.
macro_rules! interface_version {
    ($module:ident, $bindings:ident, $package:literal, [$($kind:ident),* $(,)?]) => {
        mod $module {
            use super::$bindings::shipshape::plugin::types as wit;
            use super::$bindings::CheckerPre;
            use super::{describe, slot, store, Host, PluginFinding, PluginFix};
            use crate::{PluginRule, FUEL_BASE, FUEL_PER_BYTE};
            use shipshape_core::{FileKind, Finding, Severity};
            use wasmtime::component::InstancePre;

            pub struct Plugin {
                pre: CheckerPre<Host>,
                engine: wasmtime::Engine,
            }

            impl Plugin {
                pub(super) fn new(
                    instance_pre: InstancePre<Host>,
                    engine: wasmtime::Engine,
                ) -> Result<Self, String> {
                    let pre = CheckerPre::new(instance_pre).map_err(|error| {
                        format!(
                            "it names {} but does not export its `rules` and `check` functions with that version's types; rebuild it against wit/shipshape-plugin.wit: {error:#}",
                            $package
                        )
                    })?;
                    Ok(Self { pre, engine })
                }

                pub fn rules(&self) -> Result<Vec<PluginRule>, String> {
                    // Declared first, dropped last: after the store has returned its instances.
                    let _slot = slot();
                    let mut store = store(&self.engine, FUEL_BASE)?;
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
                            kinds: rule.kinds.into_iter().map(kind_from_wit).collect(),
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
                    let fuel =
                        FUEL_BASE.saturating_add(FUEL_PER_BYTE.saturating_mul(text.len() as u64));
                    let _slot = slot();
                    let mut store = store(&self.engine, fuel)?;
                    let checker = self
                        .pre
                        .instantiate(&mut store)
                        .map_err(|error| describe(&error))?;
                    let document = wit::Document {
                        path: path.to_string(),
                        kind: kind_to_wit(file_kind),
                        text: text.to_string(),
                    };
                    let findings = checker
                        .call_check(&mut store, &document, config_json)
                        .map_err(|error| describe(&error))?
                        .map_err(|message| format!("it returned an error: {message}"))?;
                    Ok(findings.into_iter().map(finding).collect())
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

            fn kind_from_wit(kind: wit::FileKind) -> FileKind {
                match kind {
                    $(wit::FileKind::$kind => FileKind::$kind,)*
                    wit::FileKind::Other => FileKind::Other,
                }
            }

            #[allow(unreachable_patterns)] // a version that names every kind core has
            fn kind_to_wit(kind: FileKind) -> wit::FileKind {
                match kind {
                    $(FileKind::$kind => wit::FileKind::$kind,)*
                    _ => wit::FileKind::Other,
                }
            }

            fn finding(finding: wit::Finding) -> Finding {
                PluginFinding {
                    code: finding.code,
                    name: finding.name,
                    severity: severity(finding.severity),
                    message: finding.message,
                    span: (finding.span.start, finding.span.end),
                    object: finding.object,
                    fixes: finding
                        .fixes
                        .into_iter()
                        .map(|fix| PluginFix {
                            title: fix.title,
                            safe: matches!(fix.applicability, wit::Applicability::Safe),
                            edits: fix
                                .edits
                                .into_iter()
                                .map(|edit| (edit.span.start, edit.span.end, edit.new_text))
                                .collect(),
                        })
                        .collect(),
                }
                .into_core()
            }
        }
    };
}

interface_version!(
    v0_1,
    bindings_0_1,
    "shipshape:plugin@0.1",
    [Dockerfile, Compose, Kubernetes]
);
interface_version!(
    v0_2,
    bindings_0_2,
    "shipshape:plugin@0.2",
    [
        Dockerfile,
        Compose,
        Kubernetes,
        Devcontainer,
        Quadlet,
        Shell,
        Makefile,
        GithubActions,
        GitlabCi,
    ]
);

/// A finding as every interface version returns it, before it becomes core's.
struct PluginFinding {
    code: String,
    name: String,
    severity: Severity,
    message: String,
    span: (u32, u32),
    object: Option<String>,
    fixes: Vec<PluginFix>,
}

struct PluginFix {
    title: String,
    safe: bool,
    edits: Vec<(u32, u32, String)>,
}

impl PluginFinding {
    fn into_core(self) -> Finding {
        let range = |(start, end): (u32, u32)| TextRange::new(start as usize, end as usize);
        Finding {
            code: self.code,
            name: self.name,
            severity: self.severity,
            message: self.message,
            range: range(self.span),
            object: self.object,
            fixes: self
                .fixes
                .into_iter()
                .map(|fix| {
                    let edits = fix
                        .edits
                        .into_iter()
                        .map(|(start, end, text)| Edit::replacement(text, range((start, end))))
                        .collect();
                    if fix.safe {
                        Fix::safe_edits(fix.title, edits)
                    } else {
                        Fix::unsafe_edits(fix.title, edits)
                    }
                })
                .collect(),
            anchor: None,
            redact: None,
            related: Vec::new(),
            text: None,
        }
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
