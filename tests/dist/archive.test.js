// The release archive as a user gets it (issue 16). `cargo xtask test` builds it with
// `cargo xtask dist --release-archives` and runs this file with SHIPSHAPE_DIST (the release
// folder) and SHIPSHAPE_RELEASE_CLI (the CLI of `cargo build --release`, the reference).
// Each README Install command runs here as written, the downloads served from SHIPSHAPE_DIST.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { fileURLToPath } from "node:url";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const DIST = process.env.SHIPSHAPE_DIST;
const REFERENCE = process.env.SHIPSHAPE_RELEASE_CLI;
if (!DIST || !REFERENCE) {
  throw new Error("run through `cargo xtask test`: SHIPSHAPE_DIST and SHIPSHAPE_RELEASE_CLI are unset");
}
const VERSION = JSON.parse(
  spawnSync("cargo", ["metadata", "--format-version", "1", "--no-deps", "--locked"], { cwd: REPO, encoding: "utf8", maxBuffer: 1 << 26 }).stdout,
).packages.find((p) => p.name === "shipshape").version;
const TARGET = "x86_64-unknown-linux-musl";
const STEM = `shipshape-${VERSION}-${TARGET}`;

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: "utf8", maxBuffer: 1 << 26, ...options });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A bash script, stopping at the first failing command. */
function sh(script, options = {}) {
  return run("bash", ["-euo", "pipefail", "-c", script], options);
}

/** The first ```sh block after `marker` in the README. */
function readmeBlock(marker) {
  const readme = fs.readFileSync(path.join(REPO, "README.md"), "utf8");
  const at = readme.indexOf(marker);
  assert.ok(at >= 0, `README has no ${marker}`);
  const open = readme.indexOf("```sh\n", at);
  const close = readme.indexOf("\n```", open + 6);
  return readme.slice(open + 6, close);
}

const commit = run("git", ["rev-parse", "--short=12", "HEAD"], { cwd: REPO }).stdout.trim();

// The README's archive commands, run in a scratch HOME with the release URL pointing at DIST.
const home = fs.mkdtempSync(path.join(os.tmpdir(), "shipshape-install-"));
const work = path.join(home, "downloads");
fs.mkdirSync(work);
const installBlock = readmeBlock("**Release archive**");
const releaseUrl = "https://github.com/shipshape-dev/shipshape/releases/download/v$version";
assert.ok(installBlock.includes(`base=${releaseUrl}`), installBlock);
const install = sh(installBlock.replace(`base=${releaseUrl}`, `base=file://${DIST}`), {
  cwd: work,
  env: { ...process.env, HOME: home, PATH: `${home}/.local/bin:${process.env.PATH}` },
});
const unpacked = path.join(work, STEM);

test("the README's release-archive commands verify, unpack and install the archive", () => {
  assert.equal(install.code, 0, install.stderr + install.stdout);
  assert.match(install.stdout, new RegExp(`${STEM}\\.tar\\.gz: OK`));
  const version = install.stdout.trim().split("\n").at(-1);
  assert.match(version, new RegExp(`^shipshape ${VERSION.replaceAll(".", "\\.")} \\(commit ${commit}(-modified)?\\)$`));
  for (const file of [
    ".local/bin/shipshape",
    ".local/bin/shipshape-lsp",
    ".local/share/bash-completion/completions/shipshape",
    ".local/share/man/man1/shipshape.1",
    ".local/share/man/man1/shipshape-check.1",
  ]) {
    assert.ok(fs.existsSync(path.join(home, file)), `${file} was not installed`);
  }
});

test("the archive holds the binaries, licence, README, completions and man pages, owned by root", () => {
  const listing = run("tar", ["-tvzf", path.join(DIST, `${STEM}.tar.gz`)]);
  assert.equal(listing.code, 0, listing.stderr);
  const names = listing.stdout.trim().split("\n").map((line) => line.split(/\s+/).at(-1));
  for (const name of ["shipshape", "shipshape-lsp", "LICENSE", "THIRD-PARTY-LICENSES.txt", "README.md", "completions/shipshape.bash", "completions/_shipshape", "completions/shipshape.fish", "completions/shipshape.elv", "completions/_shipshape.ps1", "man/man1/shipshape.1", "man/man1/shipshape-fix.1"]) {
    assert.ok(names.includes(`${STEM}/${name}`), `${name} is not in the archive:\n${names.join("\n")}`);
  }
  assert.ok(listing.stdout.split("\n").filter(Boolean).every((line) => line.includes(" root/root ") || line.includes(" 0/0 ")), listing.stdout);
  assert.match(listing.stdout, /-rwxr-xr-x \S+ +\d+ .* shipshape-[^/]+\/shipshape\n/);
  assert.equal(fs.readFileSync(path.join(unpacked, "LICENSE"), "utf8"), fs.readFileSync(path.join(REPO, "LICENSE"), "utf8"));
  // Every run-time crate of the SBOM has its section in the third-party licences, with its text.
  const notices = fs.readFileSync(path.join(unpacked, "THIRD-PARTY-LICENSES.txt"), "utf8");
  const sbom = JSON.parse(fs.readFileSync(path.join(DIST, `shipshape-${VERSION}.cdx.json`), "utf8"));
  const thirdParty = sbom.components.filter((c) => c.scope === "required" && !c.properties);
  assert.ok(thirdParty.length > 100);
  for (const c of thirdParty) {
    assert.ok(notices.includes(`\n==== ${c.name} ${c.version} (`), `${c.name} ${c.version} has no section`);
  }
  assert.match(notices, /==== wasmtime [\d.]+ \(Apache-2\.0 WITH LLVM-exception\) ====\n-- LICENSE/);
  assert.match(notices, /Permission is hereby granted, free of charge/);
});

test("SHA256SUMS covers the archive, the SBOM and the npm package, and verifies", () => {
  const sums = fs.readFileSync(path.join(DIST, "SHA256SUMS"), "utf8");
  const names = sums.trim().split("\n").map((line) => line.slice(66));
  assert.ok(names.includes(`${STEM}.tar.gz`), sums);
  assert.ok(names.includes(`shipshape-${VERSION}.cdx.json`), sums);
  assert.ok(names.includes(`shipshape-wasm-${VERSION}.tgz`), sums);
  const check = run("sha256sum", ["--check", "--strict", "SHA256SUMS"], { cwd: DIST });
  assert.equal(check.code, 0, check.stdout + check.stderr);
});

test("both binaries are static", () => {
  for (const binary of ["shipshape", "shipshape-lsp"]) {
    const file = run("file", ["--brief", path.join(unpacked, binary)]);
    assert.match(file.stdout, /static(-pie)? linked|statically linked/, file.stdout);
    const ldd = run("ldd", [path.join(unpacked, binary)]);
    assert.match(ldd.stdout + ldd.stderr, /statically linked|not a dynamic executable/);
  }
  const lsp = run(path.join(unpacked, "shipshape-lsp"), ["--version"]);
  assert.equal(lsp.code, 0);
  assert.match(lsp.stdout, new RegExp(`^shipshape-lsp ${VERSION.replaceAll(".", "\\.")} \\(commit ${commit}(-modified)?\\)\\n$`));
});

test("the archive's shipshape finds on examples/bad exactly what the native release CLI finds", () => {
  const args = ["check", "--format", "json", "examples/bad"];
  const fromArchive = run(path.join(unpacked, "shipshape"), args, { cwd: REPO });
  const native = run(REFERENCE, args, { cwd: REPO });
  assert.equal(fromArchive.code, 1, fromArchive.stderr);
  assert.equal(native.code, 1, native.stderr);
  assert.equal(fromArchive.stdout, native.stdout);
  const findings = JSON.parse(fromArchive.stdout).findings.map((f) => [path.basename(f.path), f.code, f.start.line, f.start.column]);
  assert.deepEqual(findings, [
    ["Dockerfile", "SS201", 2, 6], ["Dockerfile", "SS501", 3, 5], ["Dockerfile", "SS501", 4, 5], ["Dockerfile", "SS502", 10, 6],
    ["compose.yaml", "SS101", 2, 3], ["compose.yaml", "SS301", 2, 3], ["compose.yaml", "SS404", 2, 3], ["compose.yaml", "SS601", 2, 3],
    ["compose.yaml", "SS501", 6, 9], ["compose.yaml", "SS501", 9, 7], ["compose.yaml", "SS401", 16, 17], ["compose.yaml", "SS402", 18, 9],
    ["compose.yaml", "SS402", 19, 9], ["compose.yaml", "SS101", 21, 3], ["compose.yaml", "SS404", 21, 3], ["compose.yaml", "SS301", 23, 5],
    ["compose.yaml", "SS302", 23, 5], ["compose.yaml", "SS602", 29, 17],
    ["deployment.yaml", "SS501", 18, 15], ["deployment.yaml", "SS401", 20, 25], ["deployment.yaml", "SS402", 22, 21], ["deployment.yaml", "SS101", 23, 11],
    ["deployment.yaml", "SS404", 23, 11], ["deployment.yaml", "SS301", 27, 15], ["deployment.yaml", "SS302", 27, 15],
    ["kubelet-config.yaml", "SS601", 2, 1],
  ]);
  // The text report a person reads, and its exit code.
  const text = run(path.join(unpacked, "shipshape"), ["check", "--color", "never", "examples/bad"], { cwd: REPO });
  assert.equal(text.code, 1);
  assert.match(text.stdout, /SS201/);
});

test("the bash completion completes subcommands and options", () => {
  const complete = (words) =>
    sh(`source ${JSON.stringify(path.join(unpacked, "completions", "shipshape.bash"))}
COMP_WORDS=(${words.map((w) => JSON.stringify(w)).join(" ")}); COMP_CWORD=${words.length - 1}; COMP_LINE=${JSON.stringify(words.join(" "))}; COMP_POINT=\${#COMP_LINE}
_shipshape shipshape ${JSON.stringify(words.at(-1))} ${JSON.stringify(words.at(-2))}
printf '%s\\n' "\${COMPREPLY[@]}"`);
  const subcommands = complete(["shipshape", "ch"]);
  assert.equal(subcommands.code, 0, subcommands.stderr);
  assert.deepEqual(subcommands.stdout.trim().split("\n"), ["check"]);
  const options = complete(["shipshape", "check", "--form"]);
  assert.deepEqual(options.stdout.trim().split("\n"), ["--format"]);
  const zsh = fs.readFileSync(path.join(unpacked, "completions", "_shipshape"), "utf8");
  assert.ok(zsh.startsWith("#compdef shipshape"));
  const fish = fs.readFileSync(path.join(unpacked, "completions", "shipshape.fish"), "utf8");
  assert.match(fish, /complete -c shipshape .*-a "check"/);
});

test("man shows the installed pages", () => {
  const page = run("man", ["--local-file", path.join(unpacked, "man", "man1", "shipshape-check.1")], {
    env: { ...process.env, MANWIDTH: "100", MANPAGER: "cat", PAGER: "cat" },
  });
  assert.equal(page.code, 0, page.stderr);
  assert.match(page.stdout, /shipshape-check/);
  assert.match(page.stdout, /--baseline/);
});

test("both binaries carry their dependency list (cargo auditable, section .dep-v0)", () => {
  for (const binary of ["shipshape", "shipshape-lsp"]) {
    const sections = run("readelf", ["--section-headers", "--wide", path.join(unpacked, binary)]);
    assert.match(sections.stdout, /\s\.dep-v0\s/, binary);
  }
});

test("the SBOM lists the crates compiled into the binaries, checked against the build and the embedded list", () => {
  const sbom = JSON.parse(fs.readFileSync(path.join(DIST, `shipshape-${VERSION}.cdx.json`), "utf8"));
  assert.equal(sbom.bomFormat, "CycloneDX");
  assert.equal(sbom.specVersion, "1.5");
  assert.match(sbom.serialNumber, /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(sbom.metadata.component.name, "shipshape");
  assert.equal(sbom.metadata.component.version, VERSION);
  // Against what the build left behind: every run-time crate of the SBOM was compiled for the
  // release target and profile (an rlib in its deps folder), and the `.dep-v0` list embedded by
  // cargo auditable names them all, plus only crates that were never compiled (cargo metadata's
  // workspace-wide feature unification over-reports; see xtask/src/sbom.rs).
  const deps = path.join(process.env.CARGO_TARGET_DIR ?? path.join(REPO, "target"), TARGET, "dist", "deps");
  const rlibs = new Set(fs.readdirSync(deps).filter((f) => f.endsWith(".rlib")).map((f) => f.replace(/^lib/, "").replace(/-[0-9a-f]+\.rlib$/, "")));
  const compiled = (name) => rlibs.has(name.replaceAll("-", "_"));
  const required = sbom.components.filter((c) => c.scope === "required" && c.type === "library");
  assert.ok(required.length > 100, `${required.length} run-time crates`);
  assert.deepEqual(required.filter((c) => !compiled(c.name)).map((c) => c.name), [], "SBOM crates with no rlib");
  const all = new Set(sbom.components.map((c) => `${c.name}@${c.version}`));
  for (const binary of ["shipshape", "shipshape-lsp"]) {
    const dump = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "dep-v0-")), "dep-v0");
    const objcopy = run("objcopy", [`--dump-section=.dep-v0=${dump}`, path.join(unpacked, binary), `${dump}.elf`]);
    assert.equal(objcopy.code, 0, objcopy.stderr);
    const embedded = JSON.parse(zlib.inflateSync(fs.readFileSync(dump)).toString("utf8")).packages;
    const embeddedRuntime = embedded.filter((p) => (p.kind ?? "runtime") === "runtime" && p.source !== "local");
    const onlyEmbedded = embeddedRuntime.filter((p) => !all.has(`${p.name}@${p.version}`));
    assert.deepEqual(onlyEmbedded.filter((p) => compiled(p.name)).map((p) => p.name), [], `${binary}: compiled crates missing from the SBOM`);
    assert.ok(onlyEmbedded.length < 20, `${binary}: ${onlyEmbedded.map((p) => p.name)}`);
  }
  const wasmtime = sbom.components.find((c) => c.name === "wasmtime");
  assert.equal(wasmtime.purl, `pkg:cargo/wasmtime@${wasmtime.version}`);
  assert.deepEqual(wasmtime.licenses, [{ expression: "Apache-2.0 WITH LLVM-exception" }]);
  const lock = fs.readFileSync(path.join(REPO, "Cargo.lock"), "utf8");
  const checksum = lock.match(new RegExp(`name = "wasmtime"\\nversion = "${wasmtime.version}"\\nsource = "[^"]*"\\nchecksum = "([0-9a-f]{64})"`))[1];
  assert.deepEqual(wasmtime.hashes, [{ alg: "SHA-256", content: checksum }]);
  const refs = new Set(sbom.components.map((c) => c["bom-ref"]));
  for (const dependency of sbom.dependencies) {
    for (const target of dependency.dependsOn) assert.ok(refs.has(target), `${dependency.ref} -> ${target}`);
  }
});

test("the README's cargo install command builds and installs the CLI", () => {
  const block = readmeBlock("**From source**");
  const gitSource = "--git https://github.com/shipshape-dev/shipshape shipshape";
  assert.ok(block.includes(gitSource), block);
  // The same command from this checkout (no network here); CARGO_TARGET_DIR lets it reuse the
  // release build of `cargo build --release -p shipshape`.
  const root = path.join(home, "cargo-root");
  const result = sh(`${block.trim().replace(gitSource, `--path ${JSON.stringify(path.join(REPO, "cli"))}`)} --root ${JSON.stringify(root)}`, { cwd: home });
  assert.equal(result.code, 0, result.stderr);
  const version = run(path.join(root, "bin", "shipshape"), ["--version"]);
  assert.equal(version.stdout, `shipshape ${VERSION}\n`);
});

// No container engine runs here, so the image's run settings are applied to the archive's binary
// (the image's only file) by hand: a private mount namespace with the root remounted read-only,
// user and group 65532, every capability dropped from all sets, no_new_privs, at most 64
// processes (`--pids-limit 64`: prlimit's per-user limit), and an empty environment (scratch).
const canConfine = run("unshare", ["--mount", "--propagation", "private", "true"]).code === 0 && run("setpriv", ["--version"]).code === 0;
test("the binary works under the image's run settings: read-only root, no capabilities, non-root, no new privileges, 64 processes", { skip: canConfine ? false : "unshare --mount needs root (CI runs as root)" }, () => {
  // The image's user must reach the unpacked binary (mkdtemp makes its folder private).
  fs.chmodSync(home, 0o755);
  // `script` in a private mount namespace, after the root is remounted read-only, as user 65532
  // with no capabilities and no_new_privs.
  const confined = (script, options = {}) =>
    run("unshare", ["--mount", "--propagation", "private", "bash", "-c", `mount -o remount,bind,ro / && exec setpriv --reuid 65532 --regid 65532 --clear-groups --inh-caps=-all --bounding-set=-all --no-new-privs ${script}`], options);
  const wrap = (args) => confined(`prlimit --nproc=64 env -i ${JSON.stringify(path.join(unpacked, "shipshape"))} ${args}`, { cwd: REPO });
  const good = wrap("check --color never examples/good");
  assert.equal(good.code, 0, good.stderr);
  assert.match(good.stdout, /^No findings in 4 files\n$/);
  const bad = wrap("check --format json examples/bad");
  assert.equal(bad.code, 1, bad.stderr);
  assert.equal(JSON.parse(bad.stdout).findings.length, 26);
  // The confinement is real: the same wrapper cannot write, and holds no capability.
  const write = confined(`bash -c 'grep -E "^(CapEff|NoNewPrivs)" /proc/self/status; touch ${JSON.stringify(path.join(home, "probe"))}'`);
  assert.match(write.stdout, /CapEff:\s+0{16}\nNoNewPrivs:\s+1/);
  assert.match(write.stderr, /Read-only file system|Permission denied/);
});

const engine = run("docker", ["info"]).code === 0;
test("the container image builds and checks a repository read-only", { skip: engine ? false : "no container engine here: cli/tests/distribution.rs checks the Dockerfile, and its build stage runs the archive's build command (xtask dist tests)" }, () => {
  const tag = `shipshape-test:${commit}`;
  const build = run("docker", ["build", "--build-arg", `SHIPSHAPE_BUILD_COMMIT=${commit}`, "-t", tag, REPO]);
  assert.equal(build.code, 0, build.stderr);
  const check = sh(readmeBlock("**Container image**").replace(/ghcr\.io\/shipshape-dev\/shipshape:\S+/, tag).replace("check /src", "check /src/examples/good"), { cwd: REPO });
  assert.equal(check.code, 0, check.stdout + check.stderr);
});
