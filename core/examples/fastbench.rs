fn main() {
    let names = vec!["a".to_string(), "b".to_string(), "s".to_string()];
    let slots = [
        rhai::Dynamic::from(900_i64),
        rhai::Dynamic::from(4000_i64),
        rhai::Dynamic::from(rhai::ImmutableString::from("live")),
    ];
    let src = std::env::args().nth(1).unwrap_or_default();
    println!(
        "{:?}",
        matang::fast::bench_eval(&src, &names, &slots, 100_000)
    );
}
