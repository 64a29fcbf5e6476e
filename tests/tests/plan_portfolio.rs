//! The key property of the next-level plan: on the quickwin pack's example portfolio,
//! every item below the top level reaches at least the next level once its plan is applied.
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

use matang::{Lang, Pack, input};

#[test]
fn every_plan_on_the_example_portfolio_reaches_the_next_level() {
    let pack = Pack::builtin("smart-city-quickwin").unwrap();
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../rules/smart-city-quickwin/examples/portfolio.csv"
    );
    let records = input::parse_bytes(&std::fs::read(path).unwrap(), path, None).unwrap();
    let mut planned = 0;
    for r in &records {
        let now = pack.assess(r, Lang::Id).unwrap();
        let Some(plan) = pack.next_level_plan(r, Lang::Id).unwrap() else {
            assert!(
                now.next_level.is_none(),
                "{}: no plan below the top",
                r.id()
            );
            continue;
        };
        assert_eq!(plan.level.rank, now.level.rank + 1);
        assert!(plan.reached && plan.complete, "{}: {plan:?}", r.id());
        let after = pack.assess(&plan.apply(r), Lang::Id).unwrap();
        assert!(
            after.level.rank > now.level.rank,
            "{}: plan '{}' leaves it at level {}",
            r.id(),
            plan.text,
            after.level.rank
        );
        planned += 1;
    }
    assert!(planned >= 5, "only {planned} items below the top level");
}
