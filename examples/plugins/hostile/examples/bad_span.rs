//! Returns a span past the end of the document.
shipshape_hostile_plugin::guest!(|doc| {
    let len = u32::try_from(doc.text.len()).unwrap_or(u32::MAX - 10);
    Ok(vec![finding("past the end".into(), 0, len + 10)])
});
