//! Reports the file kind the host sent, built against `shipshape:plugin@0.1.0`: a plugin written
//! before 0.2.0 added the kinds of SPEC 2b.
shipshape_hostile_plugin::guest!(wit = "../../../wit/0.1.0/shipshape-plugin.wit", |doc| {
    Ok(vec![finding(format!("sent as {:?}", doc.kind), 0, 0)])
});
