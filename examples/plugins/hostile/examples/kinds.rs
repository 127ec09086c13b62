//! Reports the file kind the host sent, as `shipshape:plugin@0.2.0` names it.
shipshape_hostile_plugin::guest!(|doc| {
    Ok(vec![finding(format!("sent as {:?}", doc.kind), 0, 0)])
});
