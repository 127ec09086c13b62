//! What the plugin cache's integrity check costs: the keyed BLAKE3 MAC over an artifact, at the
//! sizes of the example plugin's and the built-in checks' compiled artifacts
//! (`cargo bench -p shipshape-plugin-host`; figures in BENCHMARKS.md).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use shipshape_plugin_host::cache::CacheDir;

fn verify(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let cache_dir = dir.path().join("cache");
    std::fs::create_dir(&cache_dir).expect("cache dir");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&cache_dir, std::fs::Permissions::from_mode(0o700))
            .expect("chmod");
    }
    let cache = CacheDir::open(&cache_dir, &dir.path().join("key")).expect("cache");
    let mut group = c.benchmark_group("plugin_cache_verify");
    // 0.5 MiB: about the registry example's artifact (431 KB); 5 MiB: about shipshape.wasm's (5.3 MB).
    for size in [512 * 1024, 5 * 1024 * 1024] {
        let artifact: Vec<u8> = (0..size).map(|i| (i * 7 + 3) as u8).collect();
        let tag = cache.sign("key", &artifact);
        group.throughput(Throughput::Bytes(size as u64));
        group.bench_with_input(
            BenchmarkId::from_parameter(size),
            &artifact,
            |b, artifact| b.iter(|| assert!(cache.verify("key", artifact, &tag))),
        );
    }
    group.finish();
}

criterion_group!(benches, verify);
criterion_main!(benches);
