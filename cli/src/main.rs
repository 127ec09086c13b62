fn main() {
    println!("shipshape {}", env!("CARGO_PKG_VERSION"));
}
