//! Returns an error instead of findings.
shipshape_hostile_plugin::guest!(|doc| { Err("hostile guest refuses".into()) });
