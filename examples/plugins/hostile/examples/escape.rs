//! Tries to read a file and the environment, and reports what it got (nothing, in the sandbox).
shipshape_hostile_plugin::guest!(|doc| {
    let file = match std::fs::read_to_string("/etc/passwd") {
        Ok(text) => format!("read /etc/passwd: {}", text.len()),
        Err(error) => format!("file denied ({error})"),
    };
    let env = match std::env::var("HOME") {
        Ok(home) => format!("HOME={home}"),
        Err(_) => "env denied".to_string(),
    };
    let vars = std::env::vars().count();
    Ok(vec![finding(
        format!("{file}; {env}; {vars} variables"),
        0,
        0,
    )])
});
