//! Allocates until memory runs out: the host's memory cap must stop it.
shipshape_hostile_plugin::guest!(|doc| {
    let mut hoard: Vec<Vec<u8>> = Vec::new();
    loop {
        hoard.push(vec![1u8; 16 * 1024 * 1024]);
        std::hint::black_box(&hoard);
    }
});
