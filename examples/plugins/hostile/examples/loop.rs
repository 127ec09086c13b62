//! Never returns: the host's fuel budget must stop it.
shipshape_hostile_plugin::guest!(|doc| {
    let mut n: u64 = 0;
    loop {
        n = std::hint::black_box(n.wrapping_add(1));
    }
});
